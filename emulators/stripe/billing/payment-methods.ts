/** Cards as payment methods: made from what someone typed or from a test id, attached to a customer. */
import type Stripe from "stripe";
import { errors } from "../http/api-error.ts";
import { paymentMethod as paymentMethodShape } from "../objects/shapes.ts";
import type { StripeWorld } from "../world.ts";
import { cardFor, type EnteredCard } from "./cards.ts";
import type { PaymentMethodDoc, PaymentMethodNotes } from "./lookups.ts";

export function createCardMethod(world: StripeWorld, card: EnteredCard, at: number, billing: { name?: string | null; email?: string | null } = {}): PaymentMethodDoc {
  const { facts, behaviour } = cardFor(card);
  const object = paymentMethodShape({ created: at, card: facts, customer: null, name: billing.name ?? null, email: billing.email ?? null });
  return world.store.put<Stripe.PaymentMethod, PaymentMethodNotes>("payment_method", object.id, object, { behaviour });
}

/** Saves the card to the customer; a card refused on saving (0002, 9995…) is a card error and stays unattached. */
export function attachMethod(world: StripeWorld, pm: PaymentMethodDoc, customerId: string, at: number): void {
  if (pm.object.customer === customerId) return;
  if (pm.object.customer) throw errors.state(`The payment method you provided has already been attached to a customer.`, "payment_method");
  const decline = pm.x.behaviour.declineOnAttach;
  if (decline) throw errors.card(decline, { param: "" });
  pm.object.customer = customerId;
  world.store.save(pm);
  world.emit("payment_method.attached", pm.object, { at });
}

export function detachMethod(world: StripeWorld, pm: PaymentMethodDoc, at: number): void {
  if (!pm.object.customer) throw errors.state("The payment method you provided is not attached to a customer so detachment is impossible.", "payment_method");
  const customer = pm.object.customer as string;
  pm.object.customer = null;
  world.store.save(pm);
  const c = world.store.get<Stripe.Customer>(customer);
  if (c && c.object.invoice_settings.default_payment_method === pm.id) {
    c.object.invoice_settings.default_payment_method = null;
    world.store.save(c);
    world.emit("customer.updated", c.object, { at, previous: { invoice_settings: { default_payment_method: pm.id } } });
  }
  world.emit("payment_method.detached", pm.object, { at, previous: { customer } });
}
