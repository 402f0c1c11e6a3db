// The one grace of a pause: a paused workspace's data is kept for 14 days from the first
// pause of an episode; another reason (trial ended → payment failed) never moves it,
// resuming ends the episode, and only once it is over may the workspace be terminated.
// Checked on graceAfter / graceOver, then through the coordinator's record functions
// (decideIntent, applyChange), then on seeded random walks (TEST_SEED=<seed> replays).

import { describe, expect, it, onTestFailed } from "vitest";
import { GRACE_DAYS, graceAfter, graceOver } from "../../../../domain/billing/grace";
import { decideIntent, type Intent, type LifecycleRecord } from "../../../../domain/lifecycle/lifecycle-record";
import { SUSPENSION_REASONS } from "../../../../domain/lifecycle/states";
import { seededRandom } from "../../../support/seeded-random";
import { Lifecycle, RAW_INFRA_STATES, newRecord } from "../lifecycle-driver";

const DAY = 24 * 60 * 60 * 1000;
const FOURTEEN_DAYS = 14 * DAY;
const T = Date.UTC(2026, 3, 10, 12, 0, 0);

describe("graceAfter", () => {
  it("the grace is fourteen days", () => {
    expect(GRACE_DAYS).toBe(14);
  });

  it("running: no grace, whatever came before", () => {
    expect(graceAfter({ desired: "running", graceEndsAt: null }, { desired: "running" }, T)).toBeNull();
    expect(graceAfter({ desired: "suspended", graceEndsAt: T + DAY }, { desired: "running" }, T)).toBeNull();
  });

  it("the first pause starts fourteen days from that moment", () => {
    expect(graceAfter({ desired: "running", graceEndsAt: null }, { desired: "suspended" }, T)).toBe(T + FOURTEEN_DAYS);
    expect(graceAfter({ desired: "running", graceEndsAt: null }, { desired: "suspended" }, T + 5)).toBe(T + 5 + FOURTEEN_DAYS);
  });

  it("already paused: the date stays, however much later the change comes", () => {
    const ends = T + FOURTEEN_DAYS;
    expect(graceAfter({ desired: "suspended", graceEndsAt: ends }, { desired: "suspended" }, T + 3 * DAY)).toBe(ends);
    expect(graceAfter({ desired: "suspended", graceEndsAt: ends }, { desired: "suspended" }, T + 30 * DAY)).toBe(ends);
  });

  it("deleted keeps the date for the record (and none if there was none)", () => {
    expect(graceAfter({ desired: "suspended", graceEndsAt: T }, { desired: "deleted" }, T + 20 * DAY)).toBe(T);
    expect(graceAfter({ desired: "running", graceEndsAt: null }, { desired: "deleted" }, T)).toBeNull();
  });
});

