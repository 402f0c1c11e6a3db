// What the workspace state machine must do, checked through the functions the coordinator
// calls (decideObservation, decideIntent, applyChange) rather than by copying its table:
// an edit to the table that keeps these true is not a bug, and one that breaks them is.

import { describe, expect, it } from "vitest";
import { nextInfraAction } from "../../../domain/lifecycle/lifecycle-decisions";
import { visibleStateOf } from "../../../domain/lifecycle/lifecycle-record";
import type { DesiredState, WorkspaceState } from "../../../domain/lifecycle/states";
import { DESIRED_STATES, WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import { IllegalTransitionError, assertTransition, canTransition, isConverged } from "../../../domain/lifecycle/transitions";
import { Lifecycle, RAW_INFRA_STATES, newRecord } from "./lifecycle-driver";

const LIVE_STATES = WORKSPACE_STATES.filter((s) => s !== "deleted");

/** A record whose server is reported in `observed` (and whose key we hold, unless told). */
function at(observed: WorkspaceState, overrides: Parameters<typeof newRecord>[0] = {}) {
  const record = newRecord({
    observed,
    hasCredentials: observed !== "pending",
    infraResourceId: "inst_walk",
    infraSequence: 5,
    ...overrides,
  });
  return new Lifecycle({ ...record, visible: overrides.visible ?? visibleStateOf(record, null) });
}

describe("a deleted workspace", () => {
  it.each(RAW_INFRA_STATES)("cannot be moved by a later event saying %s", (raw) => {
    const w = at("deleted", { desired: "deleted", visible: "deleted", deletedAt: 900 });
    const decision = w.observe(raw, { sequence: 6 });
    // "deleted" again is news of nothing; anything else is refused.
    expect(decision.outcome).toBe(raw === "deleted" ? "applied" : "refused");
    expect(w.record).toMatchObject({ observed: "deleted", visible: "deleted", deletedAt: 900 });
    expect(w.timeline).toEqual([]);
  });

  it("ignores an older event outright", () => {
    const w = at("deleted", { desired: "deleted", visible: "deleted", deletedAt: 900 });
    expect(w.observe("running", { sequence: 3 })).toEqual({ outcome: "stale", change: null });
  });

  it("takes no intent: no resume, pause, retry or second delete brings it back", () => {
    const w = at("deleted", { desired: "deleted", visible: "deleted", deletedAt: 900 });
    for (const intent of [
      { kind: "resume" },
      { kind: "suspend", reason: "trial_ended" },
      { kind: "retry" },
      { kind: "delete" },
    ] as const)
      expect(w.ask(intent), intent.kind).toBeNull();
    expect(w.record.visible).toBe("deleted");
  });

  it("stays deleted even when a provision answer arrives after the delete (its server is then destroyed)", () => {
    const w = Lifecycle.started();
    w.ask({ kind: "delete" });
    expect(w.record.visible).toBe("deleted"); // no server yet, so nothing to wait for
    w.provisionAnswer("running");
    expect(w.record).toMatchObject({ visible: "deleted", hasCredentials: true });
    expect(nextInfraAction({ desired: w.record.desired, observed: w.record.observed, hasInstance: true })).toBe("destroy");
  });

  it("asked for while a server is being set up shows Deleting until the call comes back", () => {
    const w = Lifecycle.started();
    w.ask({ kind: "delete" }, { callInFlight: "provision" });
    expect(w.record.visible).toBe("deprovisioning");
    w.apply({ reason: "deleted" }); // the call came back empty-handed
    expect(w.record.visible).toBe("deleted");
  });
});

describe("the infra service saying the server is deleted", () => {
  it.each(LIVE_STATES)("is accepted from %s, and ends the workspace when it was asked to be deleted", (observed) => {
    const w = at(observed, { hasCredentials: true, desired: "deleted" });
    const decision = w.observe("deleted");
    expect(decision.outcome).toBe("applied");
    expect(w.record).toMatchObject({ observed: "deleted", visible: "deleted", infraSequence: 6 });
    expect(w.record.deletedAt).toBeTypeOf("number");
    expect(w.timeline.at(-1)).toMatchObject({ state: "deleted" });
  });

  it.each(LIVE_STATES.filter((s) => s !== "deprovisioning"))(
    "from %s without anyone asking: having trouble, never deleted (only a person deletes a workspace)",
    (observed) => {
      const w = at(observed, { hasCredentials: true });
      expect(w.observe("deleted").outcome).toBe("applied");
      expect(w.record).toMatchObject({ observed: "deleted", visible: "failed", deletedAt: null });
    },
  );

  // Found by this suite: before its provision answer (no key held yet), a server the infra
  // service reports deleted left the workspace "Setting up" with nothing left to ask for.
  it("before its key arrived, does not leave the workspace Setting up with nothing more to do", () => {
    const w = Lifecycle.started();
    w.observe("queued");
    expect(w.observe("deleted").outcome).toBe("applied");
    const { desired, observed, hasCredentials, visible } = w.record;
    const stuck = visible === "provisioning" && nextInfraAction({ desired, observed, hasInstance: hasCredentials }) === null;
    expect(stuck).toBe(false);
  });

  it("overtaking its own 'deleting' (ordered by sequence only) ends deleted; the late 'deleting' is stale", () => {
    const w = Lifecycle.ready();
    w.ask({ kind: "delete" });
    w.observe("deleted", { sequence: w.record.infraSequence + 2 });
    expect(w.observe("deleting", { sequence: w.record.infraSequence - 1 }).outcome).toBe("stale");
    expect(w.record.visible).toBe("deleted");
  });
});

describe("every state people can be in has a way to deleted", () => {
  it("through the state machine", () => {
    for (const start of LIVE_STATES) {
      const seen = new Set<WorkspaceState>([start]);
      const queue: WorkspaceState[] = [start];
      while (queue.length) {
        const from = queue.shift()!;
        for (const to of WORKSPACE_STATES) if (canTransition(from, to) && !seen.has(to)) (seen.add(to), queue.push(to));
      }
      expect(seen.has("deleted"), start).toBe(true);
    }
  });

  it.each(LIVE_STATES.flatMap((s) => DESIRED_STATES.map((d) => [s, d] as const)))(
    "observed %s, wanted %s: asking to delete and the infra service confirming ends deleted",
    (observed, desired: DesiredState) => {
      const w = at(observed, { desired, suspensionReason: desired === "suspended" ? "downgrade" : null });
      w.ask({ kind: "delete" });
      w.observe("deleting");
      w.observe("deleted");
      expect(w.record.visible).toBe("deleted");
    },
  );
});

describe("a workspace never goes back to pending", () => {
  it("no infra state, intent or answer leads there", () => {
    for (const from of LIVE_STATES.filter((s) => s !== "pending")) {
      for (const raw of RAW_INFRA_STATES) {
        const w = at(from);
        w.observe(raw);
        expect(w.record.visible, `${from} + ${raw}`).not.toBe("pending");
      }
      const w = at(from, { hasCredentials: false });
      for (const intent of [{ kind: "retry" }, { kind: "resume" }, { kind: "suspend", reason: "downgrade" }] as const) {
        w.ask(intent);
        expect(w.record.visible, `${from} + ${intent.kind}`).not.toBe("pending");
      }
    }
    for (const from of WORKSPACE_STATES) expect(canTransition(from, "pending"), from).toBe(false);
  });
});

describe("pausing and resuming", () => {
  it("a pause can land while the server is still booting, and says why", () => {
    const w = Lifecycle.ready();
    w.observe("booting"); // restarting
    w.ask({ kind: "suspend", reason: "trial_ended" });
    expect(w.record.visible).toBe("provisioning");
    expect(w.observe("stopped").outcome).toBe("applied");
    expect(w.record).toMatchObject({ visible: "suspended", suspensionReason: "trial_ended" });
    expect(w.timeline.at(-1)).toMatchObject({ previousState: "provisioning", state: "suspended", reason: "trial_ended" });
  });

  it("a paused workspace asked to resume comes back Ready, through booting or straight to running", () => {
    for (const path of [["booting", "running"], ["running"]]) {
      const w = Lifecycle.ready();
      w.ask({ kind: "suspend", reason: "payment_failed" });
      w.observe("draining");
      w.observe("stopped");
      expect(w.record.visible).toBe("suspended");
      w.ask({ kind: "resume" });
      for (const raw of path) w.observe(raw);
      expect(w.record, path.join(" → ")).toMatchObject({ visible: "ready", suspensionReason: null });
      expect(w.reasons().at(-1)).toBe(path.length === 1 ? "resumed" : "ready");
    }
  });
});

describe("trouble", () => {
  it("a crashed server that comes back is Ready, through a restart", () => {
    const w = Lifecycle.ready();
    w.observe("crashed");
    expect(w.record.visible).toBe("failed");
    w.observe("booting");
    w.observe("running");
    expect(w.record.visible).toBe("ready");
    expect(w.reasons().slice(-3)).toEqual(["crashed", "restarting", "ready"]);
  });

  it("a crashed server that simply answers again is Ready (recovered)", () => {
    const w = Lifecycle.ready();
    w.observe("crashed");
    w.observe("running");
    expect(w.record.visible).toBe("ready");
    expect(w.reasons().at(-1)).toBe("recovered");
  });

  it("a state nobody knows is trouble, and the next known state is the truth again", () => {
    const w = Lifecycle.ready();
    expect(w.observe("melting")).toMatchObject({ outcome: "applied", unknownState: true });
    expect(w.record.visible).toBe("unknown");
    w.observe("running");
    expect(w.record.visible).toBe("ready");
    expect(w.reasons().slice(-2)).toEqual(["lost_track", "recovered"]);
  });

  it("a failed setup tried again starts setting up afresh", () => {
    const w = Lifecycle.started();
    w.apply({ observed: "failed", reason: "setup_failed", fields: { lastError: "boom", provisionAttempts: 6 } });
    expect(w.record.visible).toBe("failed");
    w.ask({ kind: "retry" });
    expect(w.record).toMatchObject({ visible: "provisioning", lastError: null, provisionAttempts: 0 });
    w.provisionAnswer("running");
    expect(w.record.visible).toBe("ready");
  });
});

describe("repeats", () => {
  it("the same state reported again is recorded (its sequence) but writes no timeline entry", () => {
    const w = Lifecycle.ready();
    const entries = w.timeline.length;
    const decision = w.observe("running");
    expect(decision.outcome).toBe("applied");
    expect(w.record.infraSequence).toBe(3);
    expect(w.timeline).toHaveLength(entries);
    for (const s of WORKSPACE_STATES) expect(canTransition(s, s), s).toBe(false);
  });

  it("a move the state machine refuses keeps the state and does not record the sequence", () => {
    const w = Lifecycle.ready();
    w.ask({ kind: "delete" });
    w.observe("deleting");
    const sequence = w.record.infraSequence;
    expect(w.observe("running")).toMatchObject({ outcome: "refused", refusedTo: "ready", change: null });
    expect(w.record).toMatchObject({ visible: "deprovisioning", infraSequence: sequence });
    // So the event that should have come first still applies.
    expect(w.observe("deleted", { sequence: sequence + 1 }).outcome).toBe("applied");
  });
});

describe("converged", () => {
  it.each(DESIRED_STATES)("wanting %s: once reality matches, nothing more is asked of the infra service", (desired) => {
    for (const observed of WORKSPACE_STATES)
      if (isConverged(desired, observed)) expect(nextInfraAction({ desired, observed, hasInstance: true })).toBeNull();
  });
});

describe("assertTransition", () => {
  it("lets an allowed move through and refuses one out of deleted, naming both ends", () => {
    expect(() => assertTransition("ready", "suspended")).not.toThrow();
    try {
      assertTransition("deleted", "ready");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      expect(error).toMatchObject({ name: "IllegalTransitionError", from: "deleted", to: "ready" });
      expect((error as Error).message).toContain("deleted → ready");
    }
  });
});
