/**
 * Builders for the objects behind the hosted pages — Checkout sessions, portal sessions
 * and configurations — and for subscription schedules and the payment objects events
 * carry, typed with the SDK's own types (see shapes.ts).
 */
import type Stripe from "stripe";
import { newId } from "../ids.ts";

export function checkoutSession(fields: {
  created: number;
  expiresAt: number;
  customer: Stripe.Customer;
  price: Stripe.Price;
  quantity: number;
  successUrl: string | null;
  cancelUrl: string | null;
  clientReferenceId: string | null;
  metadata: Stripe.Metadata;
  allowPromotionCodes: boolean | null;
  billingAddressCollection: Stripe.Checkout.Session.BillingAddressCollection | null;
  locale: Stripe.Checkout.Session.Locale | null;
  baseUrl: string;
}): Stripe.Checkout.Session {
  const id = newId("cs_test", 58);
  const amount = (fields.price.unit_amount ?? 0) * fields.quantity;
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: fields.allowPromotionCodes,
    allowed_payment_method_types: null,
    amount_subtotal: amount,
    amount_total: amount,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: fields.billingAddressCollection,
    cancel_url: fields.cancelUrl,
    client_reference_id: fields.clientReferenceId,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: fields.created,
    currency: fields.price.currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: fields.customer.id,
    customer_account: null,
    customer_creation: null,
    customer_details: { address: null, business_name: null, email: fields.customer.email, individual_name: null, name: null, phone: null, tax_exempt: "none", tax_ids: null },
    customer_email: null,
    discounts: [],
    expires_at: fields.expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: fields.locale,
    managed_payments: null,
    metadata: fields.metadata,
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "always",
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: { allow_redisplay_filters: ["always"], payment_method_remove: "disabled", payment_method_save: null },
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: fields.successUrl,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted_page",
    url: `${fields.baseUrl}/c/pay/${id}`,
    wallet_options: null,
  } satisfies Stripe.Checkout.Session;
}

export function checkoutLineItem(price: Stripe.Price, quantity: number): Stripe.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: null,
    metadata: null,
    price,
    quantity,
  } satisfies Stripe.LineItem;
}

export type PortalFeatures = Stripe.BillingPortal.Configuration.Features;

export function portalConfiguration(fields: {
  created: number;
  isDefault: boolean;
  headline: string | null;
  defaultReturnUrl: string | null;
  features: PortalFeatures;
  metadata: Stripe.Metadata | null;
  name: string | null;
}): Stripe.BillingPortal.Configuration {
  return {
    id: newId("bpc"),
    object: "billing_portal.configuration",
    active: true,
    application: null,
    business_profile: { headline: fields.headline, privacy_policy_url: null, terms_of_service_url: null },
    created: fields.created,
    default_return_url: fields.defaultReturnUrl,
    features: fields.features,
    is_default: fields.isDefault,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: fields.metadata,
    name: fields.name,
    updated: fields.created,
  } satisfies Stripe.BillingPortal.Configuration;
}

/** Every feature off: a configuration lists what it turns on. */
export function noPortalFeatures(): PortalFeatures {
  return {
    customer_update: { allowed_updates: [], enabled: false },
    invoice_history: { enabled: false },
    payment_method_update: { enabled: false, payment_method_configuration: null },
    subscription_cancel: {
      cancellation_reason: { enabled: false, feedback_options: null, options: [] },
      enabled: false,
      mode: "at_period_end",
      proration_behavior: "none",
    },
    subscription_pause: { duration: { interval_options: [], type: "indefinite" }, enabled: false },
    subscription_update: {
      billing_cycle_anchor: null,
      default_allowed_updates: [],
      enabled: false,
      products: [],
      proration_behavior: "none",
      schedule_at_period_end: { conditions: [] },
      trial_update_behavior: "end_trial",
    },
  } satisfies PortalFeatures;
}

