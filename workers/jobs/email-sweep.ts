/**
 * Every 5 minutes: outbox rows that are due and still pending — never queued (the cause's
 * queue send failed), queued but not sent a few minutes later (a message lost), or waiting
 * for their time (trouble lasting 10 minutes) — go on the email queue.
 */
import type { Services } from "../../server/bindings/services";
import { queueEmails } from "../../server/email/queue-emails";
import { claimDueForQueue } from "../../server/repositories/email-outbox";

/** A row queued this long ago and still pending is queued again. */
export const REQUEUE_AFTER_MS = 4 * 60 * 1000;
const PAGE = 500;

export async function runEmailSweep(services: Services): Promise<{ [k: string]: unknown }> {
  const ids = await claimDueForQueue(services.db, services.now(), REQUEUE_AFTER_MS, PAGE);
  await queueEmails(services, ids);
  if (ids.length > 0) services.log.info("sweep.emails_queued", { count: ids.length });
  return { queued: ids.length };
}
