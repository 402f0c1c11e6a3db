import type { Route } from "./+types/webhooks-resend";
import { getRequestContext } from "../../server/bindings/request-context";
import { applyDeliveryNews } from "../../server/email/delivery-news";
import { createResendClient } from "../../server/email/resend-client";

/**
 * Resend's delivery webhooks (contract §6). The raw body is verified with the SDK's
 * Standard Webhooks check against RESEND_WEBHOOK_SECRET; a bad, missing or stale signature
 * gets 400 and nothing is written. A delivery seen before (same svix-id) changes nothing.
 * The work is a few small writes, done here, so Resend's retries stop as soon as it lands.
 */
const MAX_BODY = 256 * 1024;

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const log = rc.log.child({ component: "webhook-resend" });
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  const raw = new TextDecoder().decode(bytes);
  const id = request.headers.get("svix-id");
  const timestamp = request.headers.get("svix-timestamp");
  const signature = request.headers.get("svix-signature");
  if (!id || !timestamp || !signature || id.length > 200) return Response.json({ error: "missing signature" }, { status: 400 });

  let body: unknown;
  try {
    body = createResendClient(rc.env).webhooks.verify({
      payload: raw,
      headers: { id, timestamp, signature },
      webhookSecret: rc.env.RESEND_WEBHOOK_SECRET,
    });
  } catch (error) {
    log.warn("webhook.resend_refused", { error: (error as Error).message });
    return Response.json({ error: "invalid signature" }, { status: 400 });
  }
  const event = body as { type?: unknown; data?: unknown } | null;
  if (!event || typeof event.type !== "string" || !event.data || typeof event.data !== "object")
    return Response.json({ error: "invalid event" }, { status: 400 });

  const outcome = await applyDeliveryNews(
    rc.db,
    { svixId: id, type: event.type, data: event.data as Record<string, unknown> },
    new Date(),
  );
  log.info("webhook.resend_accepted", { svixId: id, type: event.type, outcome });
  return Response.json({ received: true });
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405 });
}
