/**
 * Changing plan on Harbor's own page: the kept selection is stored first, then the
 * subscription's price changes (an upgrade is invoiced at once, a downgrade credits the
 * unused time), then the sync runs at once and applies the fates — so the workspaces the
 * customer did not keep pause within the same request.
 */
import { isLiveSubscription } from "../../domain/billing/billing-state";
import type { Plan } from "../../domain/plans/catalog";
import type { Services } from "../bindings/services";
import { billingAccountById, setKeptWorkspaces } from "../repositories/billing";
import { withPrice } from "./prices";
import { syncBilling } from "./sync-billing";

export type PlanChangeResult =
  | { kind: "changed" }
  | { kind: "no_subscription" }
  | { kind: "payment_owed" }
  | { kind: "declined" }
  | { kind: "price_unavailable" }
  | { kind: "same_plan" };

export async function changePlan(
  services: Services,
  input: { accountId: string; to: Plan; direction: "upgrade" | "downgrade"; keep: string[] | null; attempt: string },
): Promise<PlanChangeResult> {
  const account = await billingAccountById(services.db, input.accountId);
  if (!account?.stripeCustomerId || !account.subscriptionId || !isLiveSubscription(account.subscriptionStatus))
    return { kind: "no_subscription" };
  if (account.subscriptionStatus !== "active" && account.subscriptionStatus !== "trialing") return { kind: "payment_owed" };
  if (account.planId === input.to.id) return { kind: "same_plan" };
  if (!input.to.stripePriceId) return { kind: "price_unavailable" };

  const stripe = services.stripe();
  const sub = await stripe.subscriptions.retrieve(account.subscriptionId);
  const item = sub.items.data[0];
  if (!item) return { kind: "no_subscription" };
  // The choice goes in first: the sync after the change (and any webhook's) applies it.
  await setKeptWorkspaces(services.db, account.id, input.direction === "downgrade" ? input.keep : null);
  try {
    const updated = await withPrice(services, input.to.stripePriceId, (priceId) =>
      stripe.subscriptions.update(
        sub.id,
        {
          items: [{ id: item.id, price: priceId }],
          proration_behavior: input.direction === "upgrade" ? "always_invoice" : "create_prorations",
          // A declined upgrade leaves the plan as it was.
          payment_behavior: "error_if_incomplete",
          metadata: { harbor_account_id: account.id, plan: input.to.id },
        },
        { idempotencyKey: `change-plan/${account.id}/${input.attempt}/${priceId}` },
      ),
    );
    if (!updated) {
      await setKeptWorkspaces(services.db, account.id, account.keptWorkspaceIds ?? null);
      return { kind: "price_unavailable" };
    }
  } catch (error) {
    // Nothing changed: the choice goes back to what it was.
    await setKeptWorkspaces(services.db, account.id, account.keptWorkspaceIds ?? null);
    if ((error as { type?: string }).type === "StripeCardError") return { kind: "declined" };
    throw error;
  }
  await syncBilling(services, account.stripeCustomerId, { actor: `account:${account.id}` });
  return { kind: "changed" };
}
