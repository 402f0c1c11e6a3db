/**
 * A subscription's life: started (from Checkout or the API), renewed at each period end,
 * changed (plan switch with proration, cancel at period end, resume), ended, and a
 * downgrade scheduled to the period end (the portal's `schedule_at_period_end`).
 */
import type Stripe from "stripe";
import { errors } from "../http/api-error.ts";
import { newId } from "../ids.ts";
import { subscriptionSchedule } from "../objects/hosted-shapes.ts";
import { subscription as subscriptionShape, subscriptionItem, type LineFacts } from "../objects/shapes.ts";
import { money } from "../money.ts";
import { addInterval, type StripeWorld } from "../world.ts";
import { attemptPayment, createInvoice, endSubscription, finalizeInvoice } from "./invoicing.ts";
import { charge, type PaymentOutcome } from "./payments.ts";
import { currentItem, customerDoc, productName, type InvoiceDoc, type PaymentMethodDoc, type SubscriptionDoc, type SubscriptionNotes } from "./lookups.ts";
import { setSubscriptionStatus } from "./subscription-status.ts";

const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;

export interface StartRequest {
  customer: string;
  price: Stripe.Price;
  quantity: number;
  method: PaymentMethodDoc | undefined;
  metadata: Stripe.Metadata;
  description?: string | null;
  at: number;
}

export function periodEndFrom(price: Stripe.Price, start: number): number {
  return addInterval(start, price.recurring?.interval ?? "month", price.recurring?.interval_count ?? 1);
}

