// The one clock of the app. Everything that asks "what time is it?" calls now().
//
// Why an offset instead of a fake timer: tests (unit, integration and e2e) must be
// able to move time forward — e.g. to watch a trial end — but code running inside
// workerd cannot have Date.now faked from outside the process. A process-wide
// offset that only local test controls change gives every layer the same notion
// of "now" without touching the global Date.

let offsetMs = 0;

/** Current time: real time shifted by the test offset (0 in production). */
export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

/** Set the offset outright. Only local test controls call this. */
export function setClockOffset(ms: number): void {
  if (!Number.isFinite(ms)) throw new Error(`Clock offset must be a finite number, got ${ms}`);
  offsetMs = ms;
}

export function getClockOffset(): number {
  return offsetMs;
}

/** Move time forward (or back, with a negative value) by `ms`. Test controls only. */
export function advanceClock(ms: number): void {
  setClockOffset(offsetMs + ms);
}

/** Back to real time. */
export function resetClock(): void {
  offsetMs = 0;
}
