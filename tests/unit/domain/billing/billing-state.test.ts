// The billing state a Stripe subscription puts an account in, and which subscription Harbor
// goes by. Expectations come from the rules (docs/decisions/0027 as the source states
// them), one status at a time, not from the function's switch.

import { describe, expect, it } from "vitest";
import {
  BILLING_STATES,
  ENDED_REASONS,
  billingStandingOf,
  currentSubscription,
  isBillingState,
  isEndedReason,
  isLiveSubscription,
  isPaymentRetrying,
  type SubscriptionFacts,
} from "../../../../domain/billing/billing-state";

const sub = (status: string, overrides: Partial<SubscriptionFacts> = {}): SubscriptionFacts => ({
  status,
  cancelScheduled: false,
  cancellationReason: null,
  ...overrides,
});

describe("billingStandingOf", () => {
  it("no subscription at all: the account is on its (our) trial", () => {
    expect(billingStandingOf(null)).toEqual({ state: "trial", endedReason: null });
  });

  it("active: the paid plan is in force", () => {
    expect(billingStandingOf(sub("active"))).toEqual({ state: "active", endedReason: null });
  });

  it("trialing (a Stripe-side trial) counts as active: Harbor's trial is its own", () => {
    expect(billingStandingOf(sub("trialing"))).toEqual({ state: "active", endedReason: null });
  });

  it.each(["active", "trialing"])("%s with a cancellation scheduled is cancelling (still in force)", (status) => {
    expect(billingStandingOf(sub(status, { cancelScheduled: true }))).toEqual({ state: "cancelling", endedReason: null });
  });

  it("past_due: Stripe is retrying, the plan still works", () => {
    expect(billingStandingOf(sub("past_due"))).toEqual({ state: "past_due", endedReason: null });
  });

  it("past_due stays past_due even with a cancellation scheduled (the retry is the news)", () => {
    expect(billingStandingOf(sub("past_due", { cancelScheduled: true })).state).toBe("past_due");
  });

  it.each(["unpaid", "paused"])("%s: the payment never came, the plan has ended", (status) => {
    expect(billingStandingOf(sub(status))).toEqual({ state: "ended", endedReason: "payment_failed" });
  });

  it.each(["unpaid", "paused"])("%s ends for payment even if a cancellation was also scheduled", (status) => {
    expect(billingStandingOf(sub(status, { cancelScheduled: true, cancellationReason: "cancellation_requested" }))).toEqual({
      state: "ended",
      endedReason: "payment_failed",
    });
  });

  it("canceled because the payment failed: ended, payment_failed", () => {
    expect(billingStandingOf(sub("canceled", { cancellationReason: "payment_failed" }))).toEqual({
      state: "ended",
      endedReason: "payment_failed",
    });
  });

  it("canceled because the customer asked: ended, plan_ended", () => {
    expect(billingStandingOf(sub("canceled", { cancellationReason: "cancellation_requested" }))).toEqual({
      state: "ended",
      endedReason: "plan_ended",
    });
  });

  it("canceled with no reason given: ended, plan_ended", () => {
    expect(billingStandingOf(sub("canceled", { cancellationReason: null }))).toEqual({
      state: "ended",
      endedReason: "plan_ended",
    });
  });

  it("canceled with a reason Stripe may add one day (payment_disputed): plan_ended, not payment_failed", () => {
    expect(billingStandingOf(sub("canceled", { cancellationReason: "payment_disputed" }))).toEqual({
      state: "ended",
      endedReason: "plan_ended",
    });
  });

  it("canceled stays ended whatever cancelScheduled says", () => {
    expect(billingStandingOf(sub("canceled", { cancelScheduled: true })).state).toBe("ended");
  });

  it.each(["incomplete", "incomplete_expired"])("%s (never paid) grants nothing: the account stays on its trial", (status) => {
    expect(billingStandingOf(sub(status))).toEqual({ state: "trial", endedReason: null });
    expect(billingStandingOf(sub(status, { cancelScheduled: true }))).toEqual({ state: "trial", endedReason: null });
  });

  it.each(["melting", "", "ACTIVE", "Active", " active"])("an unknown status (%j) grants nothing", (status) => {
    expect(billingStandingOf(sub(status))).toEqual({ state: "trial", endedReason: null });
  });

  it("every answer is a known billing state, with an ended reason exactly when ended", () => {
    const statuses = ["active", "trialing", "past_due", "unpaid", "paused", "canceled", "incomplete", "incomplete_expired", "x"];
    for (const status of statuses)
      for (const cancelScheduled of [false, true])
        for (const cancellationReason of [null, "payment_failed", "cancellation_requested"]) {
          const standing = billingStandingOf({ status, cancelScheduled, cancellationReason });
          const note = JSON.stringify({ status, cancelScheduled, cancellationReason });
          expect(isBillingState(standing.state), note).toBe(true);
          if (standing.state === "ended") expect(isEndedReason(standing.endedReason), note).toBe(true);
          else expect(standing.endedReason, note).toBeNull();
        }
  });
});

