/**
 * Puts outbox rows on the email queue. A cause calls it right after its batch committed; if
 * this fails (or is never reached), the email sweep finds the row still pending a few
 * minutes later and queues it then — the row, not the message, is the promise.
 */
import type { Services } from "../bindings/services";
import { markQueued, pendingIdsForKeys } from "../repositories/email-outbox";
import type { EmailSendMessage } from "../queues/messages";

export async function queueEmails(services: Services, outboxIds: readonly string[]): Promise<void> {
  const ids = [...new Set(outboxIds)];
  if (ids.length === 0) return;
  try {
    for (let i = 0; i < ids.length; i += 100) {
      const page = ids.slice(i, i + 100);
      await services.env.EMAIL_JOBS.sendBatch(
        page.map((outboxId) => ({
          body: { type: "email.send", traceId: services.traceId, outboxId } satisfies EmailSendMessage,
        })),
      );
      await markQueued(services.db, page, services.now());
    }
  } catch (error) {
    services.log.warn("email.queue_failed", { error, count: ids.length });
  }
}

/** Queues the rows with these dedupe keys that are still pending (what a batch just wrote). */
export async function queueEmailsByKey(services: Services, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await queueEmails(services, await pendingIdsForKeys(services.db, keys));
}
