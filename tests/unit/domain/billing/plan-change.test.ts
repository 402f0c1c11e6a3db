// What changing plan would do, before anything changes: which workspaces can be kept,
// which would pause and why, which kept ones are over the new plan's deployment count or
// size caps, and which choices a customer may send back.

import { describe, expect, it } from "vitest";
import {
  changeDirection,
  previewPlanChange,
  validKeepChoice,
  type PlanChangeWorkspace,
} from "../../../../domain/billing/plan-change";
import { workspaceFates } from "../../../../domain/billing/workspace-fates";
import { requirePlan, type Plan } from "../../../../domain/plans/catalog";
import type { Region } from "../../../../domain/regions";

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 0, 1);

const TRIAL = requirePlan("trial@1");
const HOBBY = requirePlan("hobby@1");
const PRO = requirePlan("pro@1");

function ws(id: string, region: Region | null, day: number, more: Partial<PlanChangeWorkspace> = {}): PlanChangeWorkspace {
  return {
    id,
    name: id.replace("_", " "),
    region,
    createdAt: new Date(T0 + day * DAY),
    deployments: { count: 2, overSize: 0 },
    ...more,
  };
}

// On pro: two EU workspaces and one US one; eu_old is the oldest.
const EU_OLD = ws("eu_old", "eu-west", 1);
const US_MID = ws("us_mid", "us-east", 2);
const EU_NEW = ws("eu_new", "eu-west", 3);
const THREE = [EU_OLD, US_MID, EU_NEW];

describe("changeDirection", () => {
  it("pro → hobby is a downgrade, hobby → pro an upgrade", () => {
    expect(changeDirection(PRO, HOBBY)).toBe("downgrade");
    expect(changeDirection(HOBBY, PRO)).toBe("upgrade");
  });

  it("from the trial, every paid plan is an upgrade (even one with fewer regions)", () => {
    expect(changeDirection(TRIAL, PRO)).toBe("upgrade");
    expect(changeDirection(TRIAL, HOBBY)).toBe("upgrade");
    expect(changeDirection(PRO, TRIAL)).toBe("downgrade");
  });

  it.each([TRIAL, HOBBY, PRO])("from no plan at all, any plan (%s) is an upgrade", (to) => {
    expect(changeDirection(null, to)).toBe("upgrade");
  });

  it.each([TRIAL, HOBBY, PRO])("%s → itself is the same", (plan) => {
    expect(changeDirection(plan, plan)).toBe("same");
  });

  it("a plan with more regions and as many workspaces is up, and back is down", () => {
    const euOnly: Plan = { ...HOBBY, id: "hobby@7" as Plan["id"] };
    const both: Plan = {
      ...HOBBY,
      id: "hobby@8" as Plan["id"],
      entitlements: { ...HOBBY.entitlements, regions: ["eu-west", "us-east"] },
    };
    expect(changeDirection(euOnly, both)).toBe("upgrade");
    expect(changeDirection(both, euOnly)).toBe("downgrade");
  });
});

