/**
 * Upgrading: Stripe Checkout, offered only while no subscription stands (one subscription
 * per account). The customer exists first (our account id in its metadata); an open
 * session for the same plan is reused rather than a second one made, and a new one is made
 * with the idempotency key `checkout/<account>/<plan>/<price>`, so two tabs (or a double
 * submit) racing past the reuse check still get one session. Should that key answer with a
 * session that is no longer open (paid, or expired), a key derived from it makes a fresh one.
 */
import type Stripe from "stripe";
import { isLiveSubscription } from "../../domain/billing/billing-state";
import type { Plan } from "../../domain/plans/catalog";
import type { Services } from "../bindings/services";
import { billingAccountById } from "../repositories/billing";
import { ensureCustomer } from "./customer";
import { withPrice } from "./prices";
import { syncBilling } from "./sync-billing";

export type CheckoutStart = { kind: "redirect"; url: string } | { kind: "has_subscription" } | { kind: "price_unavailable" };

export async function startCheckout(services: Services, input: { accountId: string; plan: Plan }): Promise<CheckoutStart> {
  const { accountId, plan } = input;
  const account = await billingAccountById(services.db, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  if (isLiveSubscription(account.subscriptionStatus)) return { kind: "has_subscription" };
  if (!plan.stripePriceId) return { kind: "price_unavailable" };
  const stripe = services.stripe();
  const customer = await ensureCustomer(services, accountId);

  const open = await stripe.checkout.sessions.list({ customer, status: "open", limit: 10 });
  const reusable = open.data.find((s) => s.status === "open" && s.metadata?.plan === plan.id && s.url);
  if (reusable?.url) return { kind: "redirect", url: reusable.url };

  const app = services.env.APP_URL;
  const url = await withPrice(services, plan.stripePriceId, async (priceId) => {
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: "subscription",
      customer,
      line_items: [{ price: priceId, quantity: 1 }],
      client_reference_id: accountId,
      success_url: `${app}/account/billing/welcome?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${app}/pricing?checkout=cancelled`,
      metadata: { harbor_account_id: accountId, plan: plan.id },
      subscription_data: { metadata: { harbor_account_id: accountId, plan: plan.id } },
    };
    const key = `checkout/${accountId}/${plan.id}/${priceId}`;
    let session = await stripe.checkout.sessions.create(params, { idempotencyKey: key });
    // A replay answers with the session as it was made; it may have been paid or expired since.
    const live = await stripe.checkout.sessions.retrieve(session.id);
    if (live.status !== "open")
      session = await stripe.checkout.sessions.create(params, { idempotencyKey: `${key}/${session.id}` });
    if (!session.url) throw new Error("Checkout session without an address");
    return session.url;
  });
  return url ? { kind: "redirect", url } : { kind: "price_unavailable" };
}

/**
 * Back from Checkout: the customer usually arrives before the webhook, so the sync runs
 * now. A session that is not this account's changes nothing (and says nothing about it).
 */
export async function finishCheckout(
  services: Services,
  input: { accountId: string; sessionId: string },
): Promise<"synced" | "not_found"> {
  const account = await billingAccountById(services.db, input.accountId);
  if (!account?.stripeCustomerId) return "not_found";
  let session: Stripe.Checkout.Session;
  try {
    session = await services.stripe().checkout.sessions.retrieve(input.sessionId);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return "not_found";
    throw error;
  }
  const customer = typeof session.customer === "string" ? session.customer : session.customer?.id;
  if (customer !== account.stripeCustomerId || session.client_reference_id !== account.id) return "not_found";
  await syncBilling(services, customer, { actor: `account:${account.id}` });
  return "synced";
}
