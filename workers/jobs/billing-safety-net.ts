/**
 * Billing's safety net, for webhooks that never arrive or fail every retry:
 *   - hourly, Stripe's events since the stored cursor (GET /v1/events) → one billing
 *     message per customer with an event we have not processed;
 *   - daily, every account with a subscription → one billing message each.
 * The crons only queue messages (one per account, as the reconciler does): the syncs run
 * in the billing queue's consumer, so no cron invocation grows with the number of accounts
 * beyond a page of D1 queries and a queue batch per hundred.
 */
import type Stripe from "stripe";
import type { Services } from "../../server/bindings/services";
import { actionFor, isCustomerId, objectIdOf } from "../../server/billing/stripe-events";
import type { BillingMessage } from "../../server/queues/messages";
import {
  customersPage,
  processedEventIds,
  readBillingSetting,
  recordStripeEvents,
  writeBillingSetting,
} from "../../server/repositories/billing";

const CURSOR = "events-cursor";
/** Events created this long before the cursor are read again (same-second events, clock skew). */
const OVERLAP_S = 300;
/** Stripe keeps events 30 days; a first run (no cursor) looks back a day. */
const FIRST_LOOKBACK_S = 24 * 60 * 60;
const PAGE = 100;
const MAX_EVENTS = 10_000;
/** Seconds between the daily resync's pages of 100 messages (≈ 35 Stripe calls a second). */
const RESYNC_SPREAD_S = 6;

export async function runBillingEventsPass(services: Services): Promise<{ [k: string]: unknown }> {
  const { db, log, env } = services;
  const before = services.queries.queries;
  const stored = Number(await readBillingSetting(db, CURSOR));
  const nowS = Math.floor(services.now().getTime() / 1000);
  const since = Number.isFinite(stored) && stored > 0 ? stored - OVERLAP_S : nowS - FIRST_LOOKBACK_S;

  let newest = Number.isFinite(stored) ? stored : 0;
  let seen = 0;
  const customers = new Map<string, string[]>();
  const priceEvents: string[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const page: Stripe.ApiList<Stripe.Event> = await services.stripe().events.list({
      created: { gte: since },
      limit: PAGE,
      ...(startingAfter && { starting_after: startingAfter }),
    });
    const done = await processedEventIds(
      db,
      page.data.map((e) => e.id),
    );
    const missed: { eventId: string; eventType: string; customerId: string | null; objectId: string | null }[] = [];
    for (const event of page.data) {
      seen++;
      newest = Math.max(newest, event.created);
      if (done.has(event.id)) continue;
      const todo = actionFor(event);
      if (todo.kind === "sync" && isCustomerId(todo.customerId)) {
        customers.set(todo.customerId, [...(customers.get(todo.customerId) ?? []), event.id].slice(-100));
        missed.push({ eventId: event.id, eventType: event.type, customerId: todo.customerId, objectId: objectIdOf(event) });
      } else if (todo.kind === "prices") {
        priceEvents.push(event.id);
        missed.push({ eventId: event.id, eventType: event.type, customerId: null, objectId: objectIdOf(event) });
      }
    }
    // Recorded as the webhook would have: the sync marks them processed, so the next pass skips them.
    await recordStripeEvents(db, missed, services.now());
    if (!page.has_more || page.data.length === 0 || seen >= MAX_EVENTS) break;
    startingAfter = page.data.at(-1)!.id;
  }

  const messages: { body: BillingMessage }[] = [...customers].map(([customerId, eventIds]) => ({
    body: { type: "billing.sync", traceId: log.traceId, customerId, eventIds },
  }));
  if (priceEvents.length > 0)
    messages.push({ body: { type: "billing.prices", traceId: log.traceId, eventIds: priceEvents.slice(-100) } });
  for (let i = 0; i < messages.length; i += 100) await env.BILLING_EVENTS.sendBatch(messages.slice(i, i + 100));
  // Never past now (test-clock events carry their clock's time), and not at all when the pass
  // stopped early: the unread events are older than the ones it saw (the daily resync covers them).
  const truncated = seen >= MAX_EVENTS;
  if (truncated) log.alert("billing.events_pass_truncated", { seen });
  else if (newest > 0) await writeBillingSetting(db, CURSOR, String(Math.min(newest, nowS)), services.now());
  if (customers.size > 0) log.warn("billing.missed_events_found", { customers: customers.size });
  return {
    eventsSeen: seen,
    customersQueued: customers.size,
    pricesQueued: priceEvents.length > 0,
    queries: services.queries.queries - before,
  };
}

export async function runBillingResync(services: Services): Promise<{ [k: string]: unknown }> {
  const { db, log, env } = services;
  const before = services.queries.queries;
  let afterId = "";
  let queued = 0;
  let pages = 0;
  for (;;) {
    const page = await customersPage(db, { afterId, limit: PAGE });
    if (page.length === 0) break;
    pages++;
    // Spread over time (a page every 6 s): 10,000 accounts' syncs stay well inside Stripe's rate limits.
    const delaySeconds = Math.min(pages - 1, 7_200) * RESYNC_SPREAD_S;
    await env.BILLING_EVENTS.sendBatch(
      page.map((a) => ({
        delaySeconds,
        body: { type: "billing.sync", traceId: log.traceId, customerId: a.customerId, eventIds: [] } satisfies BillingMessage,
      })),
    );
    queued += page.length;
    afterId = page.at(-1)!.id;
    if (page.length < PAGE) break;
  }
  return { queued, pages, queries: services.queries.queries - before };
}