describe("previewPlanChange pro → hobby, workspaces in the EU and the US", () => {
  const preview = previewPlanChange(PRO, HOBBY, THREE, null);

  it("is a downgrade to one workspace", () => {
    expect(preview.direction).toBe("downgrade");
    expect(preview.maxWorkspaces).toBe(1);
  });

  it("only the EU workspaces can be chosen", () => {
    expect([...preview.choosable].sort()).toEqual(["eu_new", "eu_old"]);
  });

  it("two choosable for one place: the customer must choose", () => {
    expect(preview.mustChoose).toBe(true);
  });

  it("by default the oldest EU workspace is kept", () => {
    expect(preview.keep).toEqual(["eu_old"]);
  });

  it("the US workspace would pause for its region, the newer EU one for the limit", () => {
    expect([...preview.paused].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: "eu_new", why: "over_limit" },
      { id: "us_mid", why: "region" },
    ]);
  });

  it("nothing over the caps when deployments are few and small", () => {
    expect(preview.overDeploymentLimit).toEqual([]);
    expect(preview.overSizeCaps).toEqual([]);
  });

  it("choosing the newer EU workspace keeps it and pauses the older one for the limit", () => {
    const chosen = previewPlanChange(PRO, HOBBY, THREE, ["eu_new"]);
    expect(chosen.keep).toEqual(["eu_new"]);
    expect(chosen.paused).toContainEqual({ id: "eu_old", why: "over_limit" });
    expect(chosen.paused).toContainEqual({ id: "us_mid", why: "region" });
    expect(chosen.paused).toHaveLength(2);
    expect(chosen.mustChoose).toBe(true);
  });

  it("choosing the US workspace is not possible: the default applies", () => {
    const chosen = previewPlanChange(PRO, HOBBY, THREE, ["us_mid"]);
    expect(chosen.keep).toEqual(["eu_old"]);
    expect(chosen.paused).toContainEqual({ id: "us_mid", why: "region" });
  });

  it("keeps exactly what the fates would run on hobby with that choice", () => {
    for (const chosen of [null, ["eu_new"], ["eu_old"], ["us_mid"], ["eu_new", "eu_old"]]) {
      const fates = workspaceFates({ kind: "plan", plan: HOBBY }, THREE, chosen)!;
      const running = [...fates].filter(([, f]) => f.desired === "running").map(([id]) => id);
      expect([...previewPlanChange(PRO, HOBBY, THREE, chosen).keep].sort(), JSON.stringify(chosen)).toEqual(running.sort());
    }
  });

  it("every workspace is either kept or paused, never both", () => {
    for (const chosen of [null, ["eu_new"], ["us_mid", "eu_old"]]) {
      const p = previewPlanChange(PRO, HOBBY, THREE, chosen);
      const paused = p.paused.map((x) => x.id);
      expect([...p.keep, ...paused].sort()).toEqual(["eu_new", "eu_old", "us_mid"]);
    }
  });

  it("a workspace with no region is paused for its region and cannot be chosen", () => {
    const p = previewPlanChange(PRO, HOBBY, [ws("nowhere", null, 0), EU_OLD], null);
    expect(p.choosable).toEqual(["eu_old"]);
    expect(p.paused).toEqual([{ id: "nowhere", why: "region" }]);
    expect(p.mustChoose).toBe(false);
  });
});

describe("previewPlanChange to a plan with room (hobby → pro)", () => {
  const one = [ws("eu_only", "eu-west", 1)];

  it("keeps everything, nothing to choose, nothing paused", () => {
    const p = previewPlanChange(HOBBY, PRO, [...THREE], null);
    expect(p.direction).toBe("upgrade");
    expect(p.maxWorkspaces).toBe(5);
    expect(p.mustChoose).toBe(false);
    expect([...p.keep].sort()).toEqual(["eu_new", "eu_old", "us_mid"]);
    expect(p.paused).toEqual([]);
  });

  it("to hobby with a single EU workspace: nothing to choose", () => {
    const p = previewPlanChange(PRO, HOBBY, one, null);
    expect(p).toMatchObject({ mustChoose: false, keep: ["eu_only"], paused: [], choosable: ["eu_only"] });
  });

  it("no workspaces at all: an empty preview", () => {
    expect(previewPlanChange(null, HOBBY, [], null)).toEqual({
      direction: "upgrade",
      choosable: [],
      maxWorkspaces: 1,
      mustChoose: false,
      keep: [],
      paused: [],
      overDeploymentLimit: [],
      overSizeCaps: [],
    });
  });
});

