import { describe, expect, it } from "vitest";
import fixture from "../../fixtures/plan-catalog.v1.json";
import {
  PLAN_CATALOG,
  PLAN_FAMILIES,
  SIGNUP_PLAN_ID,
  deploymentLimit,
  getPlan,
  maxMemoryBytes,
  planAllowsRegion,
  plansAllowingMoreWorkspaces,
  publicPlans,
  requirePlan,
} from "../../../domain/plans/catalog";
import type { PlanStatus } from "../../../domain/plans/catalog";
import { parseSize } from "../../../domain/plans/sizes";

// Every version that ever shipped, exactly as it shipped. Editing one of these
// (or the catalog entry) is the mistake this test exists to catch: add a new
// version instead.
const SHIPPED: Record<string, Record<string, unknown>> = fixture;

// A plan's status may only move forward: active → deprecated → retired.
const STATUS_ORDER: readonly PlanStatus[] = ["active", "deprecated", "retired"];

describe("plan catalog: shipped versions are immutable", () => {
  it.each(Object.keys(SHIPPED))("%s is unchanged since it shipped", (id) => {
    const { status: shippedStatus, ...shipped } = SHIPPED[id]!;
    const plan = getPlan(id);
    expect(plan, `${id} was removed, but customers may still be on it`).toBeDefined();
    const { status, ...current } = plan!;
    expect(current).toStrictEqual(shipped);
    expect(STATUS_ORDER.indexOf(status)).toBeGreaterThanOrEqual(STATUS_ORDER.indexOf(shippedStatus as PlanStatus));
  });

  it("every catalog plan is recorded in the fixture (new versions get locked in too)", () => {
    expect(Object.keys(PLAN_CATALOG).sort()).toEqual(Object.keys(SHIPPED).sort());
  });

  it("is deeply frozen", () => {
    const plan = requirePlan("pro@1");
    expect(Object.isFrozen(PLAN_CATALOG)).toBe(true);
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.entitlements)).toBe(true);
    expect(Object.isFrozen(plan.entitlements.regions)).toBe(true);
    expect(() => {
      (plan.entitlements as { maxWorkspaces: number }).maxWorkspaces = 99;
    }).toThrow(TypeError);
    expect(plan.entitlements.maxWorkspaces).toBe(5);
  });
});

describe("plan catalog: shape", () => {
  it.each(Object.entries(PLAN_CATALOG))("%s has an id of the form <family>@<n> matching its fields", (key, plan) => {
    expect(key).toBe(plan.id);
    expect(plan.id).toMatch(/^[a-z]+@[1-9]\d*$/);
    expect(PLAN_FAMILIES).toContain(plan.family);
    expect(plan.id).toBe(`${plan.family}@${plan.version}`);
    expect(Number.isInteger(plan.version)).toBe(true);
  });

  it.each(Object.values(PLAN_CATALOG))("$id has readable size limits", (plan) => {
    expect(parseSize(plan.entitlements.maxMemoryPerDeployment)).toBeGreaterThan(0);
    expect(parseSize(plan.entitlements.monthlyNetworkQuotaPerDeployment)).toBeGreaterThan(0);
    expect(plan.entitlements.maxCpusPerDeployment).toBeGreaterThan(0);
  });

  it("only trial plans are free and only they have trial days", () => {
    for (const plan of Object.values(PLAN_CATALOG)) {
      expect(plan.entitlements.trialDays === null).toBe(plan.stripePriceId !== null);
    }
  });

  it("signs new accounts up on trial@1", () => {
    expect(SIGNUP_PLAN_ID).toBe("trial@1");
    expect(requirePlan(SIGNUP_PLAN_ID).entitlements.trialDays).toBe(14);
  });
});

describe("plan lookups", () => {
  it("getPlan finds shipped plans", () => {
    expect(getPlan("hobby@1")?.name).toBe("Hobby");
  });

  it("getPlan of anything unknown is undefined, including prototype keys", () => {
    for (const id of ["pro@2", "pro", "PRO@1", "", "toString", "__proto__", "constructor", "hasOwnProperty"]) {
      expect(getPlan(id)).toBeUndefined();
    }
  });

  it("requirePlan throws for unknown ids", () => {
    expect(requirePlan("trial@1").id).toBe("trial@1");
    expect(() => requirePlan("enterprise@1")).toThrow(Error);
    expect(() => requirePlan("toString")).toThrow(/Unknown plan/);
  });

  it("publicPlans lists active plans in catalog order", () => {
    expect(publicPlans().map((p) => p.id)).toEqual(["trial@1", "hobby@1", "pro@1"]);
  });

  it("plansAllowingMoreWorkspaces(trial) is [pro@1]", () => {
    expect(plansAllowingMoreWorkspaces(requirePlan("trial@1")).map((p) => p.id)).toEqual(["pro@1"]);
    expect(plansAllowingMoreWorkspaces(requirePlan("hobby@1")).map((p) => p.id)).toEqual(["pro@1"]);
    expect(plansAllowingMoreWorkspaces(requirePlan("pro@1"))).toEqual([]);
  });

  it("deploymentLimit is a number, or null for unlimited", () => {
    expect(deploymentLimit(requirePlan("trial@1"))).toBe(3);
    expect(deploymentLimit(requirePlan("hobby@1"))).toBe(10);
    expect(deploymentLimit(requirePlan("pro@1"))).toBeNull();
  });

  it("planAllowsRegion follows each plan's regions", () => {
    expect(planAllowsRegion(requirePlan("trial@1"), "us-east")).toBe(true);
    expect(planAllowsRegion(requirePlan("hobby@1"), "eu-west")).toBe(true);
    expect(planAllowsRegion(requirePlan("hobby@1"), "us-east")).toBe(false);
    expect(planAllowsRegion(requirePlan("pro@1"), "mars")).toBe(false);
  });

  it("maxMemoryBytes reads the plan's memory limit", () => {
    expect(maxMemoryBytes(requirePlan("trial@1"))).toBe(512 * 1024 ** 2);
    expect(maxMemoryBytes(requirePlan("pro@1"))).toBe(4 * 1024 ** 3);
  });
});

describe("parseSize (OpenBerth sizes, binary multiples)", () => {
  it.each([
    ["0", 0],
    ["1024", 1024],
    ["1k", 1024],
    ["512m", 512 * 1024 ** 2],
    ["512M", 512 * 1024 ** 2],
    ["1g", 1024 ** 3],
    ["5G", 5 * 1024 ** 3],
    ["200g", 200 * 1024 ** 3],
    ["2t", 2 * 1024 ** 4],
  ])("%s → %d bytes", (input, bytes) => {
    expect(parseSize(input)).toBe(bytes);
  });

  it.each(["", "g", "1.5g", "-1g", " 1g", "1g ", "1gb", "1 g", "1x", "abc", "1e3", "0x10", "99999999999999999t"])(
    "throws on %j",
    (input) => {
      expect(() => parseSize(input)).toThrow(Error);
    },
  );
});
