/**
 * Builders for every object the stand-in answers with, typed with the SDK's own `Stripe.*`
 * types (stripe 23.1.0, API 2026-10-28.endive), so a field the version has and we forgot,
 * or one it dropped and we kept (a subscription's top-level period, an invoice's
 * `subscription`), fails the typecheck. Defaults are what Stripe shows for an account
 * without tax, Connect, discounts or shipping.
 */
import type Stripe from "stripe";
import { newId } from "../ids.ts";

type Decimal = NonNullable<Stripe.Price["unit_amount_decimal"]>;
/** Decimals travel as strings (the SDK turns them into its Decimal type). */
export const decimal = (value: number | string): Decimal => String(value) as unknown as Decimal;

export function customer(fields: { id?: string; created: number; email: string | null; name: string | null; metadata: Stripe.Metadata; preferredLocales: string[]; testClock: string | null; description?: string | null; phone?: string | null }): Stripe.Customer {
  return {
    id: fields.id ?? newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: fields.created,
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email,
    invoice_prefix: fields.id ? fields.id.slice(4, 12).toUpperCase() : newId("x", 8).slice(2).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata,
    name: fields.name,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: fields.preferredLocales,
    shipping: null,
    tax_exempt: "none",
    test_clock: fields.testClock,
    customer_account: null,
  };
}

export function product(fields: { id: string; name: string; created: number; description?: string | null; metadata?: Stripe.Metadata; defaultPrice?: string | null }): Stripe.Product {
  return {
    id: fields.id,
    object: "product",
    active: true,
    created: fields.created,
    default_price: fields.defaultPrice ?? null,
    description: fields.description ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: fields.metadata ?? {},
    name: fields.name,
    package_dimensions: null,
    shippable: null,
    tax_details: null,
    type: "service",
    updated: fields.created,
    url: null,
    statement_descriptor: null,
    unit_label: null,
  } satisfies Stripe.Product;
}

export function price(fields: { product: string; unitAmount: number; currency: string; interval: Stripe.Price.Recurring.Interval; intervalCount?: number; lookupKey: string | null; nickname?: string | null; created: number; metadata?: Stripe.Metadata }): Stripe.Price {
  return {
    id: newId("price"),
    object: "price",
    active: true,
    billing_scheme: "per_unit",
    created: fields.created,
    currency: fields.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: fields.lookupKey,
    metadata: fields.metadata ?? {},
    nickname: fields.nickname ?? null,
    product: fields.product,
    recurring: { interval: fields.interval, interval_count: fields.intervalCount ?? 1, meter: null, trial_period_days: null, usage_type: "licensed" },
    tax_behavior: "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: "recurring",
    unit_amount: fields.unitAmount,
    unit_amount_decimal: decimal(fields.unitAmount),
  };
}

export interface CardFacts {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  funding: string;
  country: string;
  fingerprint: string;
}

export function paymentMethod(fields: { created: number; card: CardFacts; customer: string | null; name?: string | null; email?: string | null }): Stripe.PaymentMethod {
  return {
    id: newId("pm"),
    object: "payment_method",
    allow_redisplay: "always",
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: fields.email ?? null, name: fields.name ?? null, phone: null, tax_id: null },
    card: {
      brand: fields.card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
      country: fields.card.country,
      display_brand: fields.card.brand,
      exp_month: fields.card.expMonth,
      exp_year: fields.card.expYear,
      fingerprint: fields.card.fingerprint,
      funding: fields.card.funding,
      generated_from: null,
      last4: fields.card.last4,
      networks: { available: [fields.card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: fields.created,
    customer: fields.customer,
    customer_account: null,
    livemode: false,
    metadata: {},
    type: "card",
  } satisfies Stripe.PaymentMethod;
}

export function subscriptionItem(fields: { subscription: string; price: Stripe.Price; created: number; periodStart: number; periodEnd: number; quantity?: number; id?: string }): Stripe.SubscriptionItem {
  return {
    id: fields.id ?? newId("si", 14),
    object: "subscription_item",
    billing_thresholds: null,
    created: fields.created,
    current_period_end: fields.periodEnd,
    current_period_start: fields.periodStart,
    current_trial: null,
    discounts: [],
    metadata: {},
    plan: planOf(fields.price),
    price: fields.price,
    quantity: fields.quantity ?? 1,
    subscription: fields.subscription,
    tax_rates: [],
  };
}

/** The legacy `plan` mirror of a price, still on subscription items. */
function planOf(p: Stripe.Price): Stripe.Plan {
  return {
    id: p.id,
    object: "plan",
    active: p.active,
    amount: p.unit_amount,
    amount_decimal: p.unit_amount_decimal,
    billing_scheme: "per_unit",
    created: p.created,
    currency: p.currency,
    interval: p.recurring!.interval,
    interval_count: p.recurring!.interval_count,
    livemode: false,
    metadata: p.metadata,
    meter: null,
    nickname: p.nickname,
    product: p.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: "licensed",
  } satisfies Stripe.Plan;
}

export function subscription(fields: { id: string; customer: string; created: number; items: Stripe.SubscriptionItem[]; currency: string; defaultPaymentMethod: string | null; metadata: Stripe.Metadata; status: Stripe.Subscription.Status; testClock: string | null; description?: string | null }): Stripe.Subscription {
  return {
    id: fields.id,
    object: "subscription",
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: fields.created,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: { proration_discounts: "included" }, type: "flexible", updated_at: fields.created },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: "charge_automatically",
    created: fields.created,
    currency: fields.currency,
    customer: fields.customer,
    customer_account: null,
    days_until_due: null,
    default_payment_method: fields.defaultPaymentMethod,
    default_source: null,
    default_tax_rates: [],
    description: fields.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: "self" } },
    items: list(fields.items, `/v1/subscription_items?subscription=${fields.id}`),
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: fields.metadata,
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: "off" },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: fields.created,
    status: fields.status,
    test_clock: fields.testClock,
    transfer_data: null,
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: "create_invoice" } },
    trial_start: null,
  } satisfies Stripe.Subscription;
}

