/**
 * The emails a billing reading means. Keys name what happened at Stripe, so the same
 * news read twice, or by two syncs racing from one reading, writes the same keys; and
 * nothing is written when nothing changed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { billingEmails, type BillingReading, type InvoiceReading } from "../../../../domain/email/billing-emails";
import { seededRandom } from "../../../support/seeded-random";

const seed = seededRandom().seed;
const reading = (r: Partial<BillingReading>): BillingReading => ({
  state: "active",
  endedReason: null,
  planId: "hobby@1",
  subscriptionId: "sub_1",
  cancelAt: null,
  readAt: 1_000,
  ...r,
});
const invoice = (i: Partial<InvoiceReading>): InvoiceReading => ({
  id: "in_1",
  status: "paid",
  attemptCount: 1,
  amountDue: 900,
  currency: "eur",
  nextPaymentAttempt: null,
  hostedUrl: null,
  actionRequired: false,
  ...i,
});
const kinds = (...args: Parameters<typeof billingEmails>) => billingEmails(...args).map((d) => d.key);

describe("billing emails", () => {
  it("a first subscription", () => {
    expect(
      kinds("acc", reading({ state: "trial", planId: "trial@1", subscriptionId: null, readAt: null }), reading({}), invoice({})),
    ).toEqual(["subscription-started/sub_1"]);
  });

  it("a failed attempt: one key per attempt; the bank asking for confirmation instead of 'failed'", () => {
    const before = reading({});
    const open = (n: number, action = false) => invoice({ status: "open", attemptCount: n, actionRequired: action });
    expect(kinds("acc", before, reading({ state: "past_due" }), open(1))).toEqual(["payment-failed/in_1/1"]);
    expect(kinds("acc", reading({ state: "past_due" }), reading({ state: "past_due" }), open(2))).toEqual([
      "payment-failed/in_1/2",
    ]);
    expect(kinds("acc", before, reading({ state: "past_due" }), open(1, true))).toEqual(["payment-action/in_1/1"]);
  });

  it("Stripe giving up pauses; paying after a failure is 'running again'", () => {
    expect(
      kinds(
        "acc",
        reading({ state: "past_due" }),
        reading({ state: "ended", endedReason: "payment_failed" }),
        invoice({ status: "open", attemptCount: 4 }),
      ),
    ).toEqual(["workspaces-paused/acc/payment_failed/sub_1"]);
    expect(kinds("acc", reading({ state: "past_due" }), reading({}), invoice({ id: "in_2" }))).toEqual(["payment-received/in_2"]);
  });

  it("cancelling, changing one's mind, and the end", () => {
    expect(kinds("acc", reading({}), reading({ state: "cancelling", cancelAt: 5_000 }), invoice({}))).toEqual([
      "cancel-scheduled/sub_1/5000",
    ]);
    expect(kinds("acc", reading({ state: "cancelling", cancelAt: 5_000 }), reading({}), invoice({}))).toEqual([
      "cancel-reverted/sub_1/5000",
    ]);
    expect(
      kinds(
        "acc",
        reading({ state: "cancelling", cancelAt: 5_000 }),
        reading({ state: "ended", endedReason: "plan_ended" }),
        invoice({}),
      ),
    ).toEqual(["subscription-ended/sub_1"]);
  });

  it("plan changes on one subscription, keyed by the reading they changed from", () => {
    expect(kinds("acc", reading({ planId: "pro@1", readAt: 7 }), reading({}), invoice({}))).toEqual([
      "plan-changed/sub_1/pro@1->hobby@1/7",
    ]);
    const up = billingEmails("acc", reading({ readAt: 8 }), reading({ planId: "pro@1" }), invoice({}));
    expect(up.map((d) => d.kind)).toEqual(["plan-upgraded"]);
  });

  it("the same reading twice writes the same keys; an unchanged account writes none but what its invoice's attempt names", () => {
    const states = fc.constantFrom("trial", "active", "past_due", "cancelling", "ended") as fc.Arbitrary<BillingReading["state"]>;
    const arbReading = fc.record({
      state: states,
      endedReason: fc.constantFrom(null, "payment_failed", "plan_ended") as fc.Arbitrary<BillingReading["endedReason"]>,
      planId: fc.constantFrom("trial@1", "hobby@1", "pro@1"),
      subscriptionId: fc.constantFrom(null, "sub_1", "sub_2"),
      cancelAt: fc.constantFrom(null, 5_000),
      readAt: fc.constantFrom(null, 1_000, 2_000),
    });
    const arbInvoice = fc.option(
      fc.record({
        status: fc.constantFrom("open", "paid"),
        attemptCount: fc.integer({ min: 0, max: 4 }),
        actionRequired: fc.boolean(),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(arbReading, arbReading, arbInvoice, (before, after, inv) => {
        const i = inv && invoice(inv);
        expect(kinds("acc", before, after, i)).toEqual(kinds("acc", before, after, i));
        // Nothing changed: only an open invoice's attempt can still be news (its key makes it once).
        const same = kinds("acc", after, after, i);
        expect(
          same.every(
            (k) => k.startsWith("payment-failed/") || k.startsWith("payment-action/") || k.startsWith("cancel-scheduled/"),
          ),
        ).toBe(true);
      }),
      { seed, numRuns: 500 },
    );
  });
});
