/**
 * Which Stripe events Harbor acts on (the contract's list, ../shared/stripe/API.md §5.1),
 * and what each one asks for: a sync of its customer, or a refresh of the price cache.
 * Anything else is recorded and ignored. An event's content is never trusted beyond
 * naming its customer: the sync reads Stripe's current truth.
 */
import type Stripe from "stripe";

const SYNC_EVENTS = new Set([
  "checkout.session.completed",
  "checkout.session.expired",
  "customer.created",
  "customer.updated",
  "customer.deleted",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "customer.subscription.pending_update_applied",
  "customer.subscription.pending_update_expired",
  "invoice.created",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.payment_action_required",
  "invoice.upcoming",
  "invoice.marked_uncollectible",
  "invoice.voided",
  "invoice.updated",
  "invoice_payment.paid",
  "payment_method.attached",
  "payment_method.detached",
  "payment_method.automatically_updated",
  "subscription_schedule.created",
  "subscription_schedule.updated",
  "subscription_schedule.released",
  "subscription_schedule.completed",
  "subscription_schedule.canceled",
]);

const PRICE_EVENTS = new Set(["price.created", "price.updated", "price.deleted", "product.updated"]);

/** Every event type Harbor acts on: what its webhook endpoint at Stripe subscribes to. */
export const SUBSCRIBED_EVENT_TYPES: readonly string[] = Object.freeze([...SYNC_EVENTS, ...PRICE_EVENTS]);

/** The id of the object an event is about (an invoice, a subscription), if it has one. */
export function objectIdOf(event: Stripe.Event): string | null {
  const id = (event.data.object as { id?: unknown }).id;
  return typeof id === "string" && id.length <= 255 ? id : null;
}

export type EventAction = { kind: "sync"; customerId: string } | { kind: "prices" } | { kind: "ignore" };

export function actionFor(event: Pick<Stripe.Event, "type" | "data">): EventAction {
  if (PRICE_EVENTS.has(event.type)) return { kind: "prices" };
  if (!SYNC_EVENTS.has(event.type)) return { kind: "ignore" };
  const customerId = customerOf(event.data.object as unknown as Record<string, unknown>);
  return customerId ? { kind: "sync", customerId } : { kind: "ignore" };
}

/** The customer an event's object is about: itself for customer.*, else its `customer` field. */
export function customerOf(object: Record<string, unknown>): string | null {
  if (object.object === "customer" && typeof object.id === "string") return object.id;
  const customer = object.customer;
  if (typeof customer === "string") return customer;
  if (customer && typeof customer === "object" && typeof (customer as { id?: unknown }).id === "string")
    return (customer as { id: string }).id;
  return null;
}

/** A customer id as the queue message accepts it. */
export function isCustomerId(id: string): boolean {
  return /^cus_[A-Za-z0-9]{1,100}$/.test(id);
}
