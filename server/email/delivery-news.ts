/**
 * What Resend's delivery webhooks tell (contract §6): each message's delivery status moves
 * forward only (webhooks arrive out of order; the precedence is domain/email/statuses.ts),
 * and a hard bounce, a complaint or a suppression marks the address undeliverable, which
 * the dashboard shows as a banner asking for another address.
 */
import { and, eq, sql } from "drizzle-orm";
import { emailMessages, resendWebhookEvents, undeliverableAddresses } from "../../drizzle/schema";
import { deliveryStatusAdvances, type DeliveryProgress } from "../../domain/email/statuses";
import type { Database } from "../db/database";

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
  const inserted = await db
    .insert(resendWebhookEvents)
    .values({ svixId: news.svixId, eventType: news.type.slice(0, 100), resendEmailId: emailId, receivedAt: at })
    .onConflictDoNothing()
    .returning({ id: resendWebhookEvents.svixId });
  if (inserted.length === 0) return "duplicate";

  if (news.type === "suppression.added" || news.type === "suppression.removed") {
    const address = typeof news.data.email === "string" ? news.data.email.toLowerCase() : null;
    if (!address) return "ignored";
    if (news.type === "suppression.added") await markUndeliverable(db, address, "suppressed", null, at);
    else await db.delete(undeliverableAddresses).where(eq(undeliverableAddresses.address, address));
    return "applied";
  }

  const status = STATUS_FOR_EVENT[news.type];
  if (!status || !emailId) return "ignored";
  const [message] = await db.select().from(emailMessages).where(eq(emailMessages.resendId, emailId)).limit(1);
  if (!message) return "ignored";
  if (deliveryStatusAdvances(message.deliveryStatus, status)) {
    // Compare-and-set: two webhooks for one message cannot both move it from the same status.
    await db
      .update(emailMessages)
      .set({ deliveryStatus: status, deliveryUpdatedAt: at })
      .where(and(eq(emailMessages.id, message.id), sql`${emailMessages.deliveryStatus} IS ${message.deliveryStatus}`));
  }
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

async function markUndeliverable(db: Database, address: string, reason: string, emailId: string | null, at: Date) {
  await db.insert(undeliverableAddresses).values({ address, reason, resendEmailId: emailId, markedAt: at }).onConflictDoNothing();
}

/** Addresses of this account Resend cannot deliver to (for the banner). */
export async function undeliverableAmong(db: Database, addresses: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ address: undeliverableAddresses.address })
    .from(undeliverableAddresses)
    .where(
      sql`${undeliverableAddresses.address} IN (${sql.join(
        wanted.map((a) => sql`${a}`),
        sql`, `,
      )})`,
    );
  return rows.map((r) => r.address);
}
