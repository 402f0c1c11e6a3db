/**
 * What a customer does in the Customer Portal (contract §6 (5)–(7), §7.2), each within
 * what the portal configuration allows: cancel (at period end: flexible mode sets
 * `cancel_at`, not `cancel_at_period_end`), renew, replace the card, switch plan (upgrades
 * prorated, downgrades scheduled to the period end when the configuration says so), and
 * edit billing details.
 */
import type Stripe from "stripe";
import { errors } from "../http/api-error.ts";
import type { StripeWorld } from "../world.ts";
import type { EnteredCard } from "./cards.ts";
import { attemptPayment, endSubscription } from "./invoicing.ts";
import { currentItem, customerDoc, type InvoiceDoc, type SubscriptionDoc } from "./lookups.ts";
import { attachMethod, createCardMethod } from "./payment-methods.ts";
import { changedOnly, creditUnusedTime, scheduleCancel, scheduleDowngrade, switchPrice, type ProrationBehavior } from "./subscriptions.ts";

type Config = Stripe.BillingPortal.Configuration;

export function portalCancel(world: StripeWorld, sub: SubscriptionDoc, config: Config, survey: { feedback: string | null; comment: string | null }): void {
  if (!config.features.subscription_cancel.enabled) throw errors.state("Cancelling is turned off in this portal configuration.");
  const at = world.nowFor(sub.object.customer as string);
  const feedback = survey.feedback as Stripe.Subscription.CancellationDetails.Feedback | null;
  if (config.features.subscription_cancel.mode === "immediately") {
    if (feedback || survey.comment) sub.object.cancellation_details = { comment: survey.comment, feedback, feedback_option: null, reason: null };
    if (config.features.subscription_cancel.proration_behavior === "create_prorations") creditUnusedTime(world, sub, at);
    endSubscription(world, sub, at, "cancellation_requested");
    return;
  }
  const withFeedback = !world.settings.cancelFeedbackSecondEvent;
  scheduleCancel(world, sub, currentItem(sub.object).current_period_end, false, at, withFeedback ? { feedback, comment: survey.comment } : undefined);
  if (!withFeedback && (feedback || survey.comment)) {
    // The reason survey's answer arrives as a second update, seconds later (contract §6 (7)).
    const previous = structuredClone(sub.object.cancellation_details);
    sub.object.cancellation_details = { ...sub.object.cancellation_details!, feedback, comment: survey.comment };
    world.store.save(sub);
    world.emit("customer.subscription.updated", sub.object, { at, previous: { cancellation_details: previous } });
  }
}

export function portalRenew(world: StripeWorld, sub: SubscriptionDoc): void {
  if (sub.object.cancel_at === null && !sub.object.cancel_at_period_end) return;
  scheduleCancel(world, sub, null, false, world.nowFor(sub.object.customer as string));
}

/** A new card becomes the default; whether it also becomes the subscriptions' and pays what is open are settings (open question 1). */
export function portalUpdateCard(world: StripeWorld, customerId: string, card: EnteredCard, name: string | null): void {
  const customer = customerDoc(world, customerId);
  const at = world.nowFor(customerId);
  const pm = createCardMethod(world, card, at, { name, email: customer.object.email });
  world.emit("setup_intent.created", { object: "setup_intent", customer: customerId, payment_method: null, status: "requires_payment_method" }, { at });
  attachMethod(world, pm, customerId, at);
  world.emit("setup_intent.succeeded", { object: "setup_intent", customer: customerId, payment_method: pm.id, status: "succeeded" }, { at });
  const previous = customer.object.invoice_settings.default_payment_method;
  customer.object.invoice_settings.default_payment_method = pm.id;
  world.store.save(customer);
  world.emit("customer.updated", customer.object, { at, previous: { invoice_settings: { default_payment_method: previous } } });
  const settings = world.settings;
  for (const sub of world.store.all<Stripe.Subscription>("subscription") as SubscriptionDoc[]) {
    if (sub.object.customer !== customerId || ["canceled", "incomplete_expired"].includes(sub.object.status)) continue;
    if (settings.portalCardUpdateSetsSubscriptionDefault && sub.object.default_payment_method) {
      const old = sub.object.default_payment_method;
      sub.object.default_payment_method = pm.id;
      world.store.save(sub);
      world.emit("customer.subscription.updated", sub.object, { at, previous: { default_payment_method: old } });
    }
    if (settings.portalCardUpdatePaysOpenInvoice && typeof sub.object.latest_invoice === "string") {
      const inv = world.store.get(sub.object.latest_invoice) as InvoiceDoc | undefined;
      if (inv?.object.status === "open") attemptPayment(world, inv, { at, onSession: true, automatic: false, method: pm, authenticated: true });
    }
  }
}

export function portalSwitchPlan(world: StripeWorld, sub: SubscriptionDoc, next: Stripe.Price, config: Config): void {
  const update = config.features.subscription_update;
  if (!update.enabled) throw errors.state("Changing plans is turned off in this portal configuration.");
  const allowed = update.products?.some((p) => p.prices.includes(next.id)) ?? false;
  if (!allowed) throw errors.state("That plan isn't offered in this portal configuration.");
  const at = world.nowFor(sub.object.customer as string);
  const item = currentItem(sub.object);
  if (item.price.id === next.id) return;
  const decreasing = (next.unit_amount ?? 0) * (item.quantity ?? 1) < (item.price.unit_amount ?? 0) * (item.quantity ?? 1);
  const deferred = decreasing && update.schedule_at_period_end?.conditions.some((c) => c.type === "decreasing_item_amount");
  if (deferred) {
    scheduleDowngrade(world, sub, next, at);
    return;
  }
  switchPrice(world, sub, next, { proration: update.proration_behavior as ProrationBehavior, prorationDate: at, at });
}

export function portalUpdateDetails(world: StripeWorld, customerId: string, config: Config, fields: { email?: string; name?: string }): void {
  const allowed = config.features.customer_update;
  if (!allowed.enabled) throw errors.state("Editing billing details is turned off in this portal configuration.");
  const customer = customerDoc(world, customerId);
  const before = structuredClone(customer.object) as unknown as Record<string, unknown>;
  if (fields.email !== undefined && allowed.allowed_updates.includes("email")) customer.object.email = fields.email || null;
  if (fields.name !== undefined && allowed.allowed_updates.includes("name")) customer.object.name = fields.name || null;
  world.store.save(customer);
  const previous = changedOnly(before, customer.object);
  if (Object.keys(previous).length > 0) world.emit("customer.updated", customer.object, { at: world.nowFor(customerId), previous });
}