export function portalSession(fields: {
  created: number;
  customer: string;
  configuration: string;
  returnUrl: string | null;
  flow: Stripe.BillingPortal.Session.Flow | null;
  locale: Stripe.BillingPortal.Session.Locale | null;
  baseUrl: string;
}): Stripe.BillingPortal.Session {
  const id = newId("bps");
  return {
    id,
    object: "billing_portal.session",
    configuration: fields.configuration,
    created: fields.created,
    customer: fields.customer,
    customer_account: null,
    flow: fields.flow,
    livemode: false,
    locale: fields.locale,
    on_behalf_of: null,
    return_url: fields.returnUrl,
    url: `${fields.baseUrl}/p/session/${id}`,
  } satisfies Stripe.BillingPortal.Session;
}

export function subscriptionSchedule(fields: {
  created: number;
  customer: string;
  subscription: string;
  testClock: string | null;
  phases: { start: number; end: number | null; price: string; quantity: number }[];
  currency: string;
}): Stripe.SubscriptionSchedule {
  const phases = fields.phases.map(
    (p) =>
      ({
        add_invoice_items: [],
        application_fee_percent: null,
        automatic_tax: { disabled_reason: null, enabled: false, liability: null },
        billing_cycle_anchor: null,
        billing_thresholds: null,
        collection_method: null,
        currency: fields.currency,
        default_payment_method: null,
        default_tax_rates: [],
        description: null,
        discounts: [],
        end_date: p.end ?? 0,
        invoice_settings: null,
        items: [{ billing_thresholds: null, discounts: [], metadata: {}, plan: p.price, price: p.price, quantity: p.quantity, tax_rates: [] }],
        metadata: {},
        on_behalf_of: null,
        proration_behavior: "none",
        start_date: p.start,
        transfer_data: null,
        trial_end: null,
      }) satisfies Stripe.SubscriptionSchedule.Phase,
  );
  return {
    id: newId("sub_sched"),
    object: "subscription_schedule",
    application: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: fields.created },
    canceled_at: null,
    completed_at: null,
    created: fields.created,
    current_phase: phases[0] ? { end_date: phases[0].end_date, start_date: phases[0].start_date } : null,
    customer: fields.customer,
    customer_account: null,
    default_settings: {
      application_fee_percent: null,
      automatic_tax: { disabled_reason: null, enabled: false, liability: null },
      billing_cycle_anchor: "automatic",
      billing_thresholds: null,
      collection_method: "charge_automatically",
      default_payment_method: null,
      description: null,
      invoice_settings: { account_tax_ids: null, custom_fields: null, days_until_due: null, description: null, footer: null, issuer: { type: "self" } },
      on_behalf_of: null,
      transfer_data: null,
    },
    end_behavior: "release",
    livemode: false,
    metadata: {},
    pause_schedules: [],
    phases,
    released_at: null,
    released_subscription: null,
    status: "active",
    subscription: fields.subscription,
    test_clock: fields.testClock,
  } satisfies Stripe.SubscriptionSchedule;
}

/** The payment objects only events carry (Harbor reads none of them): their main fields. */
export type PaymentIntentSnapshot = Pick<
  Stripe.PaymentIntent,
  "id" | "object" | "amount" | "amount_received" | "currency" | "customer" | "payment_method" | "status" | "created" | "livemode" | "metadata" | "description" | "last_payment_error"
>;
export type ChargeSnapshot = Pick<
  Stripe.Charge,
  "id" | "object" | "amount" | "currency" | "customer" | "payment_intent" | "payment_method" | "paid" | "status" | "created" | "livemode" | "failure_code" | "failure_message" | "outcome"
>;
export type InvoicePaymentSnapshot = Pick<Stripe.InvoicePayment, "id" | "object" | "amount_paid" | "amount_requested" | "created" | "currency" | "invoice" | "is_default" | "livemode" | "payment" | "status" | "status_transitions">;
