/**
 * One event, every destination of its account: a delivery row per switched-on destination
 * (at most one per (destination, outbox row), so the email pipeline may call this again for
 * the same event) and a queue message per new row on the email queue.
 */
import type { Services } from "../bindings/services";
import type { NotificationDeliverMessage } from "../queues/messages";
import { prefixedId } from "../ids";
import { buildEventBody, eventTypeOf, type NotificationOccurrence } from "./event-body";
import { accountNameOf, enabledEndpointsOfAccount, insertDeliveryIfAbsent } from "./repository";

export async function fanOutNotifications(
  services: Services,
  occurrence: NotificationOccurrence,
  /** onlyAddedBy: a destination hears of what happened once it was added, not of what came before. */
  options: { onlyEndpointId?: string; onlyAddedBy?: Date } = {},
): Promise<{ deliveryIds: string[] }> {
  const { db, log } = services;
  const endpoints = (await enabledEndpointsOfAccount(db, occurrence.accountId)).filter(
    (e) =>
      (!options.onlyEndpointId || e.id === options.onlyEndpointId) &&
      (!options.onlyAddedBy || e.createdAt.getTime() <= options.onlyAddedBy.getTime()),
  );
  if (endpoints.length === 0) return { deliveryIds: [] };
  const name = (await accountNameOf(db, occurrence.accountId)) ?? "";
  // The event's id is the outbox row's (the same event to every destination); a test gets its own.
  const eventId = occurrence.outboxId ? `evt_${occurrence.outboxId}` : prefixedId("evt");
  const body = JSON.stringify(buildEventBody(eventId, occurrence, { id: occurrence.accountId, name }));
  const deliveryIds: string[] = [];
  for (const endpoint of endpoints) {
    const id = await insertDeliveryIfAbsent(db, {
      endpointId: endpoint.id,
      outboxId: occurrence.outboxId,
      eventType: eventTypeOf(occurrence.kind),
      body,
    });
    if (id) deliveryIds.push(id);
  }
  if (deliveryIds.length > 0) {
    const messages = deliveryIds.map((deliveryId) => ({
      body: { type: "notification.deliver", traceId: services.traceId, deliveryId } satisfies NotificationDeliverMessage,
      contentType: "json" as const,
    }));
    await services.env.EMAIL_JOBS.sendBatch(messages);
  }
  log.info("notification.fanned_out", {
    accountId: occurrence.accountId,
    outboxId: occurrence.outboxId,
    kind: occurrence.kind,
    deliveries: deliveryIds.length,
  });
  return { deliveryIds };
}
