/** Finding the stored objects billing works on, and their stand-in notes. */
import type Stripe from "stripe";
import { errors } from "../http/api-error.ts";
import type { Doc } from "../store.ts";
import type { StripeWorld } from "../world.ts";
import type { CardBehaviour } from "./cards.ts";
import type { LineFacts } from "../objects/shapes.ts";

export interface PaymentMethodNotes {
  behaviour: CardBehaviour;
  /** Passed 3-D Secure once (a card set up for later payments). */
  authenticated?: boolean;
}
export interface InvoiceNotes {
  finalizeAt?: number | null;
  firstFailedAt?: number | null;
  paymentIntent?: string | null;
}
export interface SubscriptionNotes {
  /** Prorations waiting for the next invoice (proration_behavior=create_prorations). */
  pendingLines?: LineFacts[];
  /** When an incomplete subscription expires (23 h after creation). */
  expiresIncompleteAt?: number | null;
}
export interface CustomerNotes {
  deleted?: boolean;
}

export type CustomerDoc = Doc<Stripe.Customer, CustomerNotes>;
export type SubscriptionDoc = Doc<Stripe.Subscription, SubscriptionNotes>;
export type InvoiceDoc = Doc<Stripe.Invoice, InvoiceNotes>;
export type PaymentMethodDoc = Doc<Stripe.PaymentMethod, PaymentMethodNotes>;

export function customerDoc(world: StripeWorld, id: string, param = "customer"): CustomerDoc {
  const doc = world.store.get<Stripe.Customer, CustomerNotes>(id);
  if (!doc || doc.kind !== "customer" || doc.x.deleted) throw errors.notFound("customer", id, param);
  return doc;
}

export function priceDoc(world: StripeWorld, id: string, param = "price"): Doc<Stripe.Price> {
  const doc = world.store.get<Stripe.Price>(id);
  if (!doc || doc.kind !== "price") throw errors.notFound("price", id, param);
  return doc;
}

export function subscriptionDoc(world: StripeWorld, id: string, param = "id"): SubscriptionDoc {
  const doc = world.store.get<Stripe.Subscription, SubscriptionNotes>(id);
  if (!doc || doc.kind !== "subscription") throw errors.notFound("subscription", id, param);
  return doc;
}

export function invoiceDoc(world: StripeWorld, id: string, param = "id"): InvoiceDoc {
  const doc = world.store.get<Stripe.Invoice, InvoiceNotes>(id);
  if (!doc || doc.kind !== "invoice") throw errors.notFound("invoice", id, param);
  return doc;
}

export function paymentMethodDoc(world: StripeWorld, id: string, param = "payment_method"): PaymentMethodDoc {
  const doc = world.store.get<Stripe.PaymentMethod, PaymentMethodNotes>(id);
  if (!doc || doc.kind !== "payment_method") throw errors.notFound("PaymentMethod", id, param);
  return doc;
}

export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

export function productName(world: StripeWorld, price: Stripe.Price): string {
  const id = idOf(price.product as string | { id: string });
  return (id && world.store.get<Stripe.Product>(id)?.object.name) ?? "Subscription";
}

/** The card a payment for this subscription uses (Stripe's order: the subscription's own, then the customer's default). */
export function chargeableMethod(world: StripeWorld, customer: Stripe.Customer, sub: Stripe.Subscription | null): PaymentMethodDoc | undefined {
  const id = idOf(sub?.default_payment_method as string | null) ?? idOf(customer.invoice_settings.default_payment_method as string | null);
  if (!id) return undefined;
  const doc = world.store.get<Stripe.PaymentMethod, PaymentMethodNotes>(id);
  return doc && doc.object.customer === customer.id ? doc : undefined;
}

export function currentItem(sub: Stripe.Subscription): Stripe.SubscriptionItem {
  return sub.items.data[0]!;
}

export function subscriptionsOf(world: StripeWorld, customerId: string): SubscriptionDoc[] {
  return world.store.all<Stripe.Subscription, SubscriptionNotes>("subscription").filter((d) => d.object.customer === customerId);
}
