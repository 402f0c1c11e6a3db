import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { advanceClock, getClockOffset, now, resetClock, setClockOffset } from "../../../domain/clock";

const REAL = Date.UTC(2026, 3, 1, 12, 0, 0);

describe("clock", () => {
  beforeEach(() => {
    vi.spyOn(Date, "now").mockReturnValue(REAL);
    resetClock();
  });
  afterEach(() => {
    resetClock();
    vi.restoreAllMocks();
  });

  it("is real time when no offset is set", () => {
    expect(getClockOffset()).toBe(0);
    expect(now().getTime()).toBe(REAL);
  });

  it("returns a fresh Date each call (callers may not mutate shared time)", () => {
    expect(now()).not.toBe(now());
  });

  it("setClockOffset shifts now() by exactly the offset", () => {
    setClockOffset(5_000);
    expect(getClockOffset()).toBe(5_000);
    expect(now().getTime()).toBe(REAL + 5_000);
  });

  it("advanceClock adds to the current offset, including going back", () => {
    advanceClock(60_000);
    advanceClock(60_000);
    expect(now().getTime()).toBe(REAL + 120_000);
    advanceClock(-30_000);
    expect(getClockOffset()).toBe(90_000);
  });

  it("follows real time as it passes", () => {
    setClockOffset(1_000);
    vi.spyOn(Date, "now").mockReturnValue(REAL + 10);
    expect(now().getTime()).toBe(REAL + 1_010);
  });

  it("resetClock goes back to real time", () => {
    advanceClock(14 * 24 * 60 * 60 * 1000);
    resetClock();
    expect(getClockOffset()).toBe(0);
    expect(now().getTime()).toBe(REAL);
  });

  it("refuses offsets that are not finite numbers", () => {
    expect(() => setClockOffset(Number.NaN)).toThrow();
    expect(() => setClockOffset(Number.POSITIVE_INFINITY)).toThrow();
    expect(getClockOffset()).toBe(0);
  });
});
