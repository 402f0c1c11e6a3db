import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  cardExpiresBefore,
  deletionAllowed,
  deletionWarningDue,
  extendedGraceFor,
  FINAL_NOTICE_MIN_MS,
  trialReminderDue,
} from "../../../../domain/email/reminders";
import { seededRandom } from "../../../support/seeded-random";

// Seeded: a failure prints the seed (fast-check does), replay with TEST_SEED=<seed>.
const seed = seededRandom().seed;

const DAY = 24 * 60 * 60 * 1000;
const END = Date.UTC(2026, 11, 20, 10);

describe("countdown reminders", () => {
  it("the trial reminder: 3 days before, then 1 day before, none after the end or before 3 days", () => {
    expect(trialReminderDue(END, END - 4 * DAY)).toBeNull();
    expect(trialReminderDue(END, END - 3 * DAY)).toBe(3);
    expect(trialReminderDue(END, END - 2 * DAY)).toBe(3);
    expect(trialReminderDue(END, END - DAY)).toBe(1);
    expect(trialReminderDue(END, END - 1)).toBe(1);
    expect(trialReminderDue(END, END)).toBeNull();
  });

  it("deletion warnings: the nearest mark due, never a missed one late", () => {
    expect([8, 7, 5, 3, 2, 1, 0.5].map((d) => deletionWarningDue(END, END - d * DAY))).toEqual([null, 7, 7, 3, 3, 1, 1]);
    expect(deletionWarningDue(END, END + 1)).toBeNull();
  });

  it("a final warning always gives at least the minimum notice: the grace moves a day on when it would not", () => {
    fc.assert(
      fc.property(fc.integer({ min: -3 * DAY, max: 8 * DAY }), (left) => {
        const at = END - left;
        const later = extendedGraceFor(END, at);
        if (left < FINAL_NOTICE_MIN_MS) {
          expect(later).toBe(at + DAY);
          expect(deletionWarningDue(later!, at)).toBe(1);
        } else expect(later).toBeNull();
      }),
      { seed, numRuns: 500 },
    );
  });

  it("deletion needs the grace over and the final warning recorded", () => {
    expect(deletionAllowed(END, END + 1, true)).toBe(true);
    expect(deletionAllowed(END, END + 1, false)).toBe(false);
    expect(deletionAllowed(END, END - 1, true)).toBe(false);
  });

  it("a card runs to the end of its expiry month", () => {
    expect(cardExpiresBefore(2026, 12, Date.UTC(2026, 11, 31, 23))).toBe(false);
    expect(cardExpiresBefore(2026, 12, Date.UTC(2027, 0, 1))).toBe(true);
    expect(cardExpiresBefore(2027, 1, Date.UTC(2026, 11, 15))).toBe(false);
  });
});
