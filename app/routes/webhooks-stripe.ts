import type Stripe from "stripe";
import type { Route } from "./+types/webhooks-stripe";
import { getRequestContext } from "../../server/bindings/request-context";
import { recordStripeEvent } from "../../server/repositories/billing";
import { actionFor, isCustomerId, objectIdOf } from "../../server/billing/stripe-events";
import type { BillingMessage } from "../../server/queues/messages";

/**
 * Stripe's webhook. The raw body is verified with constructEventAsync (the Workers build
 * of the SDK has only the async verifier); a bad, missing or stale signature is refused
 * with 400 and nothing is written. A verified event is recorded by id and queued for the
 * billing queue, and Stripe gets its 200 at once. An event processed already → 200 and
 * nothing more; one recorded but not yet processed is queued again. Events Harbor does
 * not act on are recorded (processed at once) and ignored.
 */
const MAX_BODY = 512 * 1024;

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const log = rc.log.child({ component: "webhook-stripe" });
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  const raw = new TextDecoder().decode(bytes);
  const signature = request.headers.get("stripe-signature");
  if (!signature) return Response.json({ error: "missing signature" }, { status: 400 });

  let event: Stripe.Event;
  try {
    event = await rc.stripe().webhooks.constructEventAsync(raw, signature, rc.env.STRIPE_WEBHOOK_SECRET);
  } catch (error) {
    log.warn("webhook.stripe_refused", { error: (error as Error).message });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  if (typeof event?.id !== "string" || typeof event.type !== "string" || !event.data?.object) {
    return Response.json({ error: "invalid event" }, { status: 400 });
  }

  const todo = actionFor(event);
  const customerId = todo.kind === "sync" && isCustomerId(todo.customerId) ? todo.customerId : null;
  const ignored = todo.kind === "ignore" || (todo.kind === "sync" && !customerId);
  const at = new Date();
  const recorded = await recordStripeEvent(rc.db, {
    eventId: event.id,
    eventType: event.type,
    customerId,
    objectId: objectIdOf(event),
    receivedAt: at,
    processedAt: ignored ? at : null,
  });
  if (recorded.status === "processed" || ignored) {
    log.info("webhook.stripe_accepted", { eventId: event.id, type: event.type, queued: false, recorded: recorded.status });
    return Response.json({ received: true });
  }
  const message: BillingMessage = customerId
    ? { type: "billing.sync", traceId: rc.traceId, customerId, eventIds: [event.id] }
    : { type: "billing.prices", traceId: rc.traceId, eventIds: [event.id] };
  await rc.env.BILLING_EVENTS.send(message);
  log.info("webhook.stripe_accepted", { eventId: event.id, type: event.type, queued: true, recorded: recorded.status });
  return Response.json({ received: true });
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