describe("graceOver", () => {
  it("no grace date: never over", () => {
    expect(graceOver(null, T)).toBe(false);
    expect(graceOver(null, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it("before the date: not over; at it and after: over", () => {
    expect(graceOver(T, T - 1)).toBe(false);
    expect(graceOver(T, T)).toBe(true);
    expect(graceOver(T, T + 1)).toBe(true);
  });
});

/** A workspace set up and running, then paused at `at` for `reason`. */
function pausedAt(at: number, reason: (typeof SUSPENSION_REASONS)[number] = "trial_ended"): Lifecycle {
  const w = Lifecycle.ready();
  expect(w.record.graceEndsAt).toBeNull();
  expect(w.ask({ kind: "suspend", reason }, { at })).not.toBeNull();
  return w;
}

describe("through the coordinator's record (decideIntent + applyChange)", () => {
  it("a pause sets the grace end fourteen days after it", () => {
    const w = pausedAt(T);
    expect(w.record).toMatchObject({ desired: "suspended", suspensionReason: "trial_ended", graceEndsAt: T + FOURTEEN_DAYS });
  });

  it("the pause being carried out (the server reports suspended) does not move it", () => {
    const w = pausedAt(T);
    w.observe("stopped", { at: T + DAY });
    expect(w.record).toMatchObject({ visible: "suspended", graceEndsAt: T + FOURTEEN_DAYS });
  });

  it("a second pause for another reason keeps the first date", () => {
    const w = pausedAt(T, "trial_ended");
    const change = w.ask({ kind: "suspend", reason: "payment_failed" }, { at: T + 5 * DAY });
    expect(change).not.toBeNull();
    expect(w.record).toMatchObject({ suspensionReason: "payment_failed", graceEndsAt: T + FOURTEEN_DAYS });
  });

  it("the same pause asked again changes nothing", () => {
    const w = pausedAt(T, "downgrade");
    const before = w.record;
    expect(w.ask({ kind: "suspend", reason: "downgrade" }, { at: T + DAY })).toBeNull();
    expect(w.record).toBe(before);
  });

  it("resuming clears it", () => {
    const w = pausedAt(T);
    w.ask({ kind: "resume" }, { at: T + DAY });
    expect(w.record).toMatchObject({ desired: "running", graceEndsAt: null });
  });

  it("a retry (asking it to run) clears it too", () => {
    const w = pausedAt(T);
    w.ask({ kind: "retry" }, { at: T + DAY });
    expect(w.record).toMatchObject({ desired: "running", graceEndsAt: null });
  });

  it("a new pause after a resume starts a fresh fourteen days", () => {
    const w = pausedAt(T);
    w.ask({ kind: "resume" }, { at: T + 3 * DAY });
    w.ask({ kind: "suspend", reason: "downgrade" }, { at: T + 10 * DAY });
    expect(w.record.graceEndsAt).toBe(T + 10 * DAY + FOURTEEN_DAYS);
  });

  it("deleting a paused workspace keeps its date for the record", () => {
    const w = pausedAt(T);
    w.ask({ kind: "delete" }, { at: T + DAY });
    expect(w.record).toMatchObject({ desired: "deleted", graceEndsAt: T + FOURTEEN_DAYS });
  });

  it("a running workspace never gets a grace date from infra news alone", () => {
    const w = Lifecycle.ready();
    for (const raw of RAW_INFRA_STATES) w.observe(raw, { at: T });
    expect(w.record.desired).toBe("running");
    expect(w.record.graceEndsAt).toBeNull();
  });
});

describe("the terminate intent", () => {
  const terminate = (at: number): Intent => ({ kind: "terminate", at });

  it("does nothing to a running workspace, however late", () => {
    const w = Lifecycle.ready();
    expect(decideIntent(w.record, terminate(T + 365 * DAY))).toBeNull();
    // Even one whose record somehow carries an old date.
    expect(decideIntent({ ...w.record, graceEndsAt: T }, terminate(T + DAY))).toBeNull();
  });

  it("does nothing while the grace runs", () => {
    const w = pausedAt(T);
    expect(decideIntent(w.record, terminate(T))).toBeNull();
    expect(decideIntent(w.record, terminate(T + FOURTEEN_DAYS - 1))).toBeNull();
  });

  it("once the grace is over, deletes it with reason grace_ended", () => {
    const w = pausedAt(T);
    const change = decideIntent(w.record, terminate(T + FOURTEEN_DAYS));
    expect(change).toMatchObject({ desired: "deleted", reason: "grace_ended" });
    expect(decideIntent(w.record, terminate(T + 40 * DAY))).toMatchObject({ desired: "deleted", reason: "grace_ended" });
  });

  it("applied, the workspace is on its way out, the timeline says why, and no second terminate follows", () => {
    const w = pausedAt(T);
    w.observe("stopped", { at: T + 1 });
    w.ask(terminate(T + 15 * DAY), { at: T + 15 * DAY });
    expect(w.record.desired).toBe("deleted");
    expect(w.timeline.at(-1)).toMatchObject({ reason: "grace_ended", at: T + 15 * DAY });
    expect(decideIntent(w.record, terminate(T + 16 * DAY))).toBeNull();
    expect(decideIntent(w.record, { kind: "resume" })).toBeNull();
  });

  it("the grace is the first pause's, so a later reason change does not postpone the terminate", () => {
    const w = pausedAt(T, "trial_ended");
    w.ask({ kind: "suspend", reason: "payment_failed" }, { at: T + 10 * DAY });
    expect(decideIntent(w.record, terminate(T + FOURTEEN_DAYS))).toMatchObject({ desired: "deleted", reason: "grace_ended" });
  });

  it("a workspace resumed meanwhile is not deleted by a terminate for its old pause", () => {
    const w = pausedAt(T);
    w.ask({ kind: "resume" }, { at: T + DAY });
    expect(decideIntent(w.record, terminate(T + 30 * DAY))).toBeNull();
  });

  it("paused again after a resume: judged on the new grace", () => {
    const w = pausedAt(T);
    w.ask({ kind: "resume" }, { at: T + DAY });
    w.ask({ kind: "suspend", reason: "downgrade" }, { at: T + 10 * DAY });
    expect(decideIntent(w.record, terminate(T + 20 * DAY))).toBeNull();
    expect(decideIntent(w.record, terminate(T + 24 * DAY))).toMatchObject({ desired: "deleted", reason: "grace_ended" });
  });

  it("a paused record with no grace date (from before grace existed) is never terminated", () => {
    const record: LifecycleRecord = newRecord({
      desired: "suspended",
      observed: "suspended",
      visible: "suspended",
      suspensionReason: "trial_ended",
      hasCredentials: true,
    });
    expect(decideIntent(record, terminate(T + 365 * DAY))).toBeNull();
  });

  it("a deleted workspace is left alone", () => {
    const record = newRecord({ desired: "deleted", observed: "deleted", visible: "deleted", graceEndsAt: T, deletedAt: T });
    expect(decideIntent(record, terminate(T + DAY))).toBeNull();
  });
});

describe("whatever sequence of pauses, resumes, infra news and terminates", () => {
  it("the grace is null exactly while it runs, set on the first pause of an episode, and never moved within one", () => {
    const rng = seededRandom();
    onTestFailed(() => console.error(`grace walk: seed ${rng.seed} (replay with TEST_SEED=${rng.seed})`));
    let terminated = 0;
    let refusedEarly = 0;
    let reasonSwaps = 0;
    for (let walk = 0; walk < 200; walk++) {
      const w = Lifecycle.ready();
      let at = T;
      const log: string[] = [];
      for (let step = 0; step < 40 && w.record.desired !== "deleted"; step++) {
        at += rng.pick([0, 1, 60_000, DAY, 3 * DAY, 7 * DAY, 15 * DAY]);
        const before = w.record;
        const roll = rng.next();
        let intent: Intent | null = null;
        if (roll < 0.35) intent = { kind: "suspend", reason: rng.pick(SUSPENSION_REASONS) };
        else if (roll < 0.5) intent = { kind: "resume" };
        else if (roll < 0.55) intent = { kind: "retry" };
        else if (roll < 0.75) intent = { kind: "terminate", at };
        else if (roll < 0.77) intent = { kind: "delete" };
        let taken = false;
        if (intent) {
          taken = w.ask(intent, { at }) !== null;
          log.push(`${at - T}ms ${JSON.stringify(intent)} ${taken ? "taken" : "nothing"}`);
        } else {
          const raw = rng.pick(RAW_INFRA_STATES);
          w.observe(raw, { at });
          log.push(`${at - T}ms event ${raw}`);
        }
        const after = w.record;
        const note = `seed ${rng.seed}, walk ${walk}, step ${step}:\n  ${log.slice(-8).join("\n  ")}`;

        if (after.desired === "running") expect(after.graceEndsAt, note).toBeNull();
        if (after.desired === "suspended") {
          if (before.desired === "suspended") {
            expect(after.graceEndsAt, note).toBe(before.graceEndsAt);
            if (after.suspensionReason !== before.suspensionReason) reasonSwaps++;
          } else expect(after.graceEndsAt, note).toBe(at + FOURTEEN_DAYS);
        }
        if (after.desired === "deleted") expect(after.graceEndsAt, note).toBe(before.graceEndsAt);

        if (intent?.kind === "terminate") {
          const due = before.desired === "suspended" && before.graceEndsAt !== null && before.graceEndsAt <= at;
          expect(taken, note).toBe(due);
          if (taken) {
            terminated++;
            expect(after.desired, note).toBe("deleted");
            expect(w.timeline.at(-1)?.reason, note).toBe("grace_ended");
          } else if (before.desired === "suspended") refusedEarly++;
        }
      }
    }
    // The walks must reach the interesting corners, or they prove little.
    expect(terminated, `seed ${rng.seed}`).toBeGreaterThan(10);
    expect(refusedEarly, `seed ${rng.seed}`).toBeGreaterThan(10);
    expect(reasonSwaps, `seed ${rng.seed}`).toBeGreaterThan(10);
  });
});

describe("a swap keeps the episode going", () => {
  it("resumed by a swap, a workspace keeps its first grace date for when it is swapped out again", () => {
    const first = graceAfter({ desired: "running", graceEndsAt: null }, { desired: "suspended" }, 1_000);
    expect(first).toBe(1_000 + 14 * 24 * 60 * 60 * 1000);
    const swappedIn = graceAfter({ desired: "suspended", graceEndsAt: first }, { desired: "running" }, 5_000, true);
    expect(swappedIn).toBe(first);
    expect(graceAfter({ desired: "running", graceEndsAt: swappedIn }, { desired: "suspended" }, 9_000)).toBe(first);
    // Running again for any other reason (a bigger plan, a payment) ends the episode.
    expect(graceAfter({ desired: "suspended", graceEndsAt: first }, { desired: "running" }, 5_000)).toBeNull();
  });
});
