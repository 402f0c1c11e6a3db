import { describe, expect, it } from "vitest";
import { PLAN_CATALOG, requirePlan, SIGNUP_PLAN_ID, isTrialPlan, trialPlanIds } from "../../../domain/plans/catalog";
import { DAY_MS, isTrialOver, trialCountdown, trialEndsAtFor, trialStatus, upcomingTrialEnd } from "../../../domain/trial";

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const END = new Date(Date.UTC(2026, 4, 15, 9, 30, 0));
const before = (ms: number) => new Date(END.getTime() - ms);

describe("trialStatus", () => {
  it("no trial end → none", () => {
    expect(trialStatus(null, END, "UTC")).toEqual({ kind: "none" });
  });

  // END is 15 May 2026 09:30 UTC.
  it.each([
    ["14 days before, same time", 14 * DAY_MS, { kind: "active", daysLeft: 14 }],
    ["13 days 1 hour before (still 13 calendar days)", 13 * DAY_MS + HOUR, { kind: "active", daysLeft: 13 }],
    ["13 days before", 13 * DAY_MS, { kind: "active", daysLeft: 13 }],
    ["the day before, same time", DAY_MS, { kind: "active", daysLeft: 1 }],
    ["the day before, 23:59 UTC", 9 * HOUR + 31 * MINUTE, { kind: "active", daysLeft: 1 }],
    ["the end date, 00:00 UTC", 9 * HOUR + 30 * MINUTE, { kind: "ends-today" }],
    ["1 ms before the end", 1, { kind: "ends-today" }],
    ["the end itself", 0, { kind: "ended" }],
    ["1 ms after the end", -1, { kind: "ended" }],
    ["a week after the end", -7 * DAY_MS, { kind: "ended" }],
  ])("%s → %j", (_label, remaining, expected) => {
    expect(trialStatus(END, before(remaining), "UTC")).toEqual(expected);
  });

  it("counts calendar days in the person's time zone", () => {
    // 15 May 09:30 UTC is 15 May 19:30 in Sydney and 15 May 02:30 in Los Angeles.
    const at = new Date(Date.UTC(2026, 4, 14, 20, 0, 0)); // 14 May 20:00 UTC
    expect(trialStatus(END, at, "UTC")).toEqual({ kind: "active", daysLeft: 1 });
    // In Sydney it is already 15 May (06:00): the end date.
    expect(trialStatus(END, at, "Australia/Sydney")).toEqual({ kind: "ends-today" });
    // In Los Angeles it is 14 May 13:00; the trial ends on 15 May there too.
    expect(trialStatus(END, at, "America/Los_Angeles")).toEqual({ kind: "active", daysLeft: 1 });
  });

  it("right after sign-up a 14-day trial shows 14", () => {
    const start = new Date(Date.UTC(2026, 0, 1));
    const end = trialEndsAtFor(start, requirePlan("trial@1"))!;
    expect(trialStatus(end, new Date(start.getTime() + 5_000), "UTC")).toEqual({ kind: "active", daysLeft: 14 });
  });
});

describe("trialEndsAtFor", () => {
  it("adds the plan's trial days to the start", () => {
    const start = new Date(Date.UTC(2026, 2, 20, 8, 0, 0));
    expect(trialEndsAtFor(start, requirePlan("trial@1"))?.toISOString()).toBe("2026-04-03T08:00:00.000Z");
  });

  it("is null for plans without a trial", () => {
    expect(trialEndsAtFor(new Date(), requirePlan("hobby@1"))).toBeNull();
    expect(trialEndsAtFor(new Date(), requirePlan("pro@1"))).toBeNull();
  });
});

describe("isTrialOver", () => {
  it("only trial plans can have an ended trial", () => {
    expect(isTrialOver(requirePlan("trial@1"), END, END)).toBe(true);
    expect(isTrialOver(requirePlan("trial@1"), END, before(1))).toBe(false);
    expect(isTrialOver(requirePlan("trial@1"), null, END)).toBe(false);
    // A paid account may keep its old trial end date; it no longer matters.
    expect(isTrialOver(requirePlan("pro@1"), END, new Date(END.getTime() + DAY_MS))).toBe(false);
  });

  it("an unreadable end date counts as ended instead of throwing", () => {
    expect(isTrialOver(requirePlan("trial@1"), new Date(Number.NaN), END)).toBe(true);
    expect(isTrialOver(requirePlan("pro@1"), new Date(Number.NaN), END)).toBe(false);
  });
});

describe("is this a trial: one rule, by the plan's entitlements", () => {
  it("a plan is a trial exactly when it lasts a number of days", () => {
    for (const plan of Object.values(PLAN_CATALOG)) {
      expect(isTrialPlan(plan)).toBe(plan.entitlements.trialDays !== null);
      // The family name agrees with the rule for every shipped plan (nobody should need to look at it).
      expect(plan.family === "trial").toBe(isTrialPlan(plan));
    }
  });

  it("trialPlanIds() (the SQL sweep's list) is exactly the trial plans, every version", () => {
    expect(trialPlanIds()).toEqual(
      Object.values(PLAN_CATALOG)
        .filter(isTrialPlan)
        .map((p) => p.id),
    );
    expect(trialPlanIds()).toContain("trial@1");
    expect(trialPlanIds()).not.toContain("pro@1");
  });

  it("new accounts start on a trial plan", () => {
    expect(isTrialPlan(requirePlan(SIGNUP_PLAN_ID))).toBe(true);
    expect(trialPlanIds()).toContain(SIGNUP_PLAN_ID);
  });
});

