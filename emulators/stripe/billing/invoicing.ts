/**
 * An invoice's life (contract §4.9, §6): created as a draft, finalised (at once for a
 * subscription's first invoice, after `finalizationDelaySeconds` for renewals), paid or
 * failed, retried on the schedule, and — when the last retry fails — the subscription's
 * final outcome.
 */
import type Stripe from "stripe";
import { errors } from "../http/api-error.ts";
import { newId } from "../ids.ts";
import type { InvoicePaymentSnapshot } from "../objects/hosted-shapes.ts";
import { invoice as invoiceShape, type LineFacts } from "../objects/shapes.ts";
import type { StripeWorld } from "../world.ts";
import { charge } from "./payments.ts";
import { chargeableMethod, customerDoc, type InvoiceDoc, type InvoiceNotes, type PaymentMethodDoc, type SubscriptionDoc } from "./lookups.ts";
import { setSubscriptionStatus } from "./subscription-status.ts";

export function createInvoice(
  world: StripeWorld,
  fields: { customer: string; sub: SubscriptionDoc | null; reason: Stripe.Invoice.BillingReason; lines: LineFacts[]; periodStart: number; periodEnd: number; at: number },
): InvoiceDoc {
  const customer = customerDoc(world, fields.customer).object;
  const object = invoiceShape({
    id: newId("in"),
    customer,
    created: fields.at,
    currency: fields.lines[0]?.currency ?? "eur",
    billingReason: fields.reason,
    subscription: fields.sub?.id ?? null,
    subscriptionMetadata: fields.sub ? { ...fields.sub.object.metadata } : null,
    lines: fields.lines,
    periodStart: fields.periodStart,
    periodEnd: fields.periodEnd,
    testClock: typeof customer.test_clock === "string" ? customer.test_clock : null,
    hostedBaseUrl: world.baseUrl,
  });
  const doc = world.store.put<Stripe.Invoice, InvoiceNotes>("invoice", object.id, object, {});
  world.emit("invoice.created", doc.object, { at: fields.at });
  return doc;
}

/** Draft → open: numbered, given its hosted page; then, if it collects automatically, the first attempt. */
export function finalizeInvoice(world: StripeWorld, inv: InvoiceDoc, at: number, options: { attempt: boolean; onSession?: boolean }): void {
  const o = inv.object;
  const customer = customerDoc(world, o.customer as string);
  o.status = "open";
  o.number = `${customer.object.invoice_prefix}-${String(customer.object.next_invoice_sequence ?? 1).padStart(4, "0")}`;
  customer.object.next_invoice_sequence = (customer.object.next_invoice_sequence ?? 1) + 1;
  world.store.save(customer);
  o.hosted_invoice_url = `${world.baseUrl}/i/${o.id}`;
  o.invoice_pdf = `${world.baseUrl}/i/${o.id}/pdf`;
  o.status_transitions.finalized_at = at;
  o.effective_at = at;
  o.automatically_finalizes_at = null;
  o.webhooks_delivered_at = at;
  inv.x.finalizeAt = null;
  world.store.save(inv);
  world.emit("invoice.finalized", o, { at });
  if (o.amount_due === 0) {
    markPaid(world, inv, at, null);
    return;
  }
  if (options.attempt && o.auto_advance) attemptPayment(world, inv, { at, onSession: options.onSession ?? false, automatic: true });
}

export interface AttemptOptions {
  at: number;
  onSession: boolean;
  /** Part of Stripe's own collection (first attempt, Smart Retries): failures are scheduled for retry. */
  automatic: boolean;
  method?: PaymentMethodDoc;
  authenticated?: boolean;
}

/** Tries to collect an open invoice; returns the decline when it failed. */
export function attemptPayment(world: StripeWorld, inv: InvoiceDoc, options: AttemptOptions): ReturnType<typeof charge> {
  const o = inv.object;
  const customer = customerDoc(world, o.customer as string).object;
  const subId = o.parent?.subscription_details?.subscription as string | undefined;
  const sub = subId ? world.store.get<Stripe.Subscription>(subId)?.object ?? null : null;
  const method = options.method ?? chargeableMethod(world, customer, sub);
  const outcome = charge(world, {
    customer: customer.id,
    amount: o.amount_remaining,
    currency: o.currency,
    method,
    onSession: options.onSession,
    authenticated: options.authenticated,
    paymentIntent: inv.x.paymentIntent,
    description: o.billing_reason === "subscription_create" ? "Subscription creation" : o.billing_reason === "subscription_update" ? "Subscription update" : "Subscription update",
    at: options.at,
  });
  inv.x.paymentIntent = outcome.paymentIntent;
  if (outcome.ok) {
    markPaid(world, inv, options.at, method?.id ?? null);
    return outcome;
  }
  o.attempt_count += 1;
  o.attempted = true;
  const subStatus = subId ? world.store.get<Stripe.Subscription>(subId)?.object.status : undefined;
  // An incomplete subscription's first invoice is not retried: it is paid within 23 hours, or the subscription expires.
  if (options.automatic && subStatus !== "incomplete") {
    inv.x.firstFailedAt ??= options.at;
    const delay = world.settings.retryScheduleSeconds[o.attempt_count - 1];
    o.next_payment_attempt = delay === undefined ? null : inv.x.firstFailedAt + delay;
  }
  world.store.save(inv);
  world.emit("invoice.payment_failed", o, { at: options.at });
  if (outcome.requiresAction) world.emit("invoice.payment_action_required", o, { at: options.at });
  world.emit("invoice.updated", o, { at: options.at, previous: { attempt_count: o.attempt_count - 1 } });
  const subDoc = subId ? world.store.get<Stripe.Subscription>(subId) : undefined;
  if (subDoc && subDoc.object.status === "active") setSubscriptionStatus(world, subDoc as SubscriptionDoc, "past_due", options.at);
  if (options.automatic && o.next_payment_attempt === null && subDoc) applyFinalOutcome(world, subDoc as SubscriptionDoc, inv, options.at);
  return outcome;
}