/** The line for one period of a subscription item at its price (renewals, previews). */
export function periodLine(world: StripeWorld, sub: Stripe.Subscription, item: Stripe.SubscriptionItem, start: number, end: number): LineFacts {
  return {
    amount: (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    currency: item.price.currency,
    description: `${item.quantity ?? 1} × ${productName(world, item.price)} (at ${money(item.price.unit_amount ?? 0, item.price.currency)} / ${item.price.recurring?.interval ?? "month"})`,
    periodStart: start,
    periodEnd: end,
    price: item.price,
    subscription: sub.id,
    subscriptionItem: item.id,
    proration: false,
    quantity: item.quantity ?? 1,
  };
}

function buildSubscription(world: StripeWorld, request: StartRequest, status: Stripe.Subscription.Status): SubscriptionDoc {
  const customer = customerDoc(world, request.customer).object;
  const id = newId("sub");
  const end = periodEndFrom(request.price, request.at);
  const item = subscriptionItem({ subscription: id, price: request.price, created: request.at, periodStart: request.at, periodEnd: end, quantity: request.quantity });
  const object = subscriptionShape({
    id,
    customer: customer.id,
    created: request.at,
    items: [item],
    currency: request.price.currency,
    defaultPaymentMethod: request.method?.id ?? null,
    metadata: request.metadata,
    status,
    testClock: typeof customer.test_clock === "string" ? customer.test_clock : null,
    description: request.description ?? null,
  });
  return world.store.put<Stripe.Subscription, SubscriptionNotes>("subscription", id, object, {});
}

/**
 * Checkout's subscription, created only once the first payment has succeeded (contract
 * §0, basil): the payment events, then the subscription, then its paid first invoice.
 */
export function startFromCheckout(world: StripeWorld, request: StartRequest & { payment: PaymentOutcome & { ok: true } }): { sub: SubscriptionDoc; invoice: InvoiceDoc } {
  const incompleteFirst = world.settings.subscriptionCreatedStatus === "incomplete";
  const sub = buildSubscription(world, request, incompleteFirst ? "incomplete" : "active");
  const item = currentItem(sub.object);
  const inv = createInvoiceFor(world, sub, "subscription_create", [periodLine(world, sub.object, item, request.at, item.current_period_end)], request.at);
  sub.object.latest_invoice = inv.id;
  world.store.save(sub);
  // The subscription's created event comes before its invoice's (contract §6 (1)).
  reorderCreated(world, sub, inv, request.at);
  inv.x.paymentIntent = request.payment.paymentIntent;
  inv.object.default_payment_method = request.method?.id ?? null;
  finalizeInvoice(world, inv, request.at, { attempt: false });
  markPaidFromCheckout(world, inv, request.at);
  if (incompleteFirst) setSubscriptionStatus(world, sub, "active", request.at);
  return { sub, invoice: inv };
}

/** `invoice.created` must follow `customer.subscription.created`: the invoice is made silently, then both are announced. */
function createInvoiceFor(world: StripeWorld, sub: SubscriptionDoc, reason: Stripe.Invoice.BillingReason, lines: LineFacts[], at: number): InvoiceDoc {
  return world.muted(() => createInvoice(world, { customer: sub.object.customer as string, sub, reason, lines, periodStart: at, periodEnd: at, at }));
}

function reorderCreated(world: StripeWorld, sub: SubscriptionDoc, inv: InvoiceDoc, at: number): void {
  world.emit("customer.subscription.created", sub.object, { at });
  world.emit("invoice.created", inv.object, { at });
}

function markPaidFromCheckout(world: StripeWorld, inv: InvoiceDoc, at: number): void {
  // The payment already went through on the Checkout page: record it on the invoice.
  const o = inv.object;
  o.status = "paid";
  o.amount_paid = o.amount_due;
  o.amount_remaining = 0;
  o.attempt_count = 1;
  o.attempted = true;
  o.status_transitions.paid_at = at;
  world.store.save(inv);
  world.emit("invoice.paid", o, { at });
  world.emit("invoice.payment_succeeded", o, { at });
  world.emit(
    "invoice_payment.paid",
    {
      id: newId("inpay"),
      object: "invoice_payment",
      amount_paid: o.amount_paid,
      amount_requested: o.amount_paid,
      created: at,
      currency: o.currency,
      invoice: o.id,
      is_default: true,
      livemode: false,
      payment: { payment_intent: inv.x.paymentIntent, type: "payment_intent" },
      status: "paid",
      status_transitions: { canceled_at: null, paid_at: at },
    },
    { at },
  );
}

/** `POST /v1/subscriptions`: the first invoice is paid off-session now; `payment_behavior` decides what a decline does. */
export function startFromApi(world: StripeWorld, request: StartRequest & { paymentBehavior: string }): SubscriptionDoc {
  if (!request.method) {
    throw errors.state("This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://docs.stripe.com/billing/subscriptions/payment-methods-setting#payment-method-priority.");
  }
  if (request.paymentBehavior === "error_if_incomplete") {
    // A dry run of the card: a decline refuses the whole request and leaves nothing behind.
    const b = request.method.x.behaviour;
    if (b.declineCharges) throw errors.card(b.declineCharges);
    if (b.authOffSession) throw errors.card({ code: "subscription_payment_intent_requires_action", message: "Payment for this subscription requires additional user action before it can be completed successfully." });
  }
  const sub = buildSubscription(world, request, "incomplete");
  const item = currentItem(sub.object);
  const inv = createInvoiceFor(world, sub, "subscription_create", [periodLine(world, sub.object, item, request.at, item.current_period_end)], request.at);
  sub.object.latest_invoice = inv.id;
  const b = request.method.x.behaviour;
  const willPay = !b.declineCharges && !b.authOffSession && request.paymentBehavior !== "default_incomplete";
  // Announced with the status it ends the request with when the card goes through at once.
  sub.object.status = willPay ? "active" : "incomplete";
  sub.x.expiresIncompleteAt = willPay ? null : request.at + INCOMPLETE_EXPIRY_SECONDS;
  world.store.save(sub);
  reorderCreated(world, sub, inv, request.at);
  finalizeInvoice(world, inv, request.at, { attempt: request.paymentBehavior !== "default_incomplete", onSession: false });
  return world.store.get(sub.id) as SubscriptionDoc;
}

/** An incomplete subscription whose first invoice was never paid (23 h). */
export function expireIncomplete(world: StripeWorld, sub: SubscriptionDoc, at: number): void {
  sub.x.expiresIncompleteAt = null;
  const inv = sub.object.latest_invoice ? world.store.get<Stripe.Invoice>(sub.object.latest_invoice as string) : undefined;
  if (inv && inv.object.status === "open") {
    inv.object.status = "void";
    inv.object.status_transitions.voided_at = at;
    world.store.save(inv);
    world.emit("invoice.voided", inv.object, { at });
  }
  setSubscriptionStatus(world, sub, "incomplete_expired", at);
  sub.object.ended_at = at;
  world.store.save(sub);
}

/** At a period end: cancel if asked to, apply a scheduled plan change, or start the next period with its invoice. */
export function renew(world: StripeWorld, sub: SubscriptionDoc, at: number): void {
  const o = sub.object;
  const item = currentItem(o);
  const periodEnd = item.current_period_end;
  if (o.cancel_at !== null && o.cancel_at <= periodEnd) {
    endSubscription(world, sub, o.cancel_at, "cancellation_requested", o.cancel_at);
    return;
  }
  const previousItems = structuredClone(o.items);
  const previousInvoice = o.latest_invoice;
  applyScheduledPhase(world, sub, periodEnd);
  const start = periodEnd;
  const end = periodEndFrom(item.price, start);
  item.current_period_start = start;
  item.current_period_end = end;
  const lines = [...(sub.x.pendingLines ?? []), periodLine(world, o, item, start, end)];
  sub.x.pendingLines = [];
  const inv = world.muted(() => createInvoice(world, { customer: o.customer as string, sub, reason: "subscription_cycle", lines, periodStart: start, periodEnd: start, at }));
  o.latest_invoice = inv.id;
  world.store.save(sub);
  world.emit("customer.subscription.updated", o, { at, previous: { items: previousItems, latest_invoice: previousInvoice } });
  world.emit("invoice.created", inv.object, { at });
  releaseFinishedSchedule(world, sub, at);
  if (o.status === "unpaid") {
    // Invoices of an unpaid subscription are created, finalised and left without attempts.
    inv.object.auto_advance = false;
    world.store.save(inv);
    finalizeInvoice(world, inv, at, { attempt: false });
    return;
  }
  const delay = world.settings.finalizationDelaySeconds;
  if (delay <= 0) {
    finalizeInvoice(world, inv, at, { attempt: true });
  } else {
    inv.x.finalizeAt = at + delay;
    inv.object.automatically_finalizes_at = at + delay;
    world.store.save(inv);
  }
}

// ── Changes ─────────────────────────────────────────────────────────────────

export type ProrationBehavior = "always_invoice" | "create_prorations" | "none";

/** Swaps the subscription's price. Returns the invoice made for `always_invoice`. */
export function switchPrice(
  world: StripeWorld,
  sub: SubscriptionDoc,
  next: Stripe.Price,
  options: { proration: ProrationBehavior; prorationDate: number; at: number; quantity?: number; paymentBehavior?: string },
): InvoiceDoc | null {
  const o = sub.object;
  if (o.status === "canceled" || o.status === "incomplete_expired") throw errors.state("A canceled subscription can only update its cancellation_details and metadata.");
  const item = currentItem(o);
  const previousItems = structuredClone(o.items);
  const previousInvoice = o.latest_invoice;
  const old = item.price;
  const oldQuantity = item.quantity ?? 1;
  const quantity = options.quantity ?? oldQuantity;
  const lines = prorationLines(world, o, item, old, oldQuantity, next, quantity, options.prorationDate);
  if (options.proration === "always_invoice" && options.paymentBehavior === "error_if_incomplete") {
    const method = sub.object.default_payment_method;
    const pm = typeof method === "string" ? world.store.get<Stripe.PaymentMethod, { behaviour: { declineCharges?: { code: string; message: string } } }>(method) : undefined;
    if (pm?.x.behaviour.declineCharges && lines.reduce((s, l) => s + l.amount, 0) > 0) throw errors.card(pm.x.behaviour.declineCharges);
  }
  const updated = subscriptionItem({ id: item.id, subscription: o.id, price: next, created: item.created, periodStart: item.current_period_start, periodEnd: item.current_period_end, quantity });
  o.items.data[0] = updated;
  let inv: InvoiceDoc | null = null;
  if (options.proration === "always_invoice") {
    inv = world.muted(() => createInvoice(world, { customer: o.customer as string, sub, reason: "subscription_update", lines: [...(sub.x.pendingLines ?? []), ...lines], periodStart: options.at, periodEnd: options.at, at: options.at }));
    sub.x.pendingLines = [];
    o.latest_invoice = inv.id;
  } else if (options.proration === "create_prorations") {
    sub.x.pendingLines = [...(sub.x.pendingLines ?? []), ...lines];
  }
  world.store.save(sub);
  world.emit("customer.subscription.updated", o, { at: options.at, previous: { items: previousItems, ...(inv && { latest_invoice: previousInvoice }) } });
  if (inv) {
    world.emit("invoice.created", inv.object, { at: options.at });
    finalizeInvoice(world, inv, options.at, { attempt: true });
  }
  return inv;
}

/** The two proration lines of a mid-period change: credit for the old price's unused time, charge for the new one's. */
export function prorationLines(world: StripeWorld, sub: Stripe.Subscription, item: Stripe.SubscriptionItem, old: Stripe.Price, oldQuantity: number, next: Stripe.Price, quantity: number, from: number): LineFacts[] {
  const start = item.current_period_start;
  const end = item.current_period_end;
  const span = Math.max(1, end - start);
  const remaining = Math.min(span, Math.max(0, end - from));
  const share = remaining / span;
  const when = new Date(from * 1000).toUTCString().slice(5, 16);
  const credit = -Math.round((old.unit_amount ?? 0) * oldQuantity * share);
  const debit = Math.round((next.unit_amount ?? 0) * quantity * share);
  const base = { currency: next.currency, periodStart: from, periodEnd: end, subscription: sub.id, subscriptionItem: item.id, proration: true };
  return [
    { ...base, amount: credit, price: old, quantity: oldQuantity, description: `Unused time on ${productName(world, old)} after ${when}` },
    { ...base, amount: debit, price: next, quantity, description: `Remaining time on ${quantity} × ${productName(world, next)} after ${when}` },
  ];
}

/** Scheduled to end: `cancel_at` set (flexible billing mode), or at the period end. */
export function scheduleCancel(world: StripeWorld, sub: SubscriptionDoc, cancelAt: number | null, atPeriodEnd: boolean, at: number, details?: Partial<Stripe.Subscription.CancellationDetails>): void {
  const o = sub.object;
  const previous = { cancel_at: o.cancel_at, cancel_at_period_end: o.cancel_at_period_end, canceled_at: o.canceled_at, cancellation_details: structuredClone(o.cancellation_details) };
  if (cancelAt === null && !atPeriodEnd) {
    o.cancel_at = null;
    o.cancel_at_period_end = false;
    o.canceled_at = null;
    o.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason: null };
  } else {
    o.cancel_at = atPeriodEnd ? currentItem(o).current_period_end : cancelAt;
    o.cancel_at_period_end = atPeriodEnd;
    o.canceled_at = at;
    o.cancellation_details = { comment: null, feedback: null, feedback_option: null, ...(o.cancellation_details ?? {}), ...(details ?? {}), reason: "cancellation_requested" } as Stripe.Subscription.CancellationDetails;
  }
  world.store.save(sub);
  world.emit("customer.subscription.updated", o, { at, previous: changedOnly(previous, o) });
}

