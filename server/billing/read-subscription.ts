/**
 * Reads what Harbor keeps out of Stripe's objects. Shapes are the pinned API version's
 * (`2026-10-28.endive`): periods live on the subscription item, a "cancel at period end"
 * from the portal is `cancel_at` (flexible billing mode), the card may be the
 * subscription's or the customer's default.
 */
import type Stripe from "stripe";
import type { SubscriptionFacts } from "../../domain/billing/billing-state";
import type { BillingSnapshot } from "../repositories/billing";

export function subscriptionFacts(sub: Stripe.Subscription): SubscriptionFacts {
  return {
    status: sub.status,
    cancelScheduled: sub.cancel_at_period_end || sub.cancel_at !== null,
    cancellationReason: sub.cancellation_details?.reason ?? null,
  };
}

export function lookupKeyOf(sub: Stripe.Subscription): string | null {
  return sub.items.data[0]?.price.lookup_key ?? null;
}

export function periodEndOf(sub: Stripe.Subscription): Date | null {
  const end = sub.items.data[0]?.current_period_end;
  return typeof end === "number" ? new Date(end * 1000) : null;
}

export function cancelAtOf(sub: Stripe.Subscription): Date | null {
  if (sub.cancel_at !== null) return new Date(sub.cancel_at * 1000);
  return sub.cancel_at_period_end ? periodEndOf(sub) : null;
}

/** The unpaid invoice of a subscription still standing, if its latest one is open. */
export function openInvoiceOf(sub: Stripe.Subscription): string | null {
  const invoice = sub.latest_invoice;
  if (!invoice || typeof invoice === "string") return null;
  return invoice.status === "open" ? (invoice.id ?? null) : null;
}

/**
 * The card Harbor shows and charges: the customer's default (what the portal changes),
 * else the subscription's own.
 */
export function cardOf(customer: Stripe.Customer, sub: Stripe.Subscription | null): BillingSnapshot["card"] {
  const pick = (pm: string | Stripe.PaymentMethod | null | undefined) => (pm && typeof pm !== "string" ? pm : null);
  const pm = pick(customer.invoice_settings?.default_payment_method) ?? pick(sub?.default_payment_method);
  if (!pm?.card) return null;
  return {
    paymentMethodId: pm.id,
    brand: pm.card.brand,
    last4: pm.card.last4,
    expMonth: pm.card.exp_month,
    expYear: pm.card.exp_year,
  };
}

/** The id of a Stripe field that may be expanded or not. */
export function idOf(value: string | { id?: string } | null | undefined): string | null {
  if (!value) return null;
  return typeof value === "string" ? value : (value.id ?? null);
}
