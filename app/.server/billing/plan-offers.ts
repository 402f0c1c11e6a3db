/**
 * What the pricing and billing pages offer an account, plan by plan: the one home of
 * "which button goes with which plan". Checkout only while no subscription stands; while
 * one does, another plan is a plan change on our own page.
 */
import { isLiveSubscription } from "../../../domain/billing/billing-state";
import { effectivePlanOf } from "../../../domain/billing/effective-plan";
import { isTrialPlan, publicPlans, type Plan } from "../../../domain/plans/catalog";
import { formatPrice, planFeatures } from "../../../domain/vocabulary";
import type { BillingAccount } from "../../../server/repositories/billing";
import type { PriceByLookupKey } from "../../../server/billing/prices";

// The card's shape is the component's (app/components/plan-cards.tsx): one definition for both sides.
export type { Offer, PlanCardView as PlanCard } from "../../components/plan-cards";
import type { Offer, PlanCardView as PlanCard } from "../../components/plan-cards";

export function offerFor(plan: Plan, account: BillingAccount | null, at: Date): Offer {
  if (!account) return isTrialPlan(plan) ? "start-trial" : "upgrade";
  const current = effectivePlanOf(holderOf(account), at);
  if (current?.id === plan.id) return "current";
  if (isTrialPlan(plan)) return "none";
  return isLiveSubscription(account.subscriptionStatus) ? "change" : "upgrade";
}

export function planCards(account: BillingAccount | null, prices: PriceByLookupKey, at: Date): PlanCard[] {
  return publicPlans().map((plan) => ({
    id: plan.id,
    name: plan.name,
    tagline: plan.tagline,
    price: priceOf(plan, prices),
    free: plan.stripePriceId === null,
    features: planFeatures(plan),
    offer: offerFor(plan, account, at),
  }));
}

/** "€9.00 a month", "Free", or null when Stripe's price couldn't be read. */
export function priceOf(plan: Plan, prices: PriceByLookupKey): string | null {
  if (!plan.stripePriceId) return null;
  const price = prices.get(plan.stripePriceId);
  return price ? formatPrice(price.unitAmount, price.currency, price.interval, price.intervalCount ?? 1) : null;
}

export function holderOf(account: BillingAccount) {
  return {
    planId: account.planId,
    trialEndsAt: account.trialEndsAt,
    billingState: account.billingState,
    endedReason: account.endedReason,
  };
}