/** The previous values of only the keys that changed (what `previous_attributes` holds). */
export function changedOnly(previous: Record<string, unknown>, now: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(previous)) {
    if (JSON.stringify(value) !== JSON.stringify((now as Record<string, unknown>)[key])) out[key] = value;
  }
  return out;
}

/** The portal's deferred downgrade: a schedule whose second phase starts at the period end. */
export function scheduleDowngrade(world: StripeWorld, sub: SubscriptionDoc, next: Stripe.Price, at: number): void {
  const o = sub.object;
  const item = currentItem(o);
  if (o.schedule) releaseSchedule(world, sub, at);
  const schedule = subscriptionSchedule({
    created: at,
    customer: o.customer as string,
    subscription: o.id,
    testClock: (o.test_clock as string | null) ?? null,
    currency: o.currency,
    phases: [
      { start: item.current_period_start, end: item.current_period_end, price: item.price.id, quantity: item.quantity ?? 1 },
      { start: item.current_period_end, end: periodEndFrom(next, item.current_period_end), price: next.id, quantity: item.quantity ?? 1 },
    ],
  });
  world.store.put("subscription_schedule", schedule.id, schedule, {});
  world.emit("subscription_schedule.created", schedule, { at });
  o.schedule = schedule.id;
  world.store.save(sub);
  world.emit("customer.subscription.updated", o, { at, previous: { schedule: null } });
}

