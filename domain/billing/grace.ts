// The one grace of a pause (docs/decisions/0027): a paused workspace's data is kept for 14
// days from the first pause of an episode. Swapping which workspace runs, or the reason
// changing (trial ended → payment failed), never moves it; resuming ends the episode.

import { DAY_MS } from "../trial";
import type { DesiredState } from "../lifecycle/states";

export const GRACE_DAYS = 14;

/**
 * The grace end after an intent changes from `before` to `after`: set when a pause
 * begins, kept while it lasts, cleared when the workspace is asked to run again — unless
 * it runs by a swap, so that swapping it back out later keeps its first date.
 */
export function graceAfter(
  before: { desired: DesiredState; graceEndsAt: number | null },
  after: { desired: DesiredState },
  at: number,
  /** A swap (the customer chose which workspace runs): the episode goes on, its date too. */
  swap = false,
): number | null {
  if (after.desired === "running") return swap ? before.graceEndsAt : null;
  if (after.desired === "suspended") return before.graceEndsAt ?? at + GRACE_DAYS * DAY_MS;
  // Deleted: the date no longer matters, but is kept for the record.
  return before.graceEndsAt;
}

/** Whether a paused workspace's grace is over (its data may now be deleted). */
export function graceOver(graceEndsAt: number | null, at: number): boolean {
  return graceEndsAt !== null && graceEndsAt <= at;
}
