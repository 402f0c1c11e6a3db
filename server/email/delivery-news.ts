/**
 * What Resend's delivery webhooks tell (contract §6): each message's delivery status moves
 * forward only (webhooks arrive out of order; the precedence is domain/email/statuses.ts),
 * and a hard bounce, a complaint or a suppression marks the address undeliverable, which
 * the dashboard shows as a banner asking for another address.
 */
import { deliveryStatusAdvances, type DeliveryProgress } from "../../domain/email/statuses";
import type { Database } from "../db/database";
import {
  clearUndeliverable,
  markUndeliverable,
  messageByResendId,
  moveDeliveryStatus,
  recordResendEvent,
} from "../repositories/email-outbox";

export interface DeliveryNews {
  svixId: string;
  type: string;
  data: Record<string, unknown>;
}

const STATUS_FOR_EVENT: Record<string, DeliveryProgress> = {
  "email.sent": "sent",
  "email.delivered": "delivered",
  "email.delivery_delayed": "delivery_delayed",
  "email.bounced": "bounced",
  "email.complained": "complained",
  "email.failed": "failed",
  "email.suppressed": "suppressed",
  "email.opened": "opened",
  "email.clicked": "clicked",
  "email.scheduled": "scheduled",
};

export type NewsOutcome = "duplicate" | "applied" | "ignored";

export async function applyDeliveryNews(db: Database, news: DeliveryNews, at: Date): Promise<NewsOutcome> {
  const emailId = typeof news.data.email_id === "string" ? news.data.email_id : null;
  if (!(await recordResendEvent(db, { svixId: news.svixId, type: news.type, emailId, at }))) return "duplicate";

  if (news.type === "suppression.added" || news.type === "suppression.removed") {
    const address = typeof news.data.email === "string" ? news.data.email.toLowerCase() : null;
    if (!address) return "ignored";
    if (news.type === "suppression.added") await markUndeliverable(db, address, "suppressed", null, at);
    else await clearUndeliverable(db, address);
    return "applied";
  }

  const status = STATUS_FOR_EVENT[news.type];
  if (!status || !emailId) return "ignored";
  const message = await messageByResendId(db, emailId);
  if (!message) return "ignored";
  if (deliveryStatusAdvances(message.deliveryStatus, status)) await moveDeliveryStatus(db, message, status, at);
  const bounce = news.data.bounce as { type?: unknown } | undefined;
  if (
    (news.type === "email.bounced" && bounce?.type === "Permanent") ||
    news.type === "email.complained" ||
    news.type === "email.suppressed"
  ) {
    const reason = news.type === "email.bounced" ? "bounced" : news.type === "email.complained" ? "complained" : "suppressed";
    await markUndeliverable(db, message.address, reason, emailId, at);
  }
  return "applied";
}
