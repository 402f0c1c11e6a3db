/**
 * "Should the page keep refreshing?" has one answer per thing: isChanging() for a workspace
 * (lifecycle-decisions.ts), deploymentIsChanging() for a deployment (deployment-status.ts,
 * tested there). The pages pass it on: the list (anyChanging), the overview, and the notice
 * on every page inside a workspace (serverGate).
 */
import { describe, expect, it } from "vitest";
import { anyChanging, isChanging } from "../../../domain/lifecycle/lifecycle-decisions";
import { DESIRED_STATES, WORKSPACE_STATES, isTransitional } from "../../../domain/lifecycle/states";
import { pausedByBilling, statusOf, visibleStatus } from "../../../domain/lifecycle/status";
import { appModule } from "../routes/app-modules";

type Gate = { open: true } | { open: false; tone: string; live: boolean };
const serverGate: (workspace: object, at: Date) => Gate = (await appModule("app/.server/workspaces/workspace-page.ts"))
  .serverGate;

const AT = new Date(Date.UTC(2026, 4, 15, 12));
const COMBINATIONS = [...DESIRED_STATES, null].flatMap((desiredState) =>
  WORKSPACE_STATES.map((lifecycleState) => ({ desiredState, lifecycleState })),
);

/** A workspace as app/.server loads it (WorkspaceForAccount). */
function workspace(over: Record<string, unknown> = {}) {
  return {
    id: "ws_1",
    slug: "ws",
    name: "WS",
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
    ...over,
  };
}

describe("isChanging: a workspace's page keeps refreshing", () => {
  it("whenever its state settles on its own (setting up, deleting), whatever was asked", () => {
    for (const { desiredState, lifecycleState } of COMBINATIONS) {
      if (isTransitional(lifecycleState)) expect(isChanging(desiredState, lifecycleState)).toBe(true);
    }
  });

  it("while a pause or a resume we asked for hasn't landed, and not while having trouble", () => {
    expect(isChanging("suspended", "ready")).toBe(true);
    expect(isChanging("running", "suspended")).toBe(true);
    expect(isChanging("running", "failed")).toBe(false);
    expect(isChanging("running", "unknown")).toBe(false);
    expect(isChanging("running", "ready")).toBe(false);
  });

  it("a list keeps refreshing while any of its workspaces is changing", () => {
    expect(anyChanging([])).toBe(false);
    expect(anyChanging([{ desiredState: "running", lifecycleState: "ready" }])).toBe(false);
    expect(
      anyChanging([
        { desiredState: "running", lifecycleState: "ready" },
        { desiredState: "suspended", lifecycleState: "ready" },
      ]),
    ).toBe(true);
  });
});

describe("the notice on the pages inside a workspace refreshes by the same answer", () => {
  it.each(COMBINATIONS)("desired $desiredState, visible $lifecycleState", ({ desiredState, lifecycleState }) => {
    const gate = serverGate(workspace({ desiredState, lifecycleState, endpointUrl: null }), AT);
    expect(gate.open).toBe(false);
    if (!gate.open) expect(gate.live).toBe(isChanging(desiredState, lifecycleState));
  });

  it("a workspace paused by an ended trial (not swept yet) doesn't keep refreshing", () => {
    const gate = serverGate(workspace({ billing: { planId: "trial@1", trialEndsAt: AT, billingState: "trial", endedReason: null } }), AT);
    expect(gate).toMatchObject({ open: false, tone: "paused", live: false });
  });
});

describe("visibleStatus: what a workspace looks like to its people", () => {
  const billing = (trialEndsAt: Date | null, planId = "trial@1") => ({
    planId,
    trialEndsAt,
    billingState: planId.startsWith("trial") ? ("trial" as const) : ("active" as const),
    endedReason: null,
  });
  const seen = (over: Partial<Parameters<typeof visibleStatus>[0]>) => ({
    lifecycleState: "ready" as const,
    desiredState: "running" as const,
    suspensionReason: null,
    billing: billing(null, "pro@1"),
    ...over,
  });

  it("is the recorded status, or paused the moment the billing owner's trial ends", () => {
    expect(visibleStatus(seen({}), AT)).toEqual(statusOf("ready", null));
    expect(visibleStatus(seen({ billing: billing(new Date(AT.getTime() + 1)) }), AT)).toEqual(statusOf("ready", null));
    expect(visibleStatus(seen({ billing: billing(AT) }), AT)).toEqual(statusOf("suspended", "trial_ended"));
  });

  it("a recorded pause keeps its reason; a workspace on its way out keeps saying so", () => {
    const ended = billing(AT);
    expect(visibleStatus(seen({ lifecycleState: "suspended", suspensionReason: "payment_failed", billing: ended }), AT)).toEqual(
      statusOf("suspended", "payment_failed"),
    );
    expect(pausedByBilling(seen({ lifecycleState: "deprovisioning", billing: ended }), AT)).toBeNull();
    expect(pausedByBilling(seen({ desiredState: "deleted", billing: ended }), AT)).toBeNull();
  });

  it("a paid plan's old trial end, or an unknown plan, never pauses it", () => {
    expect(pausedByBilling(seen({ billing: billing(AT, "pro@1") }), AT)).toBeNull();
    expect(pausedByBilling(seen({ billing: billing(AT, "legacy@7") }), AT)).toBeNull();
  });
});