describe("trialCountdown: the countdown every page shows, in the person's time zone", () => {
  const onTrial = (trialEndsAt: Date | null) => ({ planId: "trial@1", trialEndsAt });

  it("is null for a paid plan or an unknown one, whatever end date is left behind", () => {
    expect(trialCountdown({ planId: "pro@1", trialEndsAt: END }, before(DAY_MS), "UTC")).toBeNull();
    expect(trialCountdown({ planId: "gold@9", trialEndsAt: END }, before(DAY_MS), "UTC")).toBeNull();
  });

  it("gives the status and the end", () => {
    expect(trialCountdown(onTrial(END), before(3 * DAY_MS), "UTC")).toEqual({
      status: { kind: "active", daysLeft: 3 },
      endsAt: END,
    });
    expect(trialCountdown(onTrial(END), END, "UTC")).toEqual({ status: { kind: "ended" }, endsAt: END });
    expect(trialCountdown(onTrial(null), END, "UTC")).toEqual({ status: { kind: "none" }, endsAt: null });
  });

  // A trial ending on 20 May 2026 at 10:00 in Auckland (NZST, UTC+12) = 19 May 22:00 UTC.
  describe("Pacific/Auckland, around its midnight (UTC is still on the day before)", () => {
    const tz = "Pacific/Auckland";
    const end = new Date(Date.UTC(2026, 4, 19, 22, 0, 0));

    it.each([
      // Auckland time                          UTC                                      days left
      ["18 May 23:59 (UTC 18 May 11:59)", Date.UTC(2026, 4, 18, 11, 59), { kind: "active", daysLeft: 2 }],
      ["19 May 00:00 (UTC 18 May 12:00)", Date.UTC(2026, 4, 18, 12, 0), { kind: "active", daysLeft: 1 }],
      ["19 May 23:59 (UTC 19 May 11:59)", Date.UTC(2026, 4, 19, 11, 59), { kind: "active", daysLeft: 1 }],
      ["20 May 00:00 (UTC 19 May 12:00)", Date.UTC(2026, 4, 19, 12, 0), { kind: "ends-today" }],
      ["20 May 09:59 (UTC 19 May 21:59)", Date.UTC(2026, 4, 19, 21, 59), { kind: "ends-today" }],
      ["20 May 10:00, the end", Date.UTC(2026, 4, 19, 22, 0), { kind: "ended" }],
    ] as const)("at %s → %j", (_label, at, expected) => {
      expect(trialCountdown(onTrial(end), new Date(at), tz)?.status).toEqual(expected);
    });

    it("late in the evening, UTC would count a day fewer", () => {
      const at = new Date(Date.UTC(2026, 4, 18, 11, 59)); // 18 May 23:59 in Auckland
      expect(trialCountdown(onTrial(end), at, tz)?.status).toEqual({ kind: "active", daysLeft: 2 });
      expect(trialCountdown(onTrial(end), at, "UTC")?.status).toEqual({ kind: "active", daysLeft: 1 });
    });
  });

  // A trial ending on 20 May 2026 at 01:00 in Los Angeles (PDT, UTC−7) = 20 May 08:00 UTC.
  describe("America/Los_Angeles, around its midnight (UTC is already on the next day)", () => {
    const tz = "America/Los_Angeles";
    const end = new Date(Date.UTC(2026, 4, 20, 8, 0, 0));

    it.each([
      ["18 May 23:59 (UTC 19 May 06:59)", Date.UTC(2026, 4, 19, 6, 59), { kind: "active", daysLeft: 2 }],
      ["19 May 00:00 (UTC 19 May 07:00)", Date.UTC(2026, 4, 19, 7, 0), { kind: "active", daysLeft: 1 }],
      ["19 May 17:00 (UTC 20 May 00:00)", Date.UTC(2026, 4, 20, 0, 0), { kind: "active", daysLeft: 1 }],
      ["19 May 23:59 (UTC 20 May 06:59)", Date.UTC(2026, 4, 20, 6, 59), { kind: "active", daysLeft: 1 }],
      ["20 May 00:00 (UTC 20 May 07:00)", Date.UTC(2026, 4, 20, 7, 0), { kind: "ends-today" }],
      ["20 May 01:00, the end", Date.UTC(2026, 4, 20, 8, 0), { kind: "ended" }],
    ] as const)("at %s → %j", (_label, at, expected) => {
      expect(trialCountdown(onTrial(end), new Date(at), tz)?.status).toEqual(expected);
    });

    it("on the evening before the last day, UTC would already say it ends today", () => {
      const at = new Date(Date.UTC(2026, 4, 20, 0, 0)); // 19 May 17:00 in Los Angeles
      expect(trialCountdown(onTrial(end), at, tz)?.status).toEqual({ kind: "active", daysLeft: 1 });
      expect(trialCountdown(onTrial(end), at, "UTC")?.status).toEqual({ kind: "ends-today" });
    });
  });
});

describe("upcomingTrialEnd: a trial that will end and pause what it pays for", () => {
  it("is the end while the trial runs, and null once it is over", () => {
    expect(upcomingTrialEnd({ planId: "trial@1", trialEndsAt: END }, before(1))).toEqual(END);
    expect(upcomingTrialEnd({ planId: "trial@1", trialEndsAt: END }, END)).toBeNull();
  });

  it("is null without a trial: a paid plan, an unknown one, no end, or an unreadable end", () => {
    expect(upcomingTrialEnd({ planId: "pro@1", trialEndsAt: END }, before(DAY_MS))).toBeNull();
    expect(upcomingTrialEnd({ planId: "gold@9", trialEndsAt: END }, before(DAY_MS))).toBeNull();
    expect(upcomingTrialEnd({ planId: "trial@1", trialEndsAt: null }, before(DAY_MS))).toBeNull();
    expect(upcomingTrialEnd({ planId: "trial@1", trialEndsAt: new Date(Number.NaN) }, before(DAY_MS))).toBeNull();
  });
});