describe("isLiveSubscription", () => {
  it.each(["active", "trialing", "past_due", "unpaid", "paused"])(
    "%s still stands (Checkout would make a second one)",
    (status) => {
      expect(isLiveSubscription(status)).toBe(true);
    },
  );

  it.each(["canceled", "incomplete", "incomplete_expired"])("%s does not stand", (status) => {
    expect(isLiveSubscription(status)).toBe(false);
  });

  it("no status: no subscription stands", () => {
    expect(isLiveSubscription(null)).toBe(false);
  });
});

describe("isPaymentRetrying", () => {
  it("only past_due is a payment being retried", () => {
    expect(BILLING_STATES.filter(isPaymentRetrying)).toEqual(["past_due"]);
  });
});

describe("the guards", () => {
  it("isBillingState takes the five states and nothing else", () => {
    for (const s of ["trial", "active", "past_due", "cancelling", "ended"]) expect(isBillingState(s), s).toBe(true);
    for (const s of ["canceled", "unpaid", "", "TRIAL", null, undefined, 1, {}]) expect(isBillingState(s), String(s)).toBe(false);
    expect(BILLING_STATES).toHaveLength(5);
  });

  it("isEndedReason takes payment_failed and plan_ended only", () => {
    expect(ENDED_REASONS.every(isEndedReason)).toBe(true);
    for (const s of ["trial_ended", "downgrade", "cancellation_requested", null, 0])
      expect(isEndedReason(s), String(s)).toBe(false);
  });
});

describe("currentSubscription (newest first, as Stripe lists them)", () => {
  const s = (id: string, status: string) => ({ id, status });

  it("no subscriptions: none", () => {
    expect(currentSubscription([])).toBeNull();
  });

  it("a single one is the one, live or not", () => {
    expect(currentSubscription([s("a", "active")])?.id).toBe("a");
    expect(currentSubscription([s("a", "canceled")])?.id).toBe("a");
  });

  it("the newest live one wins over newer ended ones", () => {
    const list = [s("newest", "canceled"), s("newer", "incomplete_expired"), s("live", "active"), s("old", "canceled")];
    expect(currentSubscription(list)?.id).toBe("live");
  });

  it("the newest live one wins over older ended and older live ones", () => {
    const list = [s("new", "past_due"), s("older", "active"), s("oldest", "canceled")];
    expect(currentSubscription(list)?.id).toBe("new");
  });

  it("an unpaid (still standing) subscription wins over a newer never-paid one", () => {
    expect(currentSubscription([s("incomplete", "incomplete"), s("unpaid", "unpaid")])?.id).toBe("unpaid");
  });

  it("all ended: the newest of all (it says how it ended)", () => {
    const list = [s("newest", "canceled"), s("mid", "incomplete_expired"), s("old", "canceled")];
    expect(currentSubscription(list)?.id).toBe("newest");
  });

  it("returns the very object given (its other fields travel with it)", () => {
    const live = { status: "active", priceLookupKey: "price_pro_01" };
    expect(currentSubscription([{ status: "canceled", priceLookupKey: "x" }, live])).toBe(live);
  });
});
