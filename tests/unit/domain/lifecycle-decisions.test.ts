import { describe, expect, it } from "vitest";
import {
  decideInfraEvent,
  isChanging,
  lifecycleStateFor,
  nextInfraAction,
  retryDelay,
} from "../../../domain/lifecycle/lifecycle-decisions";
import { LIFECYCLE_REASONS } from "../../../domain/lifecycle/lifecycle-reasons";
import { DESIRED_STATES, WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import { TIMELINE_REASONS } from "../../../domain/vocabulary";

describe("decideInfraEvent", () => {
  it("ignores anything not newer than the last applied sequence", () => {
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 5, rawState: "stopped" })).toEqual({
      outcome: "stale",
    });
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 2, rawState: "stopped" })).toEqual({
      outcome: "stale",
    });
    expect(decideInfraEvent({ observed: "ready", lastSequence: 5 }, { sequence: 5.5, rawState: "stopped" })).toEqual({
      outcome: "stale",
    });
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
    expect(
      decideInfraEvent({ observed: "provisioning", lastSequence: 1 }, { sequence: 2, rawState: "allocating" }),
    ).toMatchObject({
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
    expect(decideInfraEvent({ observed: "deprovisioning", lastSequence: 7 }, { sequence: 8, rawState: "running" }).outcome).toBe(
      "refused",
    );
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

describe("nextInfraAction, whatever the state", () => {
  const ALL = DESIRED_STATES.flatMap((desired) =>
    WORKSPACE_STATES.flatMap((observed) => [true, false].map((hasInstance) => ({ desired, observed, hasInstance }))),
  );

  it("asks nothing of a server the infra service says is gone", () => {
    for (const input of ALL) if (input.observed === "deleted") expect(nextInfraAction(input), JSON.stringify(input)).toBeNull();
  });

  it("never sets up a second server while we hold one", () => {
    for (const input of ALL) if (input.hasInstance) expect(nextInfraAction(input), JSON.stringify(input)).not.toBe("provision");
  });

  it("destroys nothing unless deletion was asked for, and asks for nothing else once it was", () => {
    for (const input of ALL) {
      const action = nextInfraAction(input);
      if (input.desired === "deleted") expect([null, "destroy"], JSON.stringify(input)).toContain(action);
      else expect(action, JSON.stringify(input)).not.toBe("destroy");
    }
  });
});

describe("lifecycleStateFor, whatever the state", () => {
  it("never shows deleted unless deletion was asked for or the infra service said so", () => {
    for (const desired of DESIRED_STATES)
      for (const observed of WORKSPACE_STATES)
        for (const hasInstance of [true, false])
          if (desired !== "deleted" && observed !== "deleted")
            expect(lifecycleStateFor({ desired, observed, hasInstance }), `${desired} ${observed} ${hasInstance}`).not.toBe(
              "deleted",
            );
  });
});

describe("retryDelay", () => {
  it("tries at once, then backs off exponentially, then gives up", () => {
    expect(retryDelay(1)).toBe(0);
    const waits: number[] = [];
    for (let attempt = 2; retryDelay(attempt) !== null; attempt++) waits.push(retryDelay(attempt)!);
    expect(waits.length).toBeGreaterThan(1);
    for (let i = 1; i < waits.length; i++) expect(waits[i]).toBe(waits[i - 1]! * 2);
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
