/**
 * Time in the stand-in: everything that falls due — renewals, cancellations at `cancel_at`,
 * invoice finalisation, Smart Retries, Checkout expiry, incomplete subscriptions expiring —
 * is run in time order, for the stand-in's own clock or for one test clock (contract §9).
 */
import type Stripe from "stripe";
import type { StripeWorld } from "../world.ts";
import { attemptPayment, finalizeInvoice } from "./invoicing.ts";
import { currentItem, type InvoiceNotes, type SubscriptionNotes } from "./lookups.ts";
import { expireIncomplete, renew } from "./subscriptions.ts";

interface Due {
  at: number;
  run: (at: number) => void;
}

/** The test clock an object belongs to: its customer's (null: the stand-in's own clock). */
function clockOfCustomer(world: StripeWorld, customerId: unknown): string | null {
  if (typeof customerId !== "string") return null;
  const clock = world.store.get<Stripe.Customer>(customerId)?.object.test_clock;
  return typeof clock === "string" ? clock : null;
}

function dueWork(world: StripeWorld, clock: string | null): Due[] {
  const due: Due[] = [];
  for (const sub of world.store.all<Stripe.Subscription, SubscriptionNotes>("subscription")) {
    const o = sub.object;
    if (clockOfCustomer(world, o.customer) !== clock) continue;
    if (o.status === "incomplete") {
      if (sub.x.expiresIncompleteAt) due.push({ at: sub.x.expiresIncompleteAt, run: (at) => expireIncomplete(world, sub, at) });
      continue;
    }
    if (o.status === "canceled" || o.status === "incomplete_expired" || o.status === "paused") continue;
    const periodEnd = currentItem(o).current_period_end;
    const when = o.cancel_at !== null && o.cancel_at < periodEnd ? o.cancel_at : periodEnd;
    due.push({ at: when, run: (at) => renew(world, sub, at) });
  }
  for (const inv of world.store.all<Stripe.Invoice, InvoiceNotes>("invoice")) {
    const o = inv.object;
    if (clockOfCustomer(world, o.customer) !== clock) continue;
    if (o.status === "draft" && inv.x.finalizeAt) due.push({ at: inv.x.finalizeAt, run: (at) => finalizeInvoice(world, inv, at, { attempt: true }) });
    else if (o.status === "open" && o.next_payment_attempt && o.auto_advance) {
      due.push({ at: o.next_payment_attempt, run: (at) => attemptPayment(world, inv, { at, onSession: false, automatic: true }) });
    }
  }
  for (const session of world.store.all<Stripe.Checkout.Session>("checkout_session")) {
    const o = session.object;
    if (o.status !== "open" || clockOfCustomer(world, o.customer) !== clock) continue;
    due.push({
      at: o.expires_at,
      run: (at) => {
        o.status = "expired";
        o.url = null;
        world.store.save(session);
        world.emit("checkout.session.expired", o, { at });
      },
    });
  }
  return due;
}

/**
 * Runs what is due up to `upTo`, earliest first, each at its own time (a test clock's frozen
 * time steps along with it). Each step can create more due work (a renewal's invoice,
 * a failed attempt's retry), so the list is worked out again after every step.
 */
export function runDue(world: StripeWorld, clock: string | null, upTo: number): number {
  let steps = 0;
  for (; steps < 10_000; steps++) {
    const next = dueWork(world, clock)
      .filter((d) => d.at <= upTo)
      .sort((a, b) => a.at - b.at)[0];
    if (!next) break;
    if (clock) {
      const doc = world.store.get<Stripe.TestHelpers.TestClock>(clock);
      if (doc && doc.object.frozen_time < next.at) {
        doc.object.frozen_time = next.at;
        world.store.save(doc);
      }
    }
    next.run(next.at);
  }
  return steps;
}