export function list<T>(data: T[], url: string, hasMore = false): Stripe.ApiList<T> {
  return { object: "list", data, has_more: hasMore, url };
}

export interface LineFacts {
  amount: number;
  currency: string;
  description: string;
  periodStart: number;
  periodEnd: number;
  price: Stripe.Price;
  subscription: string | null;
  subscriptionItem: string | null;
  proration: boolean;
  quantity?: number;
}

export function invoiceLine(invoiceId: string, facts: LineFacts): Stripe.InvoiceLineItem {
  return {
    id: newId("il"),
    object: "line_item",
    amount: facts.amount,
    currency: facts.currency,
    description: facts.description,
    discount_amounts: [],
    discountable: !facts.proration,
    discounts: [],
    invoice: invoiceId,
    livemode: false,
    metadata: {},
    parent: facts.subscription
      ? {
          invoice_item_details: null,
          subscription_item_details: {
            invoice_item: null,
            proration: facts.proration,
            proration_details: { credited_items: null },
            subscription: facts.subscription,
            subscription_item: facts.subscriptionItem ?? "",
          },
          type: "subscription_item_details",
        }
      : null,
    period: { end: facts.periodEnd, start: facts.periodStart },
    pretax_credit_amounts: [],
    pricing: {
      price_details: { price: facts.price.id, product: typeof facts.price.product === "string" ? facts.price.product : facts.price.product.id },
      type: "price_details",
      unit_amount_decimal: decimal(facts.price.unit_amount ?? 0),
    },
    quantity: facts.quantity ?? 1,
    quantity_decimal: decimal(facts.quantity ?? 1),
    subscription: facts.subscription,
    subtotal: facts.amount,
    taxes: [],
  } satisfies Stripe.InvoiceLineItem;
}

export function invoice(fields: {
  /** Preview invoices get an `upcoming_in_…` id, as Stripe gives them. */
  id: string;
  preview?: boolean;
  customer: Stripe.Customer;
  created: number;
  currency: string;
  billingReason: Stripe.Invoice.BillingReason;
  subscription: string | null;
  subscriptionMetadata: Stripe.Metadata | null;
  lines: LineFacts[];
  periodStart: number;
  periodEnd: number;
  testClock: string | null;
  hostedBaseUrl: string;
  defaultPaymentMethod?: string | null;
}): Stripe.Invoice {
  const id = fields.id;
  const lines = fields.lines.map((l) => invoiceLine(id, l));
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  const due = Math.max(0, total);
  return {
    id,
    object: "invoice",
    account_country: "IE",
    account_name: "Harbor",
    account_tax_ids: null,
    amount_due: due,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: due,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: fields.billingReason,
    collection_method: "charge_automatically",
    confirmation_secret: null,
    created: fields.created,
    currency: fields.currency,
    custom_fields: null,
    customer: fields.customer.id,
    customer_account: null,
    customer_address: null,
    customer_email: fields.customer.email,
    customer_name: fields.customer.name ?? null,
    customer_phone: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: fields.defaultPaymentMethod ?? null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    effective_at: null,
    ending_balance: null,
    footer: null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    lines: list(lines, fields.preview ? "/v1/invoices/create_preview/lines" : `/v1/invoices/${id}/lines`),
    livemode: false,
    metadata: {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: fields.subscription
      ? {
          quote_details: null,
          subscription_details: { metadata: fields.subscriptionMetadata, subscription: fields.subscription },
          type: "subscription_details",
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: fields.periodEnd,
    period_start: fields.periodStart,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: "draft",
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    subtotal_excluding_tax: total,
    test_clock: fields.testClock,
    total,
    total_discount_amounts: [],
    total_excluding_tax: total,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  } satisfies Stripe.Invoice;
}

export function testClock(fields: { created: number; frozenTime: number; name: string | null }): Stripe.TestHelpers.TestClock {
  return {
    id: newId("clock"),
    object: "test_helpers.test_clock",
    created: fields.created,
    deletes_after: fields.created + 30 * 86400,
    frozen_time: fields.frozenTime,
    livemode: false,
    name: fields.name,
    status: "ready",
    status_details: {},
  };
}

export function webhookEndpoint(fields: { url: string; enabledEvents: string[]; apiVersion: string | null; description: string | null; metadata: Stripe.Metadata; created: number; id?: string }): Stripe.WebhookEndpoint {
  return {
    id: fields.id ?? newId("we"),
    object: "webhook_endpoint",
    api_version: fields.apiVersion,
    application: null,
    created: fields.created,
    description: fields.description,
    enabled_events: fields.enabledEvents,
    livemode: false,
    metadata: fields.metadata,
    status: "enabled",
    url: fields.url,
  };
}
