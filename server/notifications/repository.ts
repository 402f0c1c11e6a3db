/** notification_endpoints and notification_deliveries: an account's destinations and what was sent to them. */
import { and, desc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { accounts, notificationDeliveries, notificationEndpoints } from "../../drizzle/schema";
import type { NotificationKind } from "../../domain/email/statuses";
import { DISABLE_AFTER_CONSECUTIVE_FAILURES } from "../../domain/notifications/events";
import type { SealedSecret } from "../crypto/envelope";
import type { Database } from "../db/database";
import { prefixedId } from "../ids";

export type EndpointRow = typeof notificationEndpoints.$inferSelect;
export type DeliveryRow = typeof notificationDeliveries.$inferSelect;

export async function endpointsOfAccount(db: Database, accountId: string): Promise<EndpointRow[]> {
  return db.select().from(notificationEndpoints).where(eq(notificationEndpoints.accountId, accountId));
}

export async function enabledEndpointsOfAccount(db: Database, accountId: string) {
  return db
    .select({ id: notificationEndpoints.id, kind: notificationEndpoints.kind, createdAt: notificationEndpoints.createdAt })
    .from(notificationEndpoints)
    .where(and(eq(notificationEndpoints.accountId, accountId), isNull(notificationEndpoints.disabledAt)));
}

/** The kinds switched off after failures (the banner); one small indexed read. */
export async function disabledKindsOfAccount(db: Database, accountId: string): Promise<NotificationKind[]> {
  const rows = await db
    .select({ kind: notificationEndpoints.kind })
    .from(notificationEndpoints)
    .where(and(eq(notificationEndpoints.accountId, accountId), isNotNull(notificationEndpoints.disabledAt)));
  return rows.map((r) => r.kind);
}

/** The account's own destination with this id, or null (another account's is null too). */
export async function endpointOfAccount(db: Database, accountId: string, endpointId: string): Promise<EndpointRow | null> {
  const rows = await db
    .select()
    .from(notificationEndpoints)
    .where(and(eq(notificationEndpoints.id, endpointId), eq(notificationEndpoints.accountId, accountId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function accountNameOf(db: Database, accountId: string): Promise<string | null> {
  const rows = await db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return rows[0]?.name ?? null;
}

/**
 * The row for (account, kind), made if absent: its id is known before the secret is sealed
 * (the id is the secret's encryption context), and two saves at once share one row.
 */
export async function claimEndpoint(db: Database, accountId: string, kind: NotificationKind, url: string): Promise<string> {
  await db
    .insert(notificationEndpoints)
    .values({ id: prefixedId("ne"), accountId, kind, url })
    .onConflictDoNothing({ target: [notificationEndpoints.accountId, notificationEndpoints.kind] });
  const rows = await db
    .select({ id: notificationEndpoints.id })
    .from(notificationEndpoints)
    .where(and(eq(notificationEndpoints.accountId, accountId), eq(notificationEndpoints.kind, kind)))
    .limit(1);
  return rows[0]!.id;
}

/** A new address (and secret, for the account's own service): switched on, failures forgotten. */
export async function replaceEndpoint(db: Database, endpointId: string, url: string, sealed: SealedSecret | null) {
  await db
    .update(notificationEndpoints)
    .set({
      url,
      secretCiphertext: sealed?.ciphertext ?? null,
      secretNonce: sealed?.nonce ?? null,
      wrappedDataKey: sealed?.wrappedDataKey ?? null,
      wrappedDataKeyNonce: sealed?.wrappedDataKeyNonce ?? null,
      keyVersion: sealed?.keyVersion ?? null,
      consecutiveFailures: 0,
      disabledAt: null,
    })
    .where(eq(notificationEndpoints.id, endpointId));
}

export async function turnEndpointBackOn(db: Database, accountId: string, endpointId: string): Promise<boolean> {
  const rows = await db
    .update(notificationEndpoints)
    .set({ consecutiveFailures: 0, disabledAt: null })
    .where(and(eq(notificationEndpoints.id, endpointId), eq(notificationEndpoints.accountId, accountId)))
    .returning({ id: notificationEndpoints.id });
  return rows.length > 0;
}

export async function removeEndpoint(db: Database, accountId: string, endpointId: string): Promise<boolean> {
  const rows = await db
    .delete(notificationEndpoints)
    .where(and(eq(notificationEndpoints.id, endpointId), eq(notificationEndpoints.accountId, accountId)))
    .returning({ id: notificationEndpoints.id });
  return rows.length > 0;
}

/** One delivery per (destination, outbox row): a second fan-out of the same event adds none. Null when it existed. */
export async function insertDeliveryIfAbsent(
  db: Database,
  values: { endpointId: string; outboxId: string | null; eventType: string; body: string; id?: string },
): Promise<string | null> {
  const id = values.id ?? prefixedId("nd");
  const rows = await db
    .insert(notificationDeliveries)
    .values({ ...values, id })
    .onConflictDoNothing({ target: [notificationDeliveries.endpointId, notificationDeliveries.outboxId] })
    .returning({ id: notificationDeliveries.id });
  return rows[0]?.id ?? null;
}

export async function deliveryWithEndpoint(db: Database, deliveryId: string) {
  const rows = await db
    .select({ delivery: notificationDeliveries, endpoint: notificationEndpoints })
    .from(notificationDeliveries)
    .innerJoin(notificationEndpoints, eq(notificationEndpoints.id, notificationDeliveries.endpointId))
    .where(eq(notificationDeliveries.id, deliveryId))
    .limit(1);
  return rows[0] ?? null;
}

export async function recordDelivered(db: Database, deliveryId: string, endpointId: string, statusCode: number, at: Date) {
  await db.batch([
    db
      .update(notificationDeliveries)
      .set({
        status: "delivered",
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        lastStatusCode: statusCode,
        lastError: null,
        finishedAt: at,
      })
      .where(eq(notificationDeliveries.id, deliveryId)),
    db.update(notificationEndpoints).set({ consecutiveFailures: 0 }).where(eq(notificationEndpoints.id, endpointId)),
  ]);
}

/**
 * A failed try: the delivery's attempts and the destination's failures in a row go up; at
 * DISABLE_AFTER_CONSECUTIVE_FAILURES the destination is switched off. `giveUp` ends the delivery.
 */
export async function recordFailedAttempt(
  db: Database,
  ids: { deliveryId: string; endpointId: string },
  outcome: { statusCode: number | null; error: string; giveUp: boolean },
  at: Date,
): Promise<{ attempts: number; disabled: boolean }> {
  const [delivery, endpoint] = await db.batch([
    db
      .update(notificationDeliveries)
      .set({
        attempts: sql`${notificationDeliveries.attempts} + 1`,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        ...(outcome.giveUp && { status: "failed" as const, finishedAt: at }),
      })
      .where(eq(notificationDeliveries.id, ids.deliveryId))
      .returning({ attempts: notificationDeliveries.attempts }),
    db
      .update(notificationEndpoints)
      .set({
        consecutiveFailures: sql`${notificationEndpoints.consecutiveFailures} + 1`,
        disabledAt: sql`CASE WHEN ${notificationEndpoints.disabledAt} IS NULL AND ${notificationEndpoints.consecutiveFailures} + 1 >= ${DISABLE_AFTER_CONSECUTIVE_FAILURES} THEN ${at.getTime()} ELSE ${notificationEndpoints.disabledAt} END`,
      })
      .where(eq(notificationEndpoints.id, ids.endpointId))
      .returning({ disabledAt: notificationEndpoints.disabledAt }),
  ]);
  return { attempts: delivery[0]?.attempts ?? 0, disabled: Boolean(endpoint[0]?.disabledAt) };
}

/** A delivery that will not be tried again (its destination was switched off or removed). */
export async function endDelivery(db: Database, deliveryId: string, error: string, at: Date) {
  await db
    .update(notificationDeliveries)
    .set({ status: "failed", lastError: error, finishedAt: at })
    .where(and(eq(notificationDeliveries.id, deliveryId), eq(notificationDeliveries.status, "pending")));
}

export async function deliveryLog(db: Database, endpointId: string, limit: number): Promise<DeliveryRow[]> {
  return db
    .select()
    .from(notificationDeliveries)
    .where(eq(notificationDeliveries.endpointId, endpointId))
    .orderBy(desc(notificationDeliveries.createdAt), desc(notificationDeliveries.id))
    .limit(limit);
}

/** Destinations whose secret is sealed under a master key older than `version` (the hourly rotation). */
export async function notificationSecretsBelowVersion(db: Database, version: number, limit: number) {
  const e = notificationEndpoints;
  const rows = await db
    .select({
      id: e.id,
      ciphertext: e.secretCiphertext,
      nonce: e.secretNonce,
      wrappedDataKey: e.wrappedDataKey,
      wrappedDataKeyNonce: e.wrappedDataKeyNonce,
      keyVersion: e.keyVersion,
    })
    .from(e)
    .where(and(isNotNull(e.secretCiphertext), lt(e.keyVersion, version)))
    .limit(limit);
  return rows.map(({ id, ...sealed }) => ({ id, sealed: sealed as SealedSecret }));
}

/** A rewrapped data key, written only where the row still holds the key it was rewrapped from. */
export async function writeRewrappedNotificationKey(
  db: Database,
  id: string,
  from: Pick<SealedSecret, "wrappedDataKey">,
  to: Pick<SealedSecret, "keyVersion" | "wrappedDataKey" | "wrappedDataKeyNonce">,
): Promise<boolean> {
  const e = notificationEndpoints;
  const result = await db
    .update(e)
    .set({ wrappedDataKey: to.wrappedDataKey, wrappedDataKeyNonce: to.wrappedDataKeyNonce, keyVersion: to.keyVersion })
    .where(and(eq(e.id, id), eq(e.wrappedDataKey, from.wrappedDataKey)));
  return (result.meta.changes ?? 0) > 0;
}
