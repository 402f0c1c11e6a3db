import { describe, expect, it } from "vitest";
import { requirePlan } from "../../../domain/plans/catalog";
import { DAY_MS, isTrialOver, trialEndsAtFor, trialStatus } from "../../../domain/trial";

const HOUR = 60 * 60 * 1000;
const MINUTE = 60 * 1000;
const END = new Date(Date.UTC(2026, 4, 15, 9, 30, 0));
const before = (ms: number) => new Date(END.getTime() - ms);

describe("trialStatus", () => {
  it("no trial end → none", () => {
    expect(trialStatus(null, END)).toEqual({ kind: "none" });
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
    expect(trialStatus(END, before(remaining))).toEqual(expected);
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
    expect(trialStatus(end, new Date(start.getTime() + 5_000))).toEqual({ kind: "active", daysLeft: 14 });
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
