import { describe, expect, it } from "vitest";
import {
  clearsExpiry,
  expiryWarningDue,
  extendTtl,
  keyTtlHours,
  NEVER_KEY_HOURS,
  timeLeft,
  ttlHoursOf,
} from "../../../domain/openberth/lifetime";
import { TTL_CHOICES } from "../../../domain/openberth/resource-options";
import { goesOfflineIn, lifetimeLabel } from "../../../domain/vocabulary";

const H = 3_600_000;

describe("a key's default lifetime", () => {
  it("is the workspace default in hours, except 'never', which OpenBerth can't store as such", () => {
    expect(keyTtlHours("24h")).toBe(24);
    expect(keyTtlHours("720h")).toBe(720);
    // 0 would mean OpenBerth's own default (72 h), the opposite of "never".
    expect(keyTtlHours("0")).not.toBe(0);
    expect(keyTtlHours("0")).toBeGreaterThan(720);
  });
  it("for 'never' is a value no other choice gives, so the pass can tell it apart", () => {
    const others = TTL_CHOICES.filter((t) => t !== "0").map(keyTtlHours);
    expect(others).not.toContain(keyTtlHours("0"));
  });
});

describe("the pass that keeps 'never' deployments online", () => {
  const never = NEVER_KEY_HOURS;
  it("clears a deployment made with a 'never' key's default", () => {
    expect(clearsExpiry({ mode: "deploy", ttlHours: never, ownerId: "u" }, never)).toBe(true);
  });
  it("leaves alone a lifetime chosen explicitly, a sandbox, an older key and an unknown owner", () => {
    expect(clearsExpiry({ mode: "deploy", ttlHours: 24, ownerId: "u" }, never)).toBe(false);
    expect(clearsExpiry({ mode: "sandbox", ttlHours: never, ownerId: "u" }, never)).toBe(false);
    expect(clearsExpiry({ mode: "deploy", ttlHours: 72, ownerId: "u" }, 72)).toBe(false);
    expect(clearsExpiry({ mode: "deploy", ttlHours: never, ownerId: "u" }, undefined)).toBe(false);
    // Already cleared: OpenBerth leaves ttlHours out.
    expect(clearsExpiry({ mode: "deploy", ownerId: "u" }, never)).toBe(false);
  });
});

describe("extending", () => {
  it("asks for the same lifetime again, from now; nothing to extend when it never expires", () => {
    expect(extendTtl(4)).toBe("4h");
    expect(extendTtl(168)).toBe("168h");
    expect(extendTtl(undefined)).toBeNull();
    expect(extendTtl(0)).toBeNull();
  });
  it("reads back the hours of every choice", () => {
    for (const t of TTL_CHOICES) expect(extendTtl(ttlHoursOf(t)) ?? "0").toBe(t);
  });
});

describe("the day-before email", () => {
  const now = Date.UTC(2026, 11, 3, 12);
  it("is due within a day of going offline, for lifetimes longer than two days", () => {
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 72 }, now + 23 * H, now)).toBe(true);
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 168 }, now + 24 * H, now)).toBe(true);
  });
  it("is not due too early, after the fact, for short lifetimes, sandboxes or sites that never go offline", () => {
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 72 }, now + 25 * H, now)).toBe(false);
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 72 }, now - 1, now)).toBe(false);
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 48 }, now + H, now)).toBe(false);
    expect(expiryWarningDue({ mode: "deploy", ttlHours: 24 }, now + H, now)).toBe(false);
    expect(expiryWarningDue({ mode: "sandbox", ttlHours: 720 }, now + H, now)).toBe(false);
    expect(expiryWarningDue({ mode: "deploy" }, null, now)).toBe(false);
  });
});

describe("the countdown", () => {
  const now = Date.UTC(2026, 11, 3, 12);
  it("says hours and minutes, days for long ones, and never a negative time", () => {
    expect(goesOfflineIn(timeLeft(now + 3 * H + 52 * 60_000 + 30_000, now))).toBe("Goes offline in 3 h 52 min");
    expect(goesOfflineIn(timeLeft(now + 50 * H, now))).toBe("Goes offline in 2 days 2 h");
    expect(goesOfflineIn(timeLeft(now + 24 * H, now))).toBe("Goes offline in 1 day");
    expect(goesOfflineIn(timeLeft(now + 5 * 60_000, now))).toBe("Goes offline in 5 min");
    expect(goesOfflineIn(timeLeft(now - H, now))).toBe("Goes offline any moment now");
  });
  it("names lifetimes as people say them", () => {
    expect(lifetimeLabel(4)).toBe("4 hours");
    expect(lifetimeLabel(1)).toBe("1 hour");
    expect(lifetimeLabel(72)).toBe("3 days");
    expect(lifetimeLabel(168)).toBe("1 week");
    expect(lifetimeLabel(NEVER_KEY_HOURS)).toBe("1 year");
  });
});
