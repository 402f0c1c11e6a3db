/** ULIDs for the stand-ins, from the `ulid` package: in order within a millisecond too. */
import { encodeTime, monotonicFactory, ulid as randomUlid } from "ulid";

const nextMonotonic = monotonicFactory();
let lastTime = -1;

export function ulid(time = Date.now()): string {
  if (time >= lastTime && time > 0) {
    lastTime = time;
    return nextMonotonic(time);
  }
  return encodeTime(time) + randomUlid().slice(10);
}
