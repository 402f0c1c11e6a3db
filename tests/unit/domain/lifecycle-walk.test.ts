// Properties of a workspace's lifecycle record that hold whatever happens to it: random
// walks of intents, infra observations (new, stale, repeated, unknown, out of order) and
// provision answers, each decided and applied by the pure functions the coordinator uses.
// Seeded: a failure names its seed and the walk's last steps; TEST_SEED=<seed> replays it.

import { describe, expect, it, onTestFailed } from "vitest";
import type { InfraAction } from "../../../domain/lifecycle/lifecycle-decisions";
import { visibleStateOf, type Intent, type LifecycleRecord } from "../../../domain/lifecycle/lifecycle-record";
import { SUSPENSION_REASONS, WORKSPACE_STATES } from "../../../domain/lifecycle/states";
import { seededRandom, type SeededRandom } from "../../support/seeded-random";
import { Lifecycle, RAW_INFRA_STATES } from "./lifecycle-driver";

const rng = seededRandom();
const WALKS = 300;
const STEPS = 60;
const CALLS: readonly (InfraAction | null)[] = [null, null, null, "provision", "suspend", "resume", "destroy"];

interface Walk {
  lifecycle: Lifecycle;
  /** What was done, step by step (for the failure message). */
  log: string[];
}

/** One random step: an intent, an observation or a provision answer, at a random moment. */
function step(walk: Walk, random: SeededRandom): void {
  const { lifecycle } = walk;
  const callInFlight = random.pick(CALLS);
  // Clocks are not to be trusted: a change may come at the same millisecond, or an earlier one.
  const at = lifecycle.applied.at(-1)?.ctx.at ?? 1_000;
  const when = at + random.pick([-5, 0, 0, 1, 1, 2, 50]);
  const sequence = () => {
    const last = lifecycle.record.infraSequence;
    return random.pick([last + 1, last + 1, last + 2, last + 5, last, Math.max(0, last - 1), last + 0.5]);
  };
  const roll = random.next();
  if (roll < 0.3) {
    const intent: Intent = random.pick<Intent>([
      { kind: "suspend", reason: random.pick(SUSPENSION_REASONS) },
      { kind: "resume" },
      { kind: "retry" },
      { kind: "delete" },
    ]);
    const change = lifecycle.ask(intent, { callInFlight, at: when });
    walk.log.push(`intent ${JSON.stringify(intent)} (${change ? "taken" : "nothing"}, in flight ${callInFlight})`);
  } else if (roll < 0.85) {
    const raw = random.pick(RAW_INFRA_STATES);
    const seq = sequence();
    const decision = lifecycle.observe(raw, { sequence: seq, callInFlight, at: when });
    walk.log.push(`event ${raw} #${seq} → ${decision.outcome} (in flight ${callInFlight})`);
  } else if (roll < 0.95) {
    const raw = random.pick(["running", "booting", "queued", "crashed"]);
    const seq = sequence();
    const decision = lifecycle.provisionAnswer(raw, { sequence: seq, adopted: random.next() < 0.2, at: when });
    walk.log.push(`provision answer ${raw} #${seq} → ${decision.outcome}`);
  } else {
    // The coordinator's follow-up once a call came back (nothing in flight any more).
    lifecycle.apply({ reason: "deleted" }, { at: when });
    walk.log.push("call came back");
  }
}

/** Runs WALKS walks of STEPS steps; `check` sees the record before and after each step. */
function walks(check: (before: LifecycleRecord, walk: Walk, note: string) => void): void {
  onTestFailed(() => console.error(`lifecycle walk: seed ${rng.seed} (replay with TEST_SEED=${rng.seed})`));
  for (let w = 0; w < WALKS; w++) {
    const walkSeed = rng.int(2 ** 31) + 1;
    const random = seededRandom(walkSeed);
    const walk: Walk = { lifecycle: random.pick([Lifecycle.created, Lifecycle.started, Lifecycle.ready])(), log: [] };
    for (let s = 0; s < STEPS; s++) {
      const before = walk.lifecycle.record;
      step(walk, random);
      check(before, walk, `seed ${rng.seed}, walk ${w} (seed ${walkSeed}), step ${s}:\n  ${walk.log.slice(-8).join("\n  ")}`);
    }
  }
}

