/**
 * One card payment: the PaymentIntent and Charge events Stripe emits around it (contract
 * §6), decided by the card's test behaviour. Invoices and Checkout call this; it changes
 * no invoice or subscription itself.
 */
import type Stripe from "stripe";
import type { CardDecline } from "../http/api-error.ts";
import { newId } from "../ids.ts";
import type { ChargeSnapshot, PaymentIntentSnapshot } from "../objects/hosted-shapes.ts";
import type { StripeWorld } from "../world.ts";
import { DECLINES } from "./cards.ts";
import type { PaymentMethodDoc } from "./lookups.ts";

export type PaymentOutcome =
  | { ok: true; paymentIntent: string }
  | { ok: false; paymentIntent: string; decline: CardDecline; requiresAction: boolean };

export interface ChargeRequest {
  customer: string;
  amount: number;
  currency: string;
  /** No card at all: the attempt fails as Stripe's does. */
  method: PaymentMethodDoc | undefined;
  /** The customer is there (Checkout, a hosted page): 3-D Secure can be asked for. */
  onSession: boolean;
  /** The customer has just passed 3-D Secure for this payment. */
  authenticated?: boolean;
  /** Reuse the PaymentIntent of earlier attempts (one per invoice or Checkout session). */
  paymentIntent?: string | null;
  description: string;
  at: number;
}

const NO_METHOD: CardDecline = {
  code: "payment_intent_payment_attempt_failed",
  message: "The customer has no payment method available to pay this invoice.",
};

type IntentFacts = Pick<ChargeRequest, "customer" | "amount" | "currency" | "description" | "at"> & { method?: PaymentMethodDoc };

function intentSnapshot(id: string, request: IntentFacts, status: Stripe.PaymentIntent.Status, error: CardDecline | null, received = 0): PaymentIntentSnapshot {
  return {
    id,
    object: "payment_intent",
    amount: request.amount,
    amount_received: received,
    currency: request.currency,
    customer: request.customer,
    payment_method: request.method?.id ?? null,
    status,
    created: request.at,
    livemode: false,
    metadata: {},
    description: request.description,
    last_payment_error: error ? ({ type: "card_error", code: error.code, decline_code: error.decline_code, message: error.message } as Stripe.PaymentIntent.LastPaymentError) : null,
  };
}

/** A PaymentIntent for a payment about to be tried (one per invoice or Checkout session). */
export function createPaymentIntent(world: StripeWorld, request: IntentFacts): string {
  const id = newId("pi");
  world.emit("payment_intent.created", intentSnapshot(id, request, "requires_payment_method", null), { at: request.at });
  return id;
}

export function charge(world: StripeWorld, request: ChargeRequest): PaymentOutcome {
  const at = request.at;
  const intentId = request.paymentIntent ?? createPaymentIntent(world, request);
  const intent = (status: Stripe.PaymentIntent.Status, error: CardDecline | null, received = 0): PaymentIntentSnapshot => intentSnapshot(intentId, request, status, error, received);
  const behaviour = request.method?.x.behaviour;
  const needsAuth = behaviour && !request.authenticated && (request.onSession ? behaviour.authOnSession && !request.method!.x.authenticated : behaviour.authOffSession);
  if (needsAuth) {
    world.emit("payment_intent.requires_action", intent("requires_action", null), { at });
    return { ok: false, paymentIntent: intentId, decline: DECLINES.authenticationRequired, requiresAction: true };
  }
  const decline = !request.method ? NO_METHOD : request.authenticated && behaviour?.declineAfterAuth ? behaviour.declineAfterAuth : behaviour?.declineCharges;
  const chargeSnapshot = (paid: boolean): ChargeSnapshot => ({
    id: newId("ch"),
    object: "charge",
    amount: request.amount,
    currency: request.currency,
    customer: request.customer,
    payment_intent: intentId,
    payment_method: request.method?.id ?? null,
    paid,
    status: paid ? "succeeded" : "failed",
    created: at,
    livemode: false,
    failure_code: paid ? null : decline!.code,
    failure_message: paid ? null : decline!.message,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: paid ? "approved_by_network" : "declined_by_network",
      reason: paid ? null : (decline!.decline_code ?? decline!.code),
      risk_level: "normal",
      seller_message: paid ? "Payment complete." : "The bank did not return any further details with this decline.",
      type: paid ? "authorized" : "issuer_declined",
    },
  });
  if (decline) {
    if (request.method) world.emit("charge.failed", chargeSnapshot(false), { at });
    world.emit("payment_intent.payment_failed", intent("requires_payment_method", decline), { at });
    return { ok: false, paymentIntent: intentId, decline, requiresAction: false };
  }
  if (request.authenticated && request.method) {
    request.method.x.authenticated = true;
    world.store.save(request.method);
  }
  world.emit("charge.succeeded", chargeSnapshot(true), { at });
  world.emit("payment_intent.succeeded", intent("succeeded", null, request.amount), { at });
  return { ok: true, paymentIntent: intentId };
}
