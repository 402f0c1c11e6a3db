import type { Route } from "./+types/webhooks-infra";
import { getRequestContext } from "../../server/bindings/request-context";
import { recordInfraEvent } from "../../server/repositories/infra-events";
import { SIGNATURE_HEADER, verifyInfraSignature } from "../../server/infra/webhook-signature";
import { infraEventBody } from "../../server/infra/infra-event";
import type { InfraEventMessage } from "../../server/queues/messages";

/**
 * Receives the infra service's signed state-change events (docs/infra-contract.md §4).
 * A bad, missing or stale signature is refused and nothing is written. A good event is
 * recorded (de-duplicated by id) and queued; the coordinator applies it later.
 */
const MAX_BODY = 16 * 1024;

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const log = rc.log.child({ component: "webhook-infra" });
  if (request.method !== "POST") return Response.json({ error: "method not allowed" }, { status: 405 });
  const bytes = new Uint8Array(await request.arrayBuffer());
  // The limit is in bytes (16 KB of "€" is 48 KB).
  if (bytes.byteLength > MAX_BODY) return Response.json({ error: "too large" }, { status: 413 });
  const raw = new TextDecoder().decode(bytes);

  // Transport freshness is judged by the real clock, not the app's (movable) one.
  const check = await verifyInfraSignature(request.headers.get(SIGNATURE_HEADER), raw, rc.env.INFRA_WEBHOOK_SECRET, Date.now());
  if (!check.ok) {
    log.warn("webhook.infra_refused", { reason: check.reason });
    return Response.json({ error: "invalid signature" }, { status: 401 });
  }
  // The contract's bodies are JSON (docs/infra-contract.md §4): signed or not, nothing else is read.
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") return Response.json({ error: "bodies must be application/json" }, { status: 415 });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return Response.json({ error: "invalid JSON" }, { status: 400 });
  }
  const parsed = infraEventBody.safeParse(json);
  if (!parsed.success) {
    log.warn("webhook.infra_malformed", { issues: parsed.error.issues.length });
    return Response.json({ error: "invalid event" }, { status: 400 });
  }
  const event = parsed.data;
  const { alreadyProcessed } = await recordInfraEvent(rc.db, { ...event, receivedAt: new Date(), traceId: rc.traceId });
  if (!alreadyProcessed) {
    const message: InfraEventMessage = { type: "infra.event", traceId: rc.traceId, event };
    await rc.env.INFRA_EVENTS.send(message);
  }
  log.info("webhook.infra_accepted", {
    eventId: event.eventId,
    resourceId: event.resourceId,
    sequence: event.sequence,
    duplicate: alreadyProcessed,
  });
  return Response.json({ accepted: true }, { status: 202 });
}

export function loader() {
  return Response.json({ error: "method not allowed" }, { status: 405, headers: { Allow: "POST" } });
}
