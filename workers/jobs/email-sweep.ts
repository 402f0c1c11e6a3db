/**
 * Every 5 minutes: outbox rows that are due and still pending — never queued (the cause's
 * queue send failed), queued but not sent a few minutes later (a message lost), or waiting
 * for their time (trouble lasting 10 minutes) — go on the email queue. One that keeps failing
 * (a day past its time) is given up: after Resend's 24-hour idempotency window a resend
 * could duplicate, and the news is stale anyway.
 */
import type { Services } from "../../server/bindings/services";
import { queueEmails } from "../../server/email/queue-emails";
import { claimDueForQueue, giveUpStale } from "../../server/repositories/email-outbox";

/** A row queued this long ago and still pending is queued again. */
export const REQUEUE_AFTER_MS = 4 * 60 * 1000;
const PAGE = 500;

/** A row still not sent this long after it was due is given up (its news is stale), with an alert. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

export async function runEmailSweep(services: Services): Promise<{ [k: string]: unknown }> {
  const at = services.now();
  const stale = await giveUpStale(services.db, at, GIVE_UP_AFTER_MS);
  if (stale > 0) services.log.alert("email.given_up", { count: stale });
  const ids = await claimDueForQueue(services.db, at, REQUEUE_AFTER_MS, PAGE);
  await queueEmails(services, ids);
  if (ids.length > 0) services.log.info("sweep.emails_queued", { count: ids.length });
  return { queued: ids.length, givenUp: stale };
}
