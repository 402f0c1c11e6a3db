// Every workspace's fate: with no plan all pause for the plan's reason; with a plan the
// workspaces in its regions run, up to its limit — first those the customer chose to keep
// (in their order), then the oldest of the rest — and the others pause for `downgrade`;
// an unknown plan changes nothing. Examples first, then seeded properties (a failure
// prints its seed; TEST_SEED=<seed> replays it).

import { describe, expect, it, onTestFailed } from "vitest";
import type { EffectivePlan } from "../../../../domain/billing/effective-plan";
import { keptWorkspaces, workspaceFates, type Fate, type FateWorkspace } from "../../../../domain/billing/workspace-fates";
import { planAllowsRegion, requirePlan, type Plan } from "../../../../domain/plans/catalog";
import type { Region } from "../../../../domain/regions";
import { seededRandom } from "../../../support/seeded-random";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);
const ws = (id: string, region: Region | null, day: number): FateWorkspace => ({
  id,
  region,
  createdAt: new Date(T0 + day * DAY),
});

const TRIAL = requirePlan("trial@1");
const HOBBY = requirePlan("hobby@1");
const PRO = requirePlan("pro@1");
const on = (plan: Plan): EffectivePlan => ({ kind: "plan", plan });

const RUN: Fate = { desired: "running", reason: null };
const DOWN: Fate = { desired: "suspended", reason: "downgrade" };

/** The ids that run, in input order. */
const runningIds = (fates: Map<string, Fate> | null) =>
  [...(fates ?? new Map<string, Fate>())].filter(([, f]) => f.desired === "running").map(([id]) => id);

// Three workspaces, two in the EU and one in the US; eu_old is the oldest.
const EU_OLD = ws("eu_old", "eu-west", 1);
const US_MID = ws("us_mid", "us-east", 2);
const EU_NEW = ws("eu_new", "eu-west", 3);
const THREE = [EU_NEW, US_MID, EU_OLD];

describe("with no plan", () => {
  it.each(["trial_ended", "payment_failed", "plan_ended"] as const)("every workspace pauses for %s", (reason) => {
    const fates = workspaceFates({ kind: "none", reason }, [...THREE, ws("nowhere", null, 0)], ["eu_new"]);
    expect(fates).toEqual(new Map(["eu_new", "us_mid", "eu_old", "nowhere"].map((id) => [id, { desired: "suspended", reason }])));
  });

  it("no workspaces: an empty answer, not null", () => {
    expect(workspaceFates({ kind: "none", reason: "trial_ended" }, [], null)).toEqual(new Map());
  });
});

describe("with an unknown plan", () => {
  it("nothing changes (null), whatever the workspaces or selection", () => {
    expect(workspaceFates({ kind: "unknown" }, THREE, null)).toBeNull();
    expect(workspaceFates({ kind: "unknown" }, THREE, ["eu_new"])).toBeNull();
    expect(workspaceFates({ kind: "unknown" }, [], null)).toBeNull();
  });
});

describe("on pro (5 workspaces, EU and US)", () => {
  it("three workspaces in both regions all run", () => {
    expect(workspaceFates(on(PRO), THREE, null)).toEqual(
      new Map<string, Fate>([
        ["eu_new", RUN],
        ["us_mid", RUN],
        ["eu_old", RUN],
      ]),
    );
  });

  it("a kept selection of one does not pause the others while there is room", () => {
    expect(runningIds(workspaceFates(on(PRO), THREE, ["us_mid"]))).toEqual(["eu_new", "us_mid", "eu_old"]);
  });

  it("seven workspaces: the five oldest run, the two newest pause for downgrade", () => {
    const seven = [6, 0, 5, 1, 4, 2, 3].map((d) => ws(`w${d}`, d % 2 ? "us-east" : "eu-west", d));
    const fates = workspaceFates(on(PRO), seven, null)!;
    expect(runningIds(fates).sort()).toEqual(["w0", "w1", "w2", "w3", "w4"]);
    expect(fates.get("w5")).toEqual(DOWN);
    expect(fates.get("w6")).toEqual(DOWN);
  });

  it("a workspace with no region never runs", () => {
    expect(workspaceFates(on(PRO), [ws("nowhere", null, 0), EU_OLD], null)).toEqual(
      new Map<string, Fate>([
        ["nowhere", DOWN],
        ["eu_old", RUN],
      ]),
    );
  });
});

