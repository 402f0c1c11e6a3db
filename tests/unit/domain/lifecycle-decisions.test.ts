import { describe, expect, it } from "vitest";
import { decideInfraEvent, isChanging, lifecycleStateFor, nextInfraAction, retryDelay } from "../../../domain/lifecycle/lifecycle-decisions";
import { LIFECYCLE_REASONS } from "../../../domain/lifecycle/lifecycle-reasons";
import { TIMELINE_REASONS } from "../../../domain/vocabulary";

describe("decideInfraEvent", () => {
  it("ignores anything not newer than the last applied sequence", () => {
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 5, rawState: "stopped" })).toEqual({ outcome: "stale" });
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 2, rawState: "stopped" })).toEqual({ outcome: "stale" });
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 5.5, rawState: "stopped" })).toEqual({ outcome: "stale" });
  });

  it.each([
    ["provisioning", "running", "ready", "ready"],
    ["ready", "draining", "suspended", "paused"],
    ["suspended", "booting", "provisioning", "resumed"],
    ["suspended", "running", "ready", "resumed"],
    ["ready", "crashed", "failed", "crashed"],
    ["failed", "booting", "provisioning", "restarting"],
    ["failed", "running", "ready", "recovered"],
    ["unknown", "running", "ready", "recovered"],
    ["ready", "deleting", "deprovisioning", "deleting"],
    ["deprovisioning", "deleted", "deleted", "deleted"],
  ] as const)("%s + %s → %s (%s)", (observed, rawState, state, reason) => {
    expect(decideInfraEvent({ observed, lastSequence: 1 }, { sequence: 2, rawState })).toEqual({
      outcome: "applied",
      state,
      known: true,
      changed: true,
      reason,
    });
  });

  it("an unmapped state becomes unknown and says so", () => {
    expect(decideInfraEvent({ observed: "ready", lastSequence: 1 }, { sequence: 2, rawState: "melting" })).toMatchObject({
      outcome: "applied",
      state: "unknown",
      known: false,
      reason: "lost_track",
    });
  });

  it("a repeat of the current state is recorded without a change", () => {
    expect(decideInfraEvent({ observed: "provisioning", lastSequence: 1 }, { sequence: 2, rawState: "allocating" })).toMatchObject({
      outcome: "applied",
      changed: false,
    });
  });

  it("refuses moves the state machine does not allow (out of deleted, back to pending)", () => {
    expect(decideInfraEvent({ observed: "deleted", lastSequence: 7 }, { sequence: 8, rawState: "running" })).toEqual({
      outcome: "refused",
      state: "ready",
      known: true,
    });
    expect(decideInfraEvent({ observed: "deprovisioning", lastSequence: 7 }, { sequence: 8, rawState: "running" }).outcome).toBe("refused");
  });
});

describe("nextInfraAction", () => {
  it.each([
    ["running", "pending", false, "provision"],
    ["running", "provisioning", false, "provision"],
    ["running", "failed", false, "provision"],
    ["running", "provisioning", true, null],
    ["running", "ready", true, null],
    ["running", "suspended", true, "resume"],
    ["running", "failed", true, null],
    ["suspended", "ready", true, "suspend"],
    ["suspended", "failed", true, "suspend"],
    ["suspended", "unknown", true, "suspend"],
    ["suspended", "provisioning", true, null],
    ["suspended", "suspended", true, null],
    ["deleted", "ready", true, "destroy"],
    ["deleted", "suspended", true, "destroy"],
    ["deleted", "deprovisioning", true, null],
    ["deleted", "deleted", true, null],
    ["deleted", "pending", false, null],
    ["suspended", "pending", false, null],
  ] as const)("desired %s, observed %s, instance %s → %s", (desired, observed, hasInstance, action) => {
    expect(nextInfraAction({ desired, observed, hasInstance })).toBe(action);
  });
});

describe("retryDelay", () => {
  it("backs off exponentially, then gives up", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((a) => retryDelay(a))).toEqual([0, 1_000, 2_000, 4_000, 8_000, 16_000, null]);
    expect(retryDelay(3, [10, 20])).toBe(20);
    expect(retryDelay(4, [10, 20])).toBeNull();
  });
});

describe("timeline wording", () => {
  it("has a plain line for every reason code", () => {
    for (const reason of LIFECYCLE_REASONS) expect(TIMELINE_REASONS[reason]).toMatch(/\.$/);
  });
});

describe("lifecycleStateFor", () => {
  it.each([
    ["running", "pending", false, "pending"],
    ["running", "provisioning", false, "provisioning"],
    ["running", "ready", false, "provisioning"], // the server runs, but we don't hold its key yet
    ["running", "failed", false, "failed"],
    ["running", "ready", true, "ready"],
    ["running", "failed", true, "failed"],
    ["running", "unknown", true, "unknown"],
    ["suspended", "ready", true, "ready"], // until the pause lands
    ["suspended", "suspended", true, "suspended"],
    ["suspended", "provisioning", false, "suspended"],
    ["deleted", "ready", true, "deprovisioning"],
    ["deleted", "deleted", true, "deleted"],
    ["deleted", "failed", false, "deleted"],
  ] as const)("desired %s, observed %s, instance %s → %s", (desired, observed, hasInstance, state) => {
    expect(lifecycleStateFor({ desired, observed, hasInstance })).toBe(state);
  });
});

describe("isChanging", () => {
  it.each([
    ["running", "provisioning", true],
    ["running", "pending", true],
    ["deleted", "deprovisioning", true],
    ["suspended", "ready", true],
    ["running", "suspended", true],
    ["running", "ready", false],
    ["suspended", "suspended", false],
    ["running", "failed", false],
    ["running", "unknown", false],
    [null, "ready", false],
  ] as const)("desired %s, visible %s → %s", (desired, visible, changing) => {
    expect(isChanging(desired, visible)).toBe(changing);
  });
});