function markPaid(world: StripeWorld, inv: InvoiceDoc, at: number, methodId: string | null): void {
  const o = inv.object;
  const amount = o.amount_remaining;
  o.status = "paid";
  o.amount_paid += amount;
  o.amount_remaining = 0;
  o.attempted = true;
  if (amount > 0) o.attempt_count += 1;
  o.next_payment_attempt = null;
  o.status_transitions.paid_at = at;
  o.default_payment_method = o.default_payment_method ?? methodId;
  world.store.save(inv);
  world.emit("invoice.paid", o, { at });
  world.emit("invoice.payment_succeeded", o, { at });
  if (amount > 0) {
    const payment: InvoicePaymentSnapshot = {
      id: newId("inpay"),
      object: "invoice_payment",
      amount_paid: amount,
      amount_requested: amount,
      created: at,
      currency: o.currency,
      invoice: o.id,
      is_default: true,
      livemode: false,
      payment: { payment_intent: inv.x.paymentIntent ?? undefined, type: "payment_intent" } as Stripe.InvoicePayment.Payment,
      status: "paid",
      status_transitions: { canceled_at: null, paid_at: at },
    };
    world.emit("invoice_payment.paid", payment, { at });
  }
  const subId = o.parent?.subscription_details?.subscription as string | undefined;
  const sub = subId ? (world.store.get<Stripe.Subscription>(subId) as SubscriptionDoc | undefined) : undefined;
  // A paid latest invoice brings a subscription that was waiting on it back to active.
  if (sub && sub.object.latest_invoice === o.id && ["past_due", "unpaid", "incomplete", "paused"].includes(sub.object.status)) {
    setSubscriptionStatus(world, sub, "active", at);
  }
}

/** After the last retry failed: the "if all retries fail" setting (contract §6 (4) step 7). */
function applyFinalOutcome(world: StripeWorld, sub: SubscriptionDoc, inv: InvoiceDoc, at: number): void {
  const outcome = world.settings.finalOutcome;
  if (sub.object.status === "incomplete" || sub.object.status === "canceled") return;
  if (outcome === "cancel") {
    inv.object.auto_advance = false;
    world.store.save(inv);
    endSubscription(world, sub, at, "payment_failed");
  } else if (outcome === "unpaid") {
    setSubscriptionStatus(world, sub, "unpaid", at);
  } else if (outcome === "pause") {
    setSubscriptionStatus(world, sub, "paused", at, { pauseReason: "final_payment_failure" });
  }
}

/** The subscription ends now: canceled, its open invoices no longer collected (contract §6 (8), (9)). */
export function endSubscription(world: StripeWorld, sub: SubscriptionDoc, at: number, reason: Stripe.Subscription.CancellationDetails.Reason, endedAt = at): void {
  const o = sub.object;
  o.status = "canceled";
  o.canceled_at = o.canceled_at ?? at;
  o.ended_at = endedAt;
  o.cancellation_details = { ...(o.cancellation_details ?? { comment: null, feedback: null, feedback_option: null }), reason } as Stripe.Subscription.CancellationDetails;
  o.cancel_at_period_end = false;
  world.store.save(sub);
  for (const inv of world.store.all<Stripe.Invoice, InvoiceNotes>("invoice")) {
    if (inv.object.parent?.subscription_details?.subscription !== o.id) continue;
    if (inv.object.status === "open" || inv.object.status === "draft") {
      inv.object.next_payment_attempt = null;
      inv.object.auto_advance = false;
      inv.x.finalizeAt = null;
      world.store.save(inv);
    }
  }
  if (o.schedule) {
    const schedule = world.store.get<Stripe.SubscriptionSchedule>(o.schedule as string);
    if (schedule && schedule.object.status === "active") {
      schedule.object.status = "canceled";
      schedule.object.canceled_at = at;
      world.store.save(schedule);
      world.emit("subscription_schedule.canceled", schedule.object, { at });
    }
  }
  world.emit("customer.subscription.deleted", o, { at });
}

/** `POST /v1/invoices/{id}/pay`: an attempt now, the customer present or not; a decline is a card error. */
export function payInvoiceNow(world: StripeWorld, inv: InvoiceDoc, at: number, method: PaymentMethodDoc | undefined, options: { onSession: boolean; authenticated?: boolean }): void {
  if (inv.object.status === "paid") throw errors.state("Invoice is already paid", "invoice");
  if (inv.object.status !== "open") throw errors.state(`You can only pay an open invoice. This invoice is ${inv.object.status}.`, "invoice");
  const outcome = attemptPayment(world, inv, { at, onSession: options.onSession, automatic: false, method, authenticated: options.authenticated });
  if (!outcome.ok) {
    throw outcome.requiresAction
      ? errors.card({ code: "invoice_payment_intent_requires_action", message: "This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice." })
      : errors.card(outcome.decline);
  }
}