describe("kept workspaces over hobby's deployment limit (10)", () => {
  it("a kept workspace with more deployments than 10 is listed with its count and the limit", () => {
    const busy = ws("eu_old", "eu-west", 1, { deployments: { count: 12, overSize: 0 } });
    const p = previewPlanChange(PRO, HOBBY, [busy, US_MID, EU_NEW], null);
    expect(p.overDeploymentLimit).toEqual([{ id: "eu_old", count: 12, limit: 10 }]);
  });

  it("exactly 10 is within the limit", () => {
    const full = ws("eu_old", "eu-west", 1, { deployments: { count: 10, overSize: 0 } });
    expect(previewPlanChange(PRO, HOBBY, [full], null).overDeploymentLimit).toEqual([]);
  });

  it("11 is over", () => {
    const over = ws("eu_old", "eu-west", 1, { deployments: { count: 11, overSize: 0 } });
    expect(previewPlanChange(PRO, HOBBY, [over], null).overDeploymentLimit).toEqual([{ id: "eu_old", count: 11, limit: 10 }]);
  });

  it("a workspace that would pause is not listed, however busy", () => {
    const busyUs = ws("us_mid", "us-east", 2, { deployments: { count: 40, overSize: 0 } });
    const busyNew = ws("eu_new", "eu-west", 3, { deployments: { count: 40, overSize: 0 } });
    expect(previewPlanChange(PRO, HOBBY, [EU_OLD, busyUs, busyNew], null).overDeploymentLimit).toEqual([]);
  });

  it("the customer's choice decides which one is checked", () => {
    const busyNew = ws("eu_new", "eu-west", 3, { deployments: { count: 40, overSize: 0 } });
    expect(previewPlanChange(PRO, HOBBY, [EU_OLD, busyNew], ["eu_new"]).overDeploymentLimit).toEqual([
      { id: "eu_new", count: 40, limit: 10 },
    ]);
  });

  it("when the server could not be asked (deployments null), nothing is claimed", () => {
    const unknown = ws("eu_old", "eu-west", 1, { deployments: null });
    expect(previewPlanChange(PRO, HOBBY, [unknown], null).overDeploymentLimit).toEqual([]);
  });

  it("pro has no deployment limit: never over", () => {
    const busy = ws("eu_old", "eu-west", 1, { deployments: { count: 10_000, overSize: 0 } });
    expect(previewPlanChange(HOBBY, PRO, [busy], null).overDeploymentLimit).toEqual([]);
  });

  it("the trial's limit (3) is the one used when moving to the trial", () => {
    const four = ws("eu_old", "eu-west", 1, { deployments: { count: 4, overSize: 0 } });
    expect(previewPlanChange(PRO, TRIAL, [four], null).overDeploymentLimit).toEqual([{ id: "eu_old", count: 4, limit: 3 }]);
  });
});

