/**
 * The list of deployments and a deployment's own page say the same about it — whether it
 * is online (its address shown as a link) and who put it online — because both ask
 * deploymentStatus(). Their loaders run here in Node, with the workspace's OpenBerth
 * server stubbed (no workerd, no network).
 */
import { RouterContextProvider } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { DeployInfo } from "../../../server/openberth/openberth-schemas";
import { appModule, type Loader } from "./app-modules";

const ADMIN = "u_admin";
let served: DeployInfo[] = [];

vi.mock("../../../app/.server/openberth/workspace-openberth", () => ({
  withOpenBerth: async (_rc: unknown, _workspace: unknown, fn: (client: unknown, adminUserId: string) => Promise<unknown>) => {
    const client = {
      listDeployments: async () => ({ deployments: served, count: served.length }),
      getDeployment: async (id: string) => served.find((d) => d.id === id)!,
    };
    return { ok: true, value: await fn(client, ADMIN) };
  },
}));

const listLoader: Loader = (await appModule("app/routes/deployments.tsx")).loader;
const pageLoader: Loader = (await appModule("app/routes/deployment.tsx")).loader;
const { workspacePageContext } = await appModule("app/.server/workspaces/workspace-page.ts");
const { requestContext } = await appModule("server/bindings/request-context.ts");

function deployment(over: Partial<DeployInfo>): DeployInfo {
  return {
    id: "0123456789abcdefghij",
    name: "site",
    subdomain: "site",
    framework: "static",
    status: "running",
    url: "http://site.example.test",
    createdAt: "2026-05-01T10:00:00Z",
    expiresAt: "",
    ownerId: ADMIN,
    accessMode: "public",
    mode: "deploy",
    locked: false,
    ...over,
  };
}

function context() {
  const ctx = new RouterContextProvider();
  const account = {
    id: "acc_1",
    email: "ana@example.com",
    name: "Ana",
    image: null,
    planId: "pro@1",
    trialStartedAt: null,
    trialEndsAt: null,
    createdAt: new Date(0),
  };
  ctx.set(workspacePageContext, {
    account,
    workspace: {
      id: "ws_1",
      slug: "ana",
      name: "Ana's",
      lifecycleState: "ready",
      desiredState: "running",
      suspensionReason: null,
      region: "eu-west",
      createdAt: new Date(0),
      role: "owner",
      billingOwnerAccountId: "acc_1",
      billing: { planId: "pro@1", trialEndsAt: null, billingState: "active", endedReason: null },
      graceEndsAt: null,
      endpointUrl: "http://openberth.example.test",
      lastError: null,
      membership: { accountId: "acc_1", role: "owner" },
    },
    gate: { open: true },
    head: { slug: "ana", name: "Ana's" },
  });
  ctx.set(requestContext, { timeZone: "Europe/Paris", url: new URL("http://localhost/") });
  return ctx;
}

async function bothPages(d: DeployInfo) {
  served = [d];
  const list = await listLoader({ request: new Request("http://localhost/"), params: {}, context: context() });
  const answer = await pageLoader({
    request: new Request("http://localhost/"),
    params: { deploymentId: d.id },
    context: context(),
  });
  // The page's loader answers with data(...) when it has headers to send.
  const page = answer && typeof answer === "object" && "init" in answer && "data" in answer ? answer.data : answer;
  const row = list.deployments[0];
  return {
    list: { online: row.url !== null, owner: row.owner, label: row.look.label, live: list.live },
    page: {
      online: page.deployment.online,
      owner: page.deployment.owner,
      label: page.deployment.look.label,
      live: page.deployment.live,
    },
  };
}

describe("a deployment reads the same on the list and on its page", () => {
  it.each([
    ["running, by the dashboard", deployment({}), { online: true, owner: "Harbor dashboard", label: "Live", live: false }],
    [
      "building",
      deployment({ status: "building" }),
      { online: false, owner: "Harbor dashboard", label: "Getting ready", live: true },
    ],
    [
      "a failed update: the previous version still serves",
      deployment({ status: "failed", containerStatus: "running" }),
      { online: true, owner: "Harbor dashboard", label: "Didn't start", live: false },
    ],
    [
      "a failed first start",
      deployment({ status: "failed", containerStatus: "exited" }),
      { online: false, owner: "Harbor dashboard", label: "Didn't start", live: false },
    ],
    [
      "put online with an access key",
      deployment({ ownerId: "u_2", ownerName: "laptop" }),
      { online: true, owner: "laptop", label: "Live", live: false },
    ],
    [
      "put online with a key OpenBerth gives no name for",
      deployment({ ownerId: "u_2" }),
      { online: true, owner: "Someone with an access key", label: "Live", live: false },
    ],
  ])("%s", async (_label, d, expected) => {
    const seen = await bothPages(d);
    expect(seen.page).toEqual(expected);
    expect(seen.list).toEqual(seen.page);
  });
});
