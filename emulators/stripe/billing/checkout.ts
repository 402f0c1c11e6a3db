/**
 * Paying on the hosted Checkout page (contract §6 (1), (2), §7.1): the card is tried;
 * a decline leaves the session open (no subscription, no invoice); 3-D Secure cards wait
 * for the person's Complete / Fail; success creates the subscription and completes the
 * session. The page and the tests' form posts both come through here.
 */
import type Stripe from "stripe";
import { newId } from "../ids.ts";
import { customer as customerShape } from "../objects/shapes.ts";
import type { Doc } from "../store.ts";
import type { StripeWorld } from "../world.ts";
import { DECLINES, type EnteredCard } from "./cards.ts";
import { customerDoc, priceDoc, type CustomerNotes } from "./lookups.ts";
import { attachMethod, createCardMethod } from "./payment-methods.ts";
import { charge, createPaymentIntent } from "./payments.ts";
import { startFromCheckout } from "./subscriptions.ts";

export interface CheckoutNotes {
  price: string;
  quantity: number;
  subscriptionMetadata: Stripe.Metadata;
  subscriptionDescription: string | null;
  paymentIntent?: string | null;
  /** A 3-D Secure card waiting for the person's answer. */
  pendingMethod?: string | null;
}

export type CheckoutSessionDoc = Doc<Stripe.Checkout.Session, CheckoutNotes>;

export type CheckoutResult =
  | { kind: "paid"; redirectTo: string | null }
  | { kind: "declined"; message: string }
  | { kind: "authenticate" }
  | { kind: "closed" };

export function payCheckout(world: StripeWorld, session: CheckoutSessionDoc, card: EnteredCard, details: { name: string | null; email: string | null }): CheckoutResult {
  if (session.object.status !== "open") return { kind: "closed" };
  const customer = ensureCustomer(world, session, details.email);
  const at = world.nowFor(customer.id);
  const pm = createCardMethod(world, card, at, { name: details.name, email: customer.object.email });
  return tryPayment(world, session, pm.id, at, false);
}

/** The person's answer on the 3-D Secure page. */
export function answerAuthentication(world: StripeWorld, session: CheckoutSessionDoc, passed: boolean): CheckoutResult {
  if (session.object.status !== "open") return { kind: "closed" };
  const pmId = session.x.pendingMethod;
  session.x.pendingMethod = null;
  world.store.save(session);
  if (!pmId) return { kind: "declined", message: DECLINES.authenticationFailed.message };
  const at = world.nowFor(session.object.customer as string);
  if (!passed) {
    world.emit(
      "payment_intent.payment_failed",
      { id: session.x.paymentIntent, object: "payment_intent", status: "requires_payment_method", last_payment_error: { type: "card_error", ...DECLINES.authenticationFailed } },
      { at },
    );
    return { kind: "declined", message: DECLINES.authenticationFailed.message };
  }
  return tryPayment(world, session, pmId, at, true);
}

function tryPayment(world: StripeWorld, session: CheckoutSessionDoc, pmId: string, at: number, authenticated: boolean): CheckoutResult {
  const o = session.object;
  const customer = customerDoc(world, o.customer as string);
  const pm = world.store.get(pmId) as ReturnType<typeof createCardMethod>;
  const price = priceDoc(world, session.x.price).object;
  const amount = o.amount_total ?? 0;
  const facts = { customer: customer.id, amount, currency: o.currency ?? price.currency, description: "Subscription creation", at, method: pm };
  session.x.paymentIntent ??= createPaymentIntent(world, facts);
  world.store.save(session);
  const b = pm.x.behaviour;
  if (b.authOnSession && !authenticated) {
    session.x.pendingMethod = pm.id;
    world.store.save(session);
    world.emit("payment_intent.requires_action", { id: session.x.paymentIntent, object: "payment_intent", amount, currency: facts.currency, customer: customer.id, status: "requires_action" }, { at });
    return { kind: "authenticate" };
  }
  // A card refused on saving (0002, 9995…) fails as a payment; others are saved first (0341 saves, then fails).
  if (!b.declineOnAttach) attachMethod(world, pm, customer.id, at);
  const outcome = charge(world, { ...facts, onSession: true, authenticated, paymentIntent: session.x.paymentIntent });
  if (!outcome.ok) return { kind: "declined", message: outcome.decline.message };
  const { sub, invoice } = startFromCheckout(world, {
    customer: customer.id,
    price,
    quantity: session.x.quantity,
    method: pm,
    metadata: session.x.subscriptionMetadata,
    description: session.x.subscriptionDescription,
    at,
    payment: outcome,
  });
  o.status = "complete";
  o.payment_status = "paid";
  o.subscription = sub.id;
  o.invoice = invoice.id;
  o.url = null;
  o.customer_details = { ...(o.customer_details ?? { address: null, business_name: null, individual_name: null, phone: null, tax_exempt: "none", tax_ids: null }), email: customer.object.email, name: pm.object.billing_details.name } as Stripe.Checkout.Session.CustomerDetails;
  world.store.save(session);
  world.emit("checkout.session.completed", o, { at });
  return { kind: "paid", redirectTo: o.success_url ? o.success_url.replaceAll("{CHECKOUT_SESSION_ID}", o.id) : null };
}

/** A session made without a customer gets one when it is paid, with the email typed on the page. */
function ensureCustomer(world: StripeWorld, session: CheckoutSessionDoc, email: string | null) {
  const existing = session.object.customer;
  if (typeof existing === "string") return customerDoc(world, existing);
  const at = world.now();
  const object = customerShape({ id: newId("cus", 14), created: at, email: email ?? session.object.customer_email, name: null, metadata: {}, preferredLocales: [], testClock: null });
  const doc = world.store.put<Stripe.Customer, CustomerNotes>("customer", object.id, object, {});
  world.emit("customer.created", object, { at });
  session.object.customer = object.id;
  world.store.save(session);
  return doc;
}
