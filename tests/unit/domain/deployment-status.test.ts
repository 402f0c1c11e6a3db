import { describe, expect, it } from "vitest";
import {
  anyDeploymentChanging,
  deploymentIsChanging,
  deploymentLook,
  deploymentStatus,
} from "../../../domain/openberth/deployment-status";
import { DEPLOYMENT_OWNER_NAMES, DEPLOYMENT_STATUS_LABELS } from "../../../domain/vocabulary";

const ADMIN = "u_admin";
const facts = (over: Partial<Parameters<typeof deploymentStatus>[0]> = {}) => ({
  status: "running",
  ownerId: ADMIN,
  ...over,
});

describe("deploymentStatus: what every page says about a deployment", () => {
  it.each([
    // status, container, online, live, label
    ["running", undefined, true, false, "Live"],
    ["updating", "running", true, true, "Updating"],
    ["updating", undefined, true, true, "Updating"],
    ["building", undefined, false, true, "Getting ready"],
    // A failed update: the previous version still serves, so it is online.
    ["failed", "running", true, false, "Didn't start"],
    // A failed first start: nothing serves.
    ["failed", "exited", false, false, "Didn't start"],
    ["failed", undefined, false, false, "Didn't start"],
    ["something-new", undefined, false, false, "Unknown"],
  ] as const)("%s (container %s) → online %s, live %s, %s", (status, containerStatus, online, live, label) => {
    const seen = deploymentStatus(facts({ status, containerStatus }), ADMIN);
    expect(seen).toMatchObject({ online, live, look: { label } });
  });

  it("its labels are the vocabulary's", () => {
    for (const status of ["building", "updating", "running", "failed"] as const) {
      expect(deploymentLook(status).label).toBe(DEPLOYMENT_STATUS_LABELS[status]);
    }
    expect(deploymentLook("toString").label).toBe(DEPLOYMENT_STATUS_LABELS.unknown);
  });

  it("says who put it online: the dashboard, the access key's name, or someone with a key", () => {
    expect(deploymentStatus(facts(), ADMIN).owner).toBe(DEPLOYMENT_OWNER_NAMES.dashboard);
    expect(deploymentStatus(facts({ ownerId: "u_2", ownerName: "laptop" }), ADMIN).owner).toBe("laptop");
    expect(deploymentStatus(facts({ ownerId: "u_2", ownerName: "" }), ADMIN).owner).toBe(DEPLOYMENT_OWNER_NAMES.someoneWithAKey);
    expect(deploymentStatus(facts({ ownerId: "u_2" }), ADMIN).owner).toBe(DEPLOYMENT_OWNER_NAMES.someoneWithAKey);
    // The dashboard's own deployments say so even when OpenBerth gives its user's name.
    expect(deploymentStatus(facts({ ownerName: "admin" }), ADMIN).owner).toBe(DEPLOYMENT_OWNER_NAMES.dashboard);
  });
});

describe("live refresh for deployments", () => {
  it("keeps refreshing while building or updating, not otherwise", () => {
    expect(["building", "updating", "running", "failed", "gone"].filter(deploymentIsChanging)).toEqual(["building", "updating"]);
  });

  it("a list keeps refreshing while any of its deployments is changing", () => {
    expect(anyDeploymentChanging([])).toBe(false);
    expect(anyDeploymentChanging([{ status: "running" }, { status: "failed" }])).toBe(false);
    expect(anyDeploymentChanging([{ status: "running" }, { status: "building" }])).toBe(true);
  });
});
