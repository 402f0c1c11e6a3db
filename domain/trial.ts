// Free-trial countdown.
//
// Counting rule: days left are CALENDAR days in the person's time zone, from today to
// the day the trial ends. On the end date itself we say "ends today"; the day before,
// "1 day left"; right after signing up for a 14-day trial, "14 days left". At or after
// the end moment the trial has ended. Calendar days read the way people count ("ends
// on Tuesday" is "ends today" all Tuesday), which a 24-hour rounding rule does not.

import type { Plan } from "./plans/catalog";
import { getPlan, isTrialPlan } from "./plans/catalog";

export const DAY_MS = 24 * 60 * 60 * 1000;

export type TrialStatus = { kind: "none" } | { kind: "active"; daysLeft: number } | { kind: "ends-today" } | { kind: "ended" };

/** `timeZone` has no default on purpose: the person's zone (the request's), never an assumed UTC. */
export function trialStatus(trialEndsAt: Date | null, at: Date, timeZone: string): TrialStatus {
  if (trialEndsAt === null) return { kind: "none" };
  if (trialEndsAt.getTime() <= at.getTime()) return { kind: "ended" };
  const daysLeft = calendarDayNumber(trialEndsAt, timeZone) - calendarDayNumber(at, timeZone);
  return daysLeft <= 0 ? { kind: "ends-today" } : { kind: "active", daysLeft };
}

/** Days since the epoch of the calendar date `at` falls on in `timeZone`. */
function calendarDayNumber(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
    at,
  );
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round(Date.UTC(get("year"), get("month") - 1, get("day")) / DAY_MS);
}

/** When a trial on `plan` started at `startedAt` ends; null for non-trial plans. */
export function trialEndsAtFor(startedAt: Date, plan: Plan): Date | null {
  const days = plan.entitlements.trialDays;
  return days === null ? null : new Date(startedAt.getTime() + days * DAY_MS);
}

/** True once a trial plan's trial is over. Paid plans never "end" here. */
export function isTrialOver(plan: Plan, trialEndsAt: Date | null, at: Date): boolean {
  if (!isTrialPlan(plan) || trialEndsAt === null) return false;
  // An unreadable end date counts as ended: closed, and never a throw (authorize() relies on it).
  if (Number.isNaN(trialEndsAt.getTime())) return true;
  return trialEndsAt.getTime() <= at.getTime();
}

/** Who a countdown is about: an account, or a workspace's billing owner. */
export type TrialHolder = { planId: string; trialEndsAt: Date | null };

export type TrialCountdown = { status: TrialStatus; endsAt: Date | null };

/**
 * The trial countdown every page shows (/account, /workspaces): null when the plan is not
 * a trial (or unknown), else its status counted in calendar days in `timeZone` — the
 * request's time zone (rc.timeZone). The one home of the countdown.
 */
export function trialCountdown(holder: TrialHolder, at: Date, timeZone: string): TrialCountdown | null {
  const plan = getPlan(holder.planId);
  if (!plan || !isTrialPlan(plan)) return null;
  return { status: trialStatus(holder.trialEndsAt, at, timeZone), endsAt: holder.trialEndsAt };
}

/** When a trial that is still running will end (and pause what it pays for); null otherwise. */
export function upcomingTrialEnd(holder: TrialHolder, at: Date): Date | null {
  const plan = getPlan(holder.planId);
  if (!plan || holder.trialEndsAt === null || !isTrialPlan(plan)) return null;
  return isTrialOver(plan, holder.trialEndsAt, at) ? null : holder.trialEndsAt;
}
