import { encodeTime, monotonicFactory, ulid as randomUlid } from "ulid";

/**
 * Sortable unique ids (ULID: 48-bit millisecond time + 80 random bits, Crockford base32),
 * so rows sort by creation without an extra column. From the `ulid` package: ids made in
 * the same millisecond (workerd's clock stands still until I/O) still sort in the order
 * they were made. An explicit time earlier than the last one gets an id of that time, so
 * that timeline ids sort by the time they are given, not by when they were written.
 */
const nextMonotonic = monotonicFactory();
let lastTime = -1;

export function ulid(time = Date.now()): string {
  // The package reads a time of 0 as "now"; 0 only comes from a test clock, and sorts first anyway.
  if (time >= lastTime && time > 0) {
    lastTime = time;
    return nextMonotonic(time);
  }
  return encodeTime(time) + randomUlid().slice(10);
}

/** Ids with a readable prefix, e.g. "ws_01J…" for a workspace. */
export function prefixedId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