describe("on hobby (1 workspace, EU only)", () => {
  it("no selection: the oldest EU workspace runs, the others pause for downgrade", () => {
    expect(workspaceFates(on(HOBBY), THREE, null)).toEqual(
      new Map<string, Fate>([
        ["eu_new", DOWN],
        ["us_mid", DOWN],
        ["eu_old", RUN],
      ]),
    );
  });

  it("an empty selection is no selection", () => {
    expect(workspaceFates(on(HOBBY), THREE, [])).toEqual(workspaceFates(on(HOBBY), THREE, null));
  });

  it("the oldest overall being in the US does not matter: the oldest EU one runs", () => {
    const list = [ws("us_first", "us-east", 0), EU_NEW, EU_OLD];
    expect(runningIds(workspaceFates(on(HOBBY), list, null))).toEqual(["eu_old"]);
  });

  it("keeping the newest EU workspace: that one runs instead", () => {
    expect(workspaceFates(on(HOBBY), THREE, ["eu_new"])).toEqual(
      new Map<string, Fate>([
        ["eu_new", RUN],
        ["us_mid", DOWN],
        ["eu_old", DOWN],
      ]),
    );
  });

  it("keeping a US workspace (a region hobby lacks) is ignored: the oldest EU one runs", () => {
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["us_mid"]))).toEqual(["eu_old"]);
    expect(workspaceFates(on(HOBBY), THREE, ["us_mid"])!.get("us_mid")).toEqual(DOWN);
  });

  it("an unknown id in the selection is ignored, the next kept one counts", () => {
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["ws_gone", "us_mid", "eu_new"]))).toEqual(["eu_new"]);
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["ws_gone"]))).toEqual(["eu_old"]);
  });

  it("an unknown id never shows up in the answer", () => {
    expect([...workspaceFates(on(HOBBY), THREE, ["ws_gone"])!.keys()].sort()).toEqual(["eu_new", "eu_old", "us_mid"]);
  });

  it("duplicates in the selection are ignored", () => {
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["eu_new", "eu_new", "eu_old"]))).toEqual(["eu_new"]);
  });

  it("a selection of more than the plan allows still runs only one: the first kept", () => {
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["eu_new", "eu_old"]))).toEqual(["eu_new"]);
    expect(runningIds(workspaceFates(on(HOBBY), THREE, ["eu_old", "eu_new"]))).toEqual(["eu_old"]);
  });

  it("no EU workspace at all: nothing runs", () => {
    expect(workspaceFates(on(HOBBY), [US_MID, ws("nowhere", null, 0)], null)).toEqual(
      new Map<string, Fate>([
        ["us_mid", DOWN],
        ["nowhere", DOWN],
      ]),
    );
  });

  it("two EU workspaces created at the same moment: the same one wins whatever the input order", () => {
    const a = ws("ws_a", "eu-west", 1);
    const b = ws("ws_b", "eu-west", 1);
    const one = runningIds(workspaceFates(on(HOBBY), [a, b], null));
    expect(one).toHaveLength(1);
    expect(runningIds(workspaceFates(on(HOBBY), [b, a], null))).toEqual(one);
  });
});

describe("on the trial (1 workspace, EU and US)", () => {
  it("the oldest of any region runs", () => {
    expect(runningIds(workspaceFates(on(TRIAL), THREE, null))).toEqual(["eu_old"]);
    expect(runningIds(workspaceFates(on(TRIAL), THREE, ["us_mid"]))).toEqual(["us_mid"]);
  });
});

describe("keptWorkspaces", () => {
  it("says the same as the fates (the ids that run)", () => {
    for (const kept of [null, [], ["eu_new"], ["us_mid"], ["eu_new", "eu_old"], ["ghost"]])
      for (const plan of [TRIAL, HOBBY, PRO])
        expect([...keptWorkspaces(plan, THREE, kept)].sort(), `${plan.id} ${JSON.stringify(kept)}`).toEqual(
          runningIds(workspaceFates(on(plan), THREE, kept)).sort(),
        );
  });
});

// ── Properties ───────────────────────────────────────────────────────────────

const CASES = 500;
const PLANS = [TRIAL, HOBBY, PRO];
const REGION_CHOICES: readonly (Region | null)[] = ["eu-west", "eu-west", "us-east", "us-east", null];

