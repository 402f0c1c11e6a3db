/** The event type each lifecycle email is sent as, and the delivery backoff (domain/notifications/events.ts). */
import { describe, expect, it } from "vitest";
import { EMAIL_KINDS } from "../../../domain/email/catalog";
import { deliveryRetryDelaySeconds, NOTIFICATION_EVENT_TYPES } from "../../../domain/notifications/events";
import { NOTIFICATION_EVENT_NAMES } from "../../../domain/vocabulary";

describe("events", () => {
  it("every lifecycle email has an event type and a plain name; types are distinct", () => {
    for (const kind of EMAIL_KINDS) {
      expect(NOTIFICATION_EVENT_TYPES[kind]).toMatch(/^[a-z]+\.[a-z_]+$/);
      expect(NOTIFICATION_EVENT_NAMES[NOTIFICATION_EVENT_TYPES[kind]]).toBeTruthy();
    }
    expect(new Set(Object.values(NOTIFICATION_EVENT_TYPES)).size).toBe(EMAIL_KINDS.length);
  });

  it("backs off from 30 s, within the queue's 12 hours, and not at all in tests", () => {
    expect([1, 2, 3, 4, 5].map((a) => deliveryRetryDelaySeconds(a, 1))).toEqual([30, 120, 480, 1920, 7680]);
    expect(deliveryRetryDelaySeconds(20, 1)).toBe(43_200);
    expect(deliveryRetryDelaySeconds(3, 0)).toBe(0);
  });
});
