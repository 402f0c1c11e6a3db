/**
 * What a fresh stand-in holds, as if set up once in Stripe's Dashboard: a product and a
 * monthly price for each paid plan in Harbor's catalog (found by the catalog's
 * `stripePriceId`, a lookup key), a default portal configuration, and the webhook
 * endpoints given at start. Amounts are decided here and in decision 0026, never in
 * Harbor's code (which reads them from Stripe).
 */
import type Stripe from "stripe";
import { noPortalFeatures, portalConfiguration } from "./objects/hosted-shapes.ts";
import { createPrice, createProduct } from "./resources/catalog.ts";
import { addEndpoint } from "./resources/webhook-endpoints.ts";
import { API_VERSION, type StripeWorld } from "./world.ts";

export const SEED_PLANS = [
  { product: "prod_harbor_hobby", name: "Harbor Hobby", lookupKey: "price_hobby_01", unitAmount: 900 },
  { product: "prod_harbor_pro", name: "Harbor Pro", lookupKey: "price_pro_01", unitAmount: 2900 },
] as const;
export const SEED_CURRENCY = "eur";

export function seed(world: StripeWorld, webhooks: { url: string; secret: string }[]): void {
  const at = world.now();
  world.muted(() => {
    const prices: Stripe.Price[] = [];
    for (const plan of SEED_PLANS) {
      createProduct(world, { id: plan.product, name: plan.name }, at);
      prices.push(createPrice(world, { product: plan.product, unitAmount: plan.unitAmount, currency: SEED_CURRENCY, interval: "month", lookupKey: plan.lookupKey, nickname: plan.name }, at));
    }
    const features = noPortalFeatures();
    features.invoice_history.enabled = true;
    features.payment_method_update.enabled = true;
    features.customer_update = { enabled: true, allowed_updates: ["email", "name", "address"] };
    features.subscription_cancel = {
      enabled: true,
      mode: "at_period_end",
      proration_behavior: "none",
      cancellation_reason: { enabled: true, feedback_options: null, options: ["too_expensive", "missing_features", "switched_service", "unused", "other"] },
    };
    features.subscription_update = {
      ...features.subscription_update,
      enabled: true,
      default_allowed_updates: ["price"],
      products: SEED_PLANS.map((p, i) => ({ adjustable_quantity: { enabled: false, maximum: null, minimum: 1 }, prices: [prices[i]!.id], product: p.product })),
      proration_behavior: "always_invoice",
      schedule_at_period_end: { conditions: [{ type: "decreasing_item_amount" }] },
    };
    const config = portalConfiguration({ created: at, isDefault: true, headline: "Manage your Harbor plan", defaultReturnUrl: null, features, metadata: {}, name: "Default" });
    world.store.put("portal_configuration", config.id, config, {});
    for (const hook of webhooks) addEndpoint(world, { url: hook.url, enabledEvents: ["*"], apiVersion: API_VERSION, secret: hook.secret }, at);
  });
}