describe("kept workspaces over hobby's size caps (1g memory, 1 processor)", () => {
  const withSizes = (sizes: PlanChangeWorkspace["sizes"], id = "eu_old", region: Region = "eu-west") =>
    ws(id, region, 1, { sizes });

  it("a deployment with 2g of memory is over", () => {
    expect(previewPlanChange(PRO, HOBBY, [withSizes([{ memory: "2g", cpus: null }])], null).overSizeCaps).toEqual([
      { id: "eu_old", count: 1 },
    ]);
  });

  it("a deployment with 2 processors is over", () => {
    expect(previewPlanChange(PRO, HOBBY, [withSizes([{ memory: null, cpus: 2 }])], null).overSizeCaps).toEqual([
      { id: "eu_old", count: 1 },
    ]);
  });

  it("counts each deployment over either cap once", () => {
    const sizes = [
      { memory: "2g", cpus: 2 }, // over both: counts once
      { memory: "2g", cpus: 0.5 },
      { memory: "256m", cpus: 1.5 },
      { memory: "1g", cpus: 1 }, // exactly the caps
      { memory: "512m", cpus: null },
      { memory: null, cpus: null },
    ];
    expect(previewPlanChange(PRO, HOBBY, [withSizes(sizes)], null).overSizeCaps).toEqual([{ id: "eu_old", count: 3 }]);
  });

  it("exactly the caps, written another way (1024m, 1G), is within", () => {
    const sizes = [
      { memory: "1024m", cpus: 1 },
      { memory: "1G", cpus: 1 },
      { memory: String(1024 ** 3), cpus: 1 },
    ];
    expect(previewPlanChange(PRO, HOBBY, [withSizes(sizes)], null).overSizeCaps).toEqual([]);
  });

  it("one byte over 1g is over", () => {
    const sizes = [
      { memory: String(1024 ** 3 + 1), cpus: null },
      { memory: "1025m", cpus: null },
    ];
    expect(previewPlanChange(PRO, HOBBY, [withSizes(sizes)], null).overSizeCaps).toEqual([{ id: "eu_old", count: 2 }]);
  });

  it("no size asked for (null, empty, 0) is within", () => {
    const sizes = [
      { memory: null, cpus: null },
      { memory: "", cpus: null },
      { memory: "0", cpus: null },
    ];
    expect(previewPlanChange(PRO, HOBBY, [withSizes(sizes)], null).overSizeCaps).toEqual([]);
  });

  it("the same deployments fit pro (4g, 2 processors)", () => {
    const sizes = [
      { memory: "2g", cpus: 2 },
      { memory: "4g", cpus: 1 },
    ];
    expect(previewPlanChange(HOBBY, PRO, [withSizes(sizes)], null).overSizeCaps).toEqual([]);
    expect(previewPlanChange(HOBBY, PRO, [withSizes([{ memory: "5g", cpus: 3 }])], null).overSizeCaps).toEqual([
      { id: "eu_old", count: 1 },
    ]);
  });

  it("a workspace that would pause is not checked", () => {
    const bigUs = withSizes([{ memory: "2g", cpus: 2 }], "us_mid", "us-east");
    expect(previewPlanChange(PRO, HOBBY, [EU_OLD, bigUs], null).overSizeCaps).toEqual([]);
  });

  it("no sizes given: nothing claimed", () => {
    expect(previewPlanChange(PRO, HOBBY, [withSizes(undefined)], null).overSizeCaps).toEqual([]);
    expect(previewPlanChange(PRO, HOBBY, [withSizes([])], null).overSizeCaps).toEqual([]);
  });
});

describe("validKeepChoice", () => {
  const mustChoose = previewPlanChange(PRO, HOBBY, THREE, null);
  const roomy = previewPlanChange(HOBBY, PRO, THREE, null);

  it("a choosable workspace, within the limit, is taken", () => {
    expect(validKeepChoice(mustChoose, ["eu_new"])).toEqual(["eu_new"]);
    expect(validKeepChoice(mustChoose, ["eu_old"])).toEqual(["eu_old"]);
  });

  it("an unknown id is refused", () => {
    expect(validKeepChoice(mustChoose, ["ws_ghost"])).toBeNull();
    expect(validKeepChoice(roomy, ["eu_old", "ws_ghost"])).toBeNull();
  });

  it("a workspace in a region the plan lacks is refused", () => {
    expect(validKeepChoice(mustChoose, ["us_mid"])).toBeNull();
  });

  it("the same id twice is refused (even if one would fit)", () => {
    expect(validKeepChoice(mustChoose, ["eu_new", "eu_new"])).toBeNull();
    expect(validKeepChoice(roomy, ["eu_old", "eu_old"])).toBeNull();
  });

  it("more than the plan allows is refused", () => {
    expect(validKeepChoice(mustChoose, ["eu_new", "eu_old"])).toBeNull();
  });

  it("nothing chosen when a choice must be made is refused", () => {
    expect(validKeepChoice(mustChoose, [])).toBeNull();
  });

  it("nothing chosen when there is room for all is fine", () => {
    expect(validKeepChoice(roomy, [])).toEqual([]);
  });

  it("on a roomy plan any set of choosable workspaces up to the limit is taken, in the order sent", () => {
    expect(validKeepChoice(roomy, ["us_mid", "eu_new", "eu_old"])).toEqual(["us_mid", "eu_new", "eu_old"]);
  });

  it("the answer is a copy, not the array sent", () => {
    const sent = ["eu_new"];
    const taken = validKeepChoice(mustChoose, sent);
    expect(taken).toEqual(sent);
    expect(taken).not.toBe(sent);
  });
});
