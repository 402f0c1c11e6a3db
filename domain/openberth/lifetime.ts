/**
 * How long things stay online (issue 14, docs/decisions/0034-lifetimes.md). OpenBerth takes
 * deployments offline by itself when their time is up; Harbor's part is to choose safe
 * defaults, show when, let people extend, and warn the day before.
 *
 * - Dashboard deployments default to the workspace's default lifetime, "until I delete it"
 *   unless changed in Settings.
 * - An access key's default lifetime (OpenBerth's per-user `defaultTtlHours`) is fixed when
 *   the key is made and cannot be "never" (0 there means the server's 72 h). A key made while
 *   the workspace default is "never" gets NEVER_KEY_HOURS, a value no other choice gives, and
 *   the 5-minute pass clears the expiry of deployments made with that default (PATCH ttl "0").
 *   Should the pass not run, those deployments still stay a year, not three days.
 * Pure: times in milliseconds, no clock.
 */
import type { TtlChoice } from "./resource-options";

export const DEFAULT_WORKSPACE_TTL: TtlChoice = "0";

/** A key's default lifetime that stands for "never" (one year, which no choice offers). */
export const NEVER_KEY_HOURS = 8760;

const HOUR_MS = 3_600_000;

/** The hours of a TTL choice ("0" → 0). */
export function ttlHoursOf(ttl: TtlChoice): number {
  return ttl === "0" ? 0 : Number.parseInt(ttl, 10);
}

/** The `ttlHours` a new access key is made with, for the workspace's default lifetime. */
export function keyTtlHours(workspaceDefault: TtlChoice): number {
  return workspaceDefault === "0" ? NEVER_KEY_HOURS : ttlHoursOf(workspaceDefault);
}

/** Whether a key was made to keep its deployments "until deleted". */
export function keyMeansNever(defaultTtlHours: number): boolean {
  return defaultTtlHours === NEVER_KEY_HOURS;
}

export interface LifetimeFacts {
  mode: string;
  /** Absent when it never expires. */
  ttlHours?: number;
  ownerId: string;
}

/**
 * Whether the pass should clear this deployment's expiry: a deployment (not a sandbox) made
 * with the default of a key that means "never" (an explicit lifetime given with the berth
 * tool, say `--ttl 1d`, is left alone).
 */
export function clearsExpiry(d: LifetimeFacts, ownerDefaultTtlHours: number | undefined): boolean {
  return (
    d.mode !== "sandbox" &&
    ownerDefaultTtlHours !== undefined &&
    keyMeansNever(ownerDefaultTtlHours) &&
    d.ttlHours === NEVER_KEY_HOURS
  );
}

/** What "Extend" sets: the same lifetime again, counted from now (OpenBerth's PATCH ttl). */
export function extendTtl(ttlHours: number | undefined): string | null {
  return ttlHours && ttlHours > 0 ? `${ttlHours}h` : null;
}

/** Deployments meant to last longer than this get an email the day before they go offline. */
export const WARN_LIFETIMES_OVER_HOURS = 48;
/** How long before going offline the email goes. */
export const WARN_AHEAD_MS = 24 * HOUR_MS;

/** Whether the day-before email is due now for a deployment expiring at `expiresAtMs`. */
export function expiryWarningDue(d: { mode: string; ttlHours?: number }, expiresAtMs: number | null, nowMs: number): boolean {
  if (d.mode === "sandbox" || expiresAtMs === null) return false;
  if (!d.ttlHours || d.ttlHours <= WARN_LIFETIMES_OVER_HOURS) return false;
  const left = expiresAtMs - nowMs;
  return left > 0 && left <= WARN_AHEAD_MS;
}

/** Time left until `expiresAtMs`, in whole days, hours and minutes (never negative). */
export function timeLeft(expiresAtMs: number, nowMs: number): { days: number; hours: number; minutes: number } {
  const minutesLeft = Math.max(0, Math.floor((expiresAtMs - nowMs) / 60_000));
  return { days: Math.floor(minutesLeft / 1440), hours: Math.floor((minutesLeft % 1440) / 60), minutes: minutesLeft % 60 };
}
