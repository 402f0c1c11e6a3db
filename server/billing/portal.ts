/**
 * Stripe's Customer Portal, configured by Harbor through the API: cancel at the end of
 * the period (and renew), the card, billing details and invoices — but no plan changes,
 * which happen on Harbor's own page (the customer chooses which workspaces to keep). The
 * configuration is made once (idempotency key) and its id kept in billing_settings; every
 * link into the portal makes a fresh session (they are short-lived).
 */
import type Stripe from "stripe";
import type { Services } from "../bindings/services";
import { readBillingSetting, writeBillingSetting } from "../repositories/billing";

/** Bump when the configuration below changes: a new one is made and used. */
const CONFIGURATION_VERSION = "v1";
const SETTING = `portal-configuration/${CONFIGURATION_VERSION}`;

async function portalConfiguration(services: Services, options: { fresh?: boolean } = {}): Promise<string> {
  const stored = options.fresh ? null : await readBillingSetting(services.db, SETTING);
  if (stored) return stored;
  const params: Stripe.BillingPortal.ConfigurationCreateParams = {
    business_profile: { headline: "Manage your Harbor plan" },
    default_return_url: `${services.env.APP_URL}/account/billing`,
    features: {
      invoice_history: { enabled: true },
      payment_method_update: { enabled: true },
      customer_update: { enabled: true, allowed_updates: ["email", "name", "address"] },
      subscription_cancel: {
        enabled: true,
        mode: "at_period_end",
        proration_behavior: "none",
        cancellation_reason: {
          enabled: true,
          options: ["too_expensive", "missing_features", "switched_service", "unused", "other"],
        },
      },
      subscription_update: { enabled: false },
    },
    metadata: { harbor: CONFIGURATION_VERSION },
  };
  const configuration = await services.stripe().billingPortal.configurations.create(params, {
    // A fresh one (the stored one is gone at Stripe) must not replay the old answer.
    idempotencyKey: `portal-configuration/${CONFIGURATION_VERSION}${options.fresh ? `/${services.now().getTime()}` : ""}`,
  });
  await writeBillingSetting(services.db, SETTING, configuration.id, services.now());
  return configuration.id;
}

export type PortalFlow = "payment_method_update" | null;

/** A fresh portal session's address for this customer, coming back to `returnUrl`. */
export async function portalUrl(
  services: Services,
  customerId: string,
  returnUrl: string,
  flow: PortalFlow = null,
): Promise<string> {
  const open = (configuration: string) =>
    services.stripe().billingPortal.sessions.create({
      customer: customerId,
      configuration,
      return_url: returnUrl,
      ...(flow && { flow_data: { type: flow, after_completion: { type: "redirect", redirect: { return_url: returnUrl } } } }),
    });
  try {
    return (await open(await portalConfiguration(services))).url;
  } catch (error) {
    // The stored configuration no longer exists at Stripe (deactivated, other keys): make a new one.
    const e = error as { code?: string; param?: string };
    if (e.code !== "resource_missing" || e.param !== "configuration") throw error;
    services.log.warn("billing.portal_configuration_missing", {});
    return (await open(await portalConfiguration(services, { fresh: true }))).url;
  }
}