describe("whatever the workspaces, regions, ages and kept selection", () => {
  it("the fates keep every rule, and do not depend on the order of the input", () => {
    const rng = seededRandom();
    onTestFailed(() => console.error(`workspace fates: seed ${rng.seed} (replay with TEST_SEED=${rng.seed})`));
    let sawMustCut = 0;
    let sawKeptWins = 0;
    for (let c = 0; c < CASES; c++) {
      const count = rng.int(9);
      const workspaces: FateWorkspace[] = Array.from({ length: count }, (_, i) => ({
        // Unique ids, not in creation order.
        id: `ws_${rng.int(1000).toString(36)}_${i}`,
        region: rng.pick(REGION_CHOICES),
        // Few distinct days, so ties in age happen.
        createdAt: new Date(T0 + rng.int(4) * DAY + rng.pick([0, 0, 1])),
      }));
      const ids = workspaces.map((w) => w.id);
      const kept =
        rng.next() < 0.3
          ? null
          : Array.from({ length: rng.int(6) }, () => (rng.next() < 0.15 || ids.length === 0 ? "ws_ghost" : rng.pick(ids)));
      for (const plan of PLANS) {
        const note = `seed ${rng.seed}, case ${c}, ${plan.id}: ${JSON.stringify({ workspaces, kept })}`;
        const max = plan.entitlements.maxWorkspaces;
        const fates = workspaceFates(on(plan), workspaces, kept);
        expect(fates, note).not.toBeNull();
        const map = fates!;

        // Exactly the input ids, each once.
        expect([...map.keys()].sort(), note).toEqual([...ids].sort());

        const running = workspaces.filter((w) => map.get(w.id)!.desired === "running");
        const paused = workspaces.filter((w) => map.get(w.id)!.desired !== "running");
        const allowed = workspaces.filter((w) => w.region !== null && planAllowsRegion(plan, w.region));
        const isAllowed = (w: FateWorkspace) => allowed.includes(w);

        expect(running.length, note).toBeLessThanOrEqual(max);
        for (const w of running) {
          expect(isAllowed(w), note).toBe(true);
          expect(map.get(w.id), note).toEqual(RUN);
        }
        for (const w of paused) expect(map.get(w.id), note).toEqual(DOWN);

        // Never idle capacity: as many run as the plan allows, or every allowed one.
        expect(running.length, note).toBe(Math.min(max, allowed.length));
        if (allowed.length <= max) expect(running.length, note).toBe(allowed.length);

        // The customer's choice first, in its order (valid, first occurrence only).
        const validKept = [...new Set(kept ?? [])].filter((id) => allowed.some((w) => w.id === id));
        const mustRun = validKept.slice(0, max);
        for (const id of mustRun) expect(map.get(id), `${note}: kept ${id}`).toEqual(RUN);
        if (validKept.length >= max) {
          expect(running.map((w) => w.id).sort(), note).toEqual([...mustRun].sort());
          if (validKept.length > max) sawMustCut++;
        }
        if (validKept.length > 0 && allowed.length > max) sawKeptWins++;

        // Then the oldest of the rest: no paused allowed one (not kept) is older than a running one that was not kept.
        const runningUnkept = running.filter((w) => !validKept.includes(w.id));
        const pausedAllowed = paused.filter(isAllowed);
        for (const r of runningUnkept)
          for (const p of pausedAllowed)
            expect(r.createdAt.getTime(), `${note}: ${r.id} runs before older ${p.id}`).toBeLessThanOrEqual(
              p.createdAt.getTime(),
            );

        // Deterministic, and independent of the input order.
        expect(workspaceFates(on(plan), workspaces, kept), note).toEqual(map);
        const shuffled = workspaceFates(on(plan), rng.shuffle(workspaces), kept)!;
        expect(new Map([...shuffled].sort(([a], [b]) => (a < b ? -1 : 1))), note).toEqual(
          new Map([...map].sort(([a], [b]) => (a < b ? -1 : 1))),
        );
      }

      // No plan: every one pauses for the plan's reason, kept or not.
      const reason = rng.pick(["trial_ended", "payment_failed", "plan_ended"] as const);
      const none = workspaceFates({ kind: "none", reason }, workspaces, kept)!;
      expect([...none.keys()].sort()).toEqual([...ids].sort());
      for (const f of none.values()) expect(f, `seed ${rng.seed}, case ${c}`).toEqual({ desired: "suspended", reason });
    }
    // The cases must reach the interesting corners, or they prove little.
    expect(sawMustCut, `seed ${rng.seed}`).toBeGreaterThan(10);
    expect(sawKeptWins, `seed ${rng.seed}`).toBeGreaterThan(50);
  });
});
