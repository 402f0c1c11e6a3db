/**
 * The emulator's clock, shared by every instance of a host. Tests move it forward
 * (`POST /__control/clock`) to expire deployments without waiting; build timers use real
 * time so a moved clock never races them.
 *
 * The two timestamp formats are those a real server emits (see API.md §0): `created_at`
 * columns come back as RFC 3339, while `expires_at` / `updated_at` come back as the stored
 * SQLite text.
 */
const MAX_DATE_MS = 253402300799000; // 9999-12-31 23:59:59 UTC, the last instant both formats can spell

export class EmulatorClock {
  #offsetMs = 0;

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  advance(ms: number): void {
    this.#offsetMs += ms;
  }

  reset(): void {
    this.#offsetMs = 0;
  }
}

/** `2026-04-29T16:09:41Z` */
export function rfc3339(ms: number): string {
  return new Date(clampMs(ms)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `2026-04-29 16:09:41`: SQLite's CURRENT_TIMESTAMP and Go's "2006-01-02 15:04:05". */
export function sqlDateTime(ms: number): string {
  return rfc3339(ms).replace("T", " ").replace("Z", "");
}

/** `2026-04-29` */
export function sqlDate(ms: number): string {
  return rfc3339(ms).slice(0, 10);
}

/** Parses a `YYYY-MM-DD HH:MM:SS` UTC string back to epoch ms. */
export function parseSqlDateTime(text: string): number {
  return Date.parse(`${text.replace(" ", "T")}Z`);
}

function clampMs(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_DATE_MS);
}
