// The effective plan: the entitlements an account's workspaces get right now. The one home
// of this rule (docs/decisions/0027): the trial plan while the trial runs; the paid plan
// while the subscription is active, past due (Stripe is retrying) or cancelling; no plan
// once the trial is over or the subscription has ended. accounts.plan_id keeps the last
// plan for the record; it is never read as "what they may use" without this function.

import type { Plan } from "../plans/catalog";
import { getPlan, isTrialPlan } from "../plans/catalog";
import type { SuspensionReason } from "../lifecycle/states";
import { isTrialOver } from "../trial";
import type { BillingState, EndedReason } from "./billing-state";

/** Everything the effective plan is judged from: the billing owner's side of an account. */
export interface BillingHolder {
  /** accounts.plan_id: the trial plan, or the last paid plan. */
  planId: string;
  trialEndsAt: Date | null;
  billingState: BillingState;
  endedReason: EndedReason | null;
}

export type EffectivePlan =
  | { kind: "plan"; plan: Plan }
  /** No plan: why (the pause reason every workspace of the account gets). */
  | { kind: "none"; reason: Extract<SuspensionReason, "trial_ended" | "payment_failed" | "plan_ended"> }
  /** plan_id names no plan we know: closed, and said so (never a throw). */
  | { kind: "unknown" };

export function effectivePlan(holder: BillingHolder, at: Date): EffectivePlan {
  const plan = getPlan(holder.planId);
  switch (holder.billingState) {
    case "trial":
      if (!plan) return { kind: "unknown" };
      // Only a trial plan runs on a trial; a paid plan without a subscription grants nothing.
      if (!isTrialPlan(plan) || isTrialOver(plan, holder.trialEndsAt, at)) return { kind: "none", reason: "trial_ended" };
      return { kind: "plan", plan };
    case "active":
    case "past_due":
    case "cancelling":
      if (!plan) return { kind: "unknown" };
      return isTrialPlan(plan) ? { kind: "unknown" } : { kind: "plan", plan };
    case "ended":
      return { kind: "none", reason: holder.endedReason ?? "plan_ended" };
    default:
      return { kind: "unknown" };
  }
}

/** The plan itself, or null when there is none (ended, or unknown). */
export function effectivePlanOf(holder: BillingHolder, at: Date): Plan | null {
  const effective = effectivePlan(holder, at);
  return effective.kind === "plan" ? effective.plan : null;
}