function applyScheduledPhase(world: StripeWorld, sub: SubscriptionDoc, periodEnd: number): void {
  const id = sub.object.schedule;
  if (typeof id !== "string") return;
  const schedule = world.store.get<Stripe.SubscriptionSchedule>(id);
  if (!schedule || schedule.object.status !== "active") return;
  const phase = schedule.object.phases.find((p) => p.start_date === periodEnd);
  if (!phase) return;
  const priceId = phase.items[0]!.price as string;
  const next = world.store.get<Stripe.Price>(priceId)?.object;
  if (!next) return;
  const item = currentItem(sub.object);
  sub.object.items.data[0] = subscriptionItem({ id: item.id, subscription: sub.id, price: next, created: item.created, periodStart: item.current_period_start, periodEnd: item.current_period_end, quantity: item.quantity ?? 1 });
  schedule.object.current_phase = { end_date: phase.end_date, start_date: phase.start_date };
  world.store.save(schedule);
  world.emit("subscription_schedule.updated", schedule.object, { at: periodEnd, previous: { current_phase: { start_date: schedule.object.phases[0]!.start_date, end_date: schedule.object.phases[0]!.end_date } } });
}

function releaseFinishedSchedule(world: StripeWorld, sub: SubscriptionDoc, at: number): void {
  const id = sub.object.schedule;
  if (typeof id !== "string") return;
  const schedule = world.store.get<Stripe.SubscriptionSchedule>(id);
  if (!schedule || schedule.object.status !== "active") return;
  const last = schedule.object.phases[schedule.object.phases.length - 1]!;
  if (schedule.object.current_phase?.start_date === last.start_date) releaseSchedule(world, sub, at);
}

