// An account's billing state, from its Stripe subscription as the last sync read it
// (docs/decisions/0027). The trial is ours: an account with no subscription is on `trial`
// (running or over — domain/trial.ts says which). Everything here is a pure function of
// what the sync stored; nothing reads Stripe.

export const BILLING_STATES = ["trial", "active", "past_due", "cancelling", "ended"] as const;
export type BillingState = (typeof BILLING_STATES)[number];

/** Why a paid plan stopped: the payment never came, or the customer cancelled and it ran out. */
export const ENDED_REASONS = ["payment_failed", "plan_ended"] as const;
export type EndedReason = (typeof ENDED_REASONS)[number];

function oneOf<T extends string>(values: readonly T[]) {
  return (x: unknown): x is T => typeof x === "string" && (values as readonly string[]).includes(x);
}
export const isBillingState: (x: unknown) => x is BillingState = oneOf(BILLING_STATES);
export const isEndedReason: (x: unknown) => x is EndedReason = oneOf(ENDED_REASONS);

/** The subscription as the sync sees it (Stripe's fields, already read out of the object). */
export interface SubscriptionFacts {
  /** Stripe's status: active, past_due, unpaid, paused, canceled, incomplete, incomplete_expired, trialing. */
  status: string;
  /** A cancellation is scheduled (cancel_at set, or cancel_at_period_end). */
  cancelScheduled: boolean;
  /** cancellation_details.reason, once cancelled. */
  cancellationReason: string | null;
}

export interface BillingStanding {
  state: BillingState;
  endedReason: EndedReason | null;
}

/**
 * The billing state a subscription puts an account in. A subscription that never got paid
 * (incomplete, incomplete_expired) grants nothing: the account stays where it was, on its
 * trial — a creation event alone never grants a plan.
 */
export function billingStandingOf(subscription: SubscriptionFacts | null): BillingStanding {
  if (subscription === null) return { state: "trial", endedReason: null };
  switch (subscription.status) {
    case "active":
    case "trialing":
      return { state: subscription.cancelScheduled ? "cancelling" : "active", endedReason: null };
    case "past_due":
      return { state: "past_due", endedReason: null };
    case "unpaid":
    case "paused":
      return { state: "ended", endedReason: "payment_failed" };
    case "canceled":
      return {
        state: "ended",
        endedReason: subscription.cancellationReason === "payment_failed" ? "payment_failed" : "plan_ended",
      };
    default:
      // incomplete, incomplete_expired, or a status this code has never heard of: nothing granted.
      return { state: "trial", endedReason: null };
  }
}

/**
 * Whether a subscription still stands (Checkout would make a second one): everything but
 * cancelled and the never-paid ones. While it stands, the way back is its open invoice.
 */
export function isLiveSubscription(status: string | null): boolean {
  return status !== null && !["canceled", "incomplete", "incomplete_expired"].includes(status);
}

/** Stripe is retrying a payment: the plan still works, a banner says so. */
export function isPaymentRetrying(state: BillingState): boolean {
  return state === "past_due";
}

/**
 * Which of a customer's subscriptions (newest first, as Stripe lists them) Harbor goes by:
 * the newest that still stands, else the newest of all (an ended one says how it ended).
 */
export function currentSubscription<T extends { status: string }>(newestFirst: readonly T[]): T | null {
  return newestFirst.find((s) => isLiveSubscription(s.status)) ?? newestFirst[0] ?? null;
}
