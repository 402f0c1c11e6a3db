/**
 * When the reminders that count down to a date are due: the trial's end (3 and 1 days
 * before) and a paused workspace's deletion (7, 3 and 1 days before). The hourly sweep
 * asks; the outbox's keys make each one once. A reminder whose moment has passed is not
 * sent late alongside a nearer one: only the nearest mark due is.
 */
import { DAY_MS } from "../trial";
import { DELETION_WARNING_DAYS, TRIAL_REMINDER_DAYS } from "./catalog";

/** The nearest of `marks` (days before `end`) whose moment has come, while `end` is still ahead. */
function nearestMarkDue(marks: readonly number[], end: number, at: number): number | null {
  if (at >= end) return null;
  const due = marks.filter((days) => at >= end - days * DAY_MS);
  return due.length === 0 ? null : Math.min(...due);
}

export function trialReminderDue(trialEndsAt: number, at: number): number | null {
  return nearestMarkDue(TRIAL_REMINDER_DAYS, trialEndsAt, at);
}

export function deletionWarningDue(graceEndsAt: number, at: number): number | null {
  return nearestMarkDue(DELETION_WARNING_DAYS, graceEndsAt, at);
}

/**
 * The last warning must give a real day's notice. A workspace that reaches its final day
 * with less than this left (paused before the warnings existed, or a sweep that did not
 * run) has its grace moved to a day from now before the warning goes.
 */
export const FINAL_NOTICE_MIN_MS = 20 * 60 * 60 * 1000;

export function extendedGraceFor(graceEndsAt: number, at: number): number | null {
  const last = Math.min(...DELETION_WARNING_DAYS);
  return graceEndsAt - at < FINAL_NOTICE_MIN_MS && (at >= graceEndsAt || deletionWarningDue(graceEndsAt, at) === last)
    ? at + last * DAY_MS
    : null;
}

/** A workspace whose grace ran out is deleted only once its final warning is in the outbox. */
export function deletionAllowed(graceEndsAt: number, at: number, finalWarningRecorded: boolean): boolean {
  return at >= graceEndsAt && finalWarningRecorded;
}

/** Whether a card stops working before the renewal date (cards run to the end of their expiry month). */
export function cardExpiresBefore(expYear: number, expMonth: number, renewsAt: number): boolean {
  const firstInvalidDay = Date.UTC(expYear, expMonth, 1); // month is 1-based: this is the next month's 1st
  return renewsAt >= firstInvalidDay;
}