/** A schedule lets go of its subscription, which keeps its current price. */
export function releaseSchedule(world: StripeWorld, sub: SubscriptionDoc, at: number): Stripe.SubscriptionSchedule | undefined {
  const id = sub.object.schedule;
  if (typeof id !== "string") return undefined;
  const schedule = world.store.get<Stripe.SubscriptionSchedule>(id);
  if (!schedule) return undefined;
  schedule.object.status = "released";
  schedule.object.released_at = at;
  schedule.object.released_subscription = sub.id;
  schedule.object.subscription = null;
  schedule.object.current_phase = null;
  world.store.save(schedule);
  world.emit("subscription_schedule.released", schedule.object, { at });
  sub.object.schedule = null;
  world.store.save(sub);
  world.emit("customer.subscription.updated", sub.object, { at, previous: { schedule: id } });
  return schedule.object;
}


/** Credits the unused rest of the period to the customer's balance (a prorated cancellation). */
export function creditUnusedTime(world: StripeWorld, sub: SubscriptionDoc, at: number): void {
  const item = currentItem(sub.object);
  const share = Math.max(0, item.current_period_end - at) / Math.max(1, item.current_period_end - item.current_period_start);
  const credit = Math.round((item.price.unit_amount ?? 0) * (item.quantity ?? 1) * share);
  if (credit <= 0) return;
  const customer = customerDoc(world, sub.object.customer as string);
  const previous = customer.object.balance;
  customer.object.balance -= credit;
  world.store.save(customer);
  world.emit("customer.updated", customer.object, { at, previous: { balance: previous } });
}

export { attemptPayment, charge };