describe("whatever sequence of events and intents", () => {
  it("the walks reach every state people can see, and every kind of decision (or they prove little)", () => {
    const seen = new Set<string>();
    const outcomes = new Set<string>();
    walks((_before, { lifecycle, log }) => {
      seen.add(lifecycle.record.visible);
      const outcome = /→ (\w+)/.exec(log.at(-1)!)?.[1];
      if (outcome) outcomes.add(outcome);
    });
    expect([...seen].sort()).toEqual([...WORKSPACE_STATES].sort());
    expect([...outcomes].sort()).toEqual(["applied", "refused", "stale"]);
  });

  it("a deleted workspace stays deleted: seen, wanted and dated", () => {
    walks((before, { lifecycle: { record } }, note) => {
      if (before.visible === "deleted") {
        expect(record.visible, note).toBe("deleted");
        expect(record.deletedAt, note).toBe(before.deletedAt);
      }
      if (before.desired === "deleted") expect(record.desired, note).toBe("deleted");
      expect(record.visible === "deleted", note).toBe(record.deletedAt !== null);
      // Only a person deletes a workspace: the infra service saying so is trouble, not the end.
      if (record.visible === "deleted") expect(record.desired, note).toBe("deleted");
    });
  });

  it("the visible state always equals visibleStateOf(record) for the moment it was decided", () => {
    walks((_before, { lifecycle }, note) => {
      const last = lifecycle.applied.at(-1)!;
      expect(last.transition.record.visible, note).toBe(visibleStateOf(last.transition.record, last.ctx.callInFlight));
      // And with nothing in flight, only a delete waiting on a server's setup differs.
      const { record } = lifecycle;
      const settled = visibleStateOf(record, null);
      if (settled !== record.visible) expect([record.visible, settled], note).toEqual(["deprovisioning", "deleted"]);
    });
  });

  it("the version grows by one per change, and only with a change", () => {
    walks((before, { lifecycle }, note) => {
      const last = lifecycle.applied.at(-1)!;
      if (last.before === before) expect(lifecycle.record.version, note).toBe(before.version + 1);
      else expect(lifecycle.record, note).toBe(before);
    });
  });

  it("every timeline entry starts where the previous one ended, later than it, and the last is what people see", () => {
    walks((_before, { lifecycle: { timeline, record } }, note) => {
      expect(timeline[0]?.previousState, note).toBeNull();
      // Entries before the last step's were checked at earlier steps.
      for (let i = Math.max(1, timeline.length - 2); i < timeline.length; i++) {
        expect(timeline[i]!.previousState, note).toBe(timeline[i - 1]!.state);
        expect(timeline[i]!.at, note).toBeGreaterThan(timeline[i - 1]!.at);
      }
      expect(timeline.at(-1)!.state, note).toBe(record.visible);
      expect(record.lastTimelineAt, note).toBe(timeline.at(-1)!.at);
    });
  });

  it("the visible state moves only with a timeline entry", () => {
    walks((before, { lifecycle }, note) => {
      const last = lifecycle.applied.at(-1)!;
      if (last.before !== before) return;
      const { transition } = last;
      expect(transition.visibleChanged, note).toBe(transition.record.visible !== before.visible);
      if (transition.visibleChanged) expect(transition.timeline, note).toHaveLength(1);
    });
  });

  it("never back to pending, never an older sequence, never a key forgotten", () => {
    walks((before, { lifecycle: { record } }, note) => {
      // Once setting up has begun (a workspace never started may be paused and resumed
      // before its coordinator starts it, and is "pending" again meanwhile).
      if (before.observed !== "pending") {
        expect(record.observed, note).not.toBe("pending");
        expect(record.visible, note).not.toBe("pending");
      }
      expect(record.infraSequence, note).toBeGreaterThanOrEqual(before.infraSequence);
      if (before.hasCredentials) expect(record.hasCredentials, note).toBe(true);
    });
  });

  it("a pause reason is kept only while the workspace is paused or meant to be", () => {
    walks((_before, { lifecycle: { record } }, note) => {
      if (record.suspensionReason !== null) expect([record.visible, record.desired], note).toContain("suspended");
      if (record.desired === "suspended" && record.visible !== "deleted") expect(record.suspensionReason, note).not.toBeNull();
    });
  });

  it("from wherever a walk got to, asking to delete and the infra service confirming ends deleted", () => {
    walks((_before, { lifecycle }, note) => {
      const after = new Lifecycle(lifecycle.record);
      after.ask({ kind: "delete" });
      after.observe("deleting");
      after.observe("deleted");
      expect(after.record.visible, note).toBe("deleted");
    });
  });
});
