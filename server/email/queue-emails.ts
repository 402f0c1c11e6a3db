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
    // 50 a page: a queue batch takes 100 messages, a D1 statement 100 parameters (the ids and the time).
    for (let i = 0; i < ids.length; i += 50) {
      const page = ids.slice(i, i + 50);
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
