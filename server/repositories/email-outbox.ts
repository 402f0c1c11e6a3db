/**
 * The email outbox and its messages (docs/decisions/0029). Producers get statements to put
 * in the same D1 batch as their change; the consumer reads and updates rows one at a time.
 */
import { and, asc, eq, getTableColumns, inArray, isNull, sql, type SQL } from "drizzle-orm";
import {
  accounts,
  billingContacts,
  emailMessages,
  emailOutbox,
  resendWebhookEvents,
  undeliverableAddresses,
} from "../../drizzle/schema";
import type { EmailKind } from "../../domain/email/catalog";
import type { DeliveryProgress } from "../../domain/email/statuses";
import type { EmailDraft } from "../../domain/email/billing-emails";
import type { Database } from "../db/database";
import { prefixedId } from "../ids";

export type OutboxRow = typeof emailOutbox.$inferSelect;
export type MessageRow = typeof emailMessages.$inferSelect;

export interface OutboxDraft extends EmailDraft {
  accountId: string;
  workspaceId?: string | null;
  /** Not before (default: now). */
  sendAfter?: Date;
}

/** Inserts the row unless its key is already there (the same cause processed twice). */
export function insertOutbox(db: Database, draft: OutboxDraft, at: Date) {
  return db
    .insert(emailOutbox)
    .values({
      id: prefixedId("em"),
      accountId: draft.accountId,
      workspaceId: draft.workspaceId ?? null,
      kind: draft.kind,
      dedupeKey: draft.key,
      facts: draft.facts,
      sendAfter: draft.sendAfter ?? at,
      createdAt: at,
    })
    .onConflictDoNothing({ target: emailOutbox.dedupeKey });
}

/**
 * As insertOutbox, but only if the account's billing columns hold the reading made at
 * `readAt`: in the billing sync's batch, after its conditional write, so a reading that
 * lost to a newer one writes no email either.
 */
export function insertOutboxIfReadingStored(db: Database, draft: OutboxDraft, readAt: Date, at: Date) {
  return insertSelected(
    db,
    outboxValues(draft, sql`${draft.accountId}`, draft.workspaceId ?? null, at),
    sql`FROM accounts WHERE accounts.id = ${draft.accountId} AND accounts.billing_synced_at = ${readAt.getTime()}`,
  );
}

/**
 * For a workspace's lifecycle news, written with the coordinator's projection: the billing
 * owner is read from the workspace row in the same statement.
 */
export function insertWorkspaceOutbox(
  db: Database,
  draft: { kind: EmailKind; key: string; workspaceId: string; facts: Record<string, unknown>; sendAfter: Date },
  at: Date,
) {
  return insertSelected(
    db,
    outboxValues({ ...draft, accountId: "" }, sql`workspaces.billing_owner_account_id`, draft.workspaceId, at),
    sql`FROM workspaces WHERE workspaces.id = ${draft.workspaceId}`,
  );
}

type OutboxColumn = keyof typeof emailOutbox._.columns;

function outboxValues(
  draft: OutboxDraft,
  accountId: SQL,
  workspaceId: string | null,
  at: Date,
): Partial<Record<OutboxColumn, SQL>> {
  return {
    id: sql`${prefixedId("em")}`,
    accountId,
    workspaceId: sql`${workspaceId}`,
    kind: sql`${draft.kind}`,
    dedupeKey: sql`${draft.key}`,
    facts: sql`${JSON.stringify(draft.facts)}`,
    status: sql`'pending'`,
    sendAfter: sql`${(draft.sendAfter ?? at).getTime()}`,
    attempts: sql`0`,
    createdAt: sql`${at.getTime()}`,
  };
}

/**
 * INSERT … SELECT (a row only where the FROM finds one), as a drizzle insert so it can sit
 * in a D1 batch (drizzle's raw statements with parameters cannot). Drizzle lists every
 * column in the table's order; the SELECT follows that order, NULL for the rest.
 */
function insertSelected(db: Database, values: Partial<Record<OutboxColumn, SQL>>, from: SQL) {
  const columns = Object.keys(getTableColumns(emailOutbox)) as OutboxColumn[];
  const selected = sql.join(
    columns.map((c) => values[c] ?? sql`NULL`),
    sql`, `,
  );
  return db
    .insert(emailOutbox)
    .select(sql`SELECT ${selected} ${from}`)
    .onConflictDoNothing({ target: emailOutbox.dedupeKey });
}

/**
 * An outbox row whose account, workspace and facts are read by the statement itself from
 * `from` (e.g. the invitation a batch has just accepted): written only when `from` finds a row.
 */
export function insertOutboxFrom(
  db: Database,
  row: { kind: EmailKind; key: string; accountId: SQL; workspaceId: SQL; facts: SQL; at: Date },
  from: SQL,
) {
  return insertSelected(
    db,
    {
      ...outboxValues({ accountId: "", kind: row.kind, key: row.key, facts: {} }, row.accountId, null, row.at),
      workspaceId: row.workspaceId,
      facts: row.facts,
    },
    from,
  );
}

/** Ids of the rows with these keys that still wait to be sent (to queue them right away). */
export async function pendingIdsForKeys(db: Database, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(inArray(emailOutbox.dedupeKey, [...keys]), eq(emailOutbox.status, "pending")));
  return rows.map((r) => r.id);
}

export async function outboxRow(db: Database, id: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1);
  return row ?? null;
}

export async function outboxByKey(db: Database, key: string): Promise<OutboxRow | null> {
  const [row] = await db.select().from(emailOutbox).where(eq(emailOutbox.dedupeKey, key)).limit(1);
  return row ?? null;
}

/** Marks rows as just queued; returns the ids that were due and not queued recently (the sweep's pick). */
export async function claimDueForQueue(db: Database, at: Date, requeueAfterMs: number, limit: number): Promise<string[]> {
  const rows = await db.all<{ id: string }>(sql`
    UPDATE ${emailOutbox} SET queued_at = ${at.getTime()}
    WHERE id IN (
      SELECT id FROM ${emailOutbox}
      WHERE status = 'pending' AND send_after <= ${at.getTime()}
        AND (queued_at IS NULL OR queued_at <= ${at.getTime() - requeueAfterMs})
      ORDER BY send_after LIMIT ${limit})
    RETURNING id`);
  return rows.map((r) => r.id);
}

/**
 * An invitation's token lives in its row only until the email has ended (sent, failed or
 * skipped): then the facts lose it and the kept rendering, which holds the link, goes too.
 * Until then both stay, so a retry sends the same bytes. Other kinds keep their columns.
 */
const forgetTokenOfInvitation = {
  facts: sql`CASE WHEN ${emailOutbox.kind} = 'invitation' THEN json_remove(${emailOutbox.facts}, '$.token') ELSE ${emailOutbox.facts} END`,
  html: sql`CASE WHEN ${emailOutbox.kind} = 'invitation' THEN NULL ELSE ${emailOutbox.html} END`,
  textBody: sql`CASE WHEN ${emailOutbox.kind} = 'invitation' THEN NULL ELSE ${emailOutbox.textBody} END`,
};

/** Pending rows due longer ago than `afterMs`: failed, "stale". Returns how many. */
export async function giveUpStale(db: Database, at: Date, afterMs: number): Promise<number> {
  const result = await db
    .update(emailOutbox)
    .set({ status: "failed", detail: "stale", finishedAt: at, ...forgetTokenOfInvitation })
    .where(and(eq(emailOutbox.status, "pending"), sql`${emailOutbox.sendAfter} < ${at.getTime() - afterMs}`));
  return result.meta.changes ?? 0;
}

export async function markQueued(db: Database, ids: readonly string[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(emailOutbox)
    .set({ queuedAt: at })
    .where(inArray(emailOutbox.id, [...ids]));
}

/** Forgets an ended invitation's token (see forgetTokenOfInvitation); a row still pending keeps it for its retry. */
export async function forgetInvitationToken(db: Database, id: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set(forgetTokenOfInvitation)
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.kind, "invitation"), sql`${emailOutbox.status} <> 'pending'`));
}

/** Keeps the first rendering: every retry sends these bytes. Returns the stored ones. */
export async function keepRendering(db: Database, id: string, rendered: { subject: string; html: string; text: string }) {
  await db
    .update(emailOutbox)
    .set({ subject: rendered.subject, html: rendered.html, textBody: rendered.text })
    .where(and(eq(emailOutbox.id, id), isNull(emailOutbox.subject)));
  const row = await outboxRow(db, id);
  return { subject: row!.subject!, html: row!.html!, text: row!.textBody! };
}

/** Ends a pending row (sent, skipped or failed); false when another consumer ended it first. */
export async function finishOutbox(
  db: Database,
  id: string,
  outcome: { status: "sent" | "skipped" | "failed"; detail?: string | null },
  at: Date,
): Promise<boolean> {
  const result = await db
    .update(emailOutbox)
    .set({ status: outcome.status, detail: outcome.detail ?? null, finishedAt: at })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "pending")));
  return (result.meta.changes ?? 0) > 0;
}

export async function countAttempt(db: Database, id: string, error: string): Promise<void> {
  await db
    .update(emailOutbox)
    .set({ attempts: sql`${emailOutbox.attempts} + 1`, detail: error.slice(0, 500) })
    .where(eq(emailOutbox.id, id));
}

/** The row's messages, made once per address the first time it is sent (retries keep them). */
export async function messagesFor(db: Database, outbox: OutboxRow, addresses: readonly string[]): Promise<MessageRow[]> {
  const existing = await db
    .select()
    .from(emailMessages)
    .where(eq(emailMessages.outboxId, outbox.id))
    .orderBy(asc(emailMessages.createdAt));
  if (existing.length > 0 || addresses.length === 0) return existing;
  await db
    .insert(emailMessages)
    .values(
      addresses.map((address) => ({
        id: prefixedId("msg"),
        outboxId: outbox.id,
        address,
        // The outbox's key, per address: Resend sees one key per email it sends.
        idempotencyKey: `${outbox.dedupeKey}/${address}`.slice(0, 256),
      })),
    )
    .onConflictDoNothing();
  return db.select().from(emailMessages).where(eq(emailMessages.outboxId, outbox.id)).orderBy(asc(emailMessages.createdAt));
}

export async function markMessage(
  db: Database,
  id: string,
  change: { status: "sent" | "failed"; resendId?: string | null; lastError?: string | null },
  at: Date,
): Promise<void> {
  await db
    .update(emailMessages)
    .set({
      status: change.status,
      resendId: change.resendId ?? null,
      lastError: change.lastError ?? null,
      sentAt: change.status === "sent" ? at : null,
    })
    .where(eq(emailMessages.id, id));
}

/** Where an account's email goes: its contact address (or sign-in address), then its billing contacts. */
export async function recipientsOf(db: Database, accountId: string): Promise<{ address: string; undeliverable: boolean }[]> {
  const [account] = await db
    .select({ email: accounts.email, contactEmail: accounts.contactEmail })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .limit(1);
  if (!account) return [];
  const contacts = await db
    .select({ email: billingContacts.email })
    .from(billingContacts)
    .where(eq(billingContacts.accountId, accountId));
  const addresses = [
    ...new Set([account.contactEmail ?? account.email, ...contacts.map((c) => c.email)].map((a) => a.toLowerCase())),
  ];
  const blocked = await db
    .select({ address: undeliverableAddresses.address })
    .from(undeliverableAddresses)
    .where(inArray(undeliverableAddresses.address, addresses));
  const blockedSet = new Set(blocked.map((b) => b.address));
  return addresses.map((address) => ({ address, undeliverable: blockedSet.has(address) }));
}

/** Outbox rows of a workspace of one kind, newest first (the recovered email asks about trouble). */
export async function workspaceOutbox(db: Database, workspaceId: string, kinds: readonly EmailKind[]): Promise<OutboxRow[]> {
  return db
    .select()
    .from(emailOutbox)
    .where(and(eq(emailOutbox.workspaceId, workspaceId), inArray(emailOutbox.kind, [...kinds])))
    .orderBy(sql`${emailOutbox.createdAt} DESC`);
}

/** Keys among `keys` already in the outbox (the grace sweep checks warnings before deleting). */
export async function existingKeys(db: Database, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: emailOutbox.dedupeKey })
    .from(emailOutbox)
    .where(inArray(emailOutbox.dedupeKey, [...keys]));
  return new Set(rows.map((r) => r.key));
}

// ── Resend's delivery news (server/email/delivery-news.ts) ──────────────────

/** Records a webhook delivery by svix-id; false when it was seen before. */
export async function recordResendEvent(
  db: Database,
  e: { svixId: string; type: string; emailId: string | null; at: Date },
): Promise<boolean> {
  const inserted = await db
    .insert(resendWebhookEvents)
    .values({ svixId: e.svixId, eventType: e.type.slice(0, 100), resendEmailId: e.emailId, receivedAt: e.at })
    .onConflictDoNothing()
    .returning({ id: resendWebhookEvents.svixId });
  return inserted.length > 0;
}

export async function messageByResendId(db: Database, resendId: string): Promise<MessageRow | null> {
  const [row] = await db.select().from(emailMessages).where(eq(emailMessages.resendId, resendId)).limit(1);
  return row ?? null;
}

/** Compare-and-set: two webhooks for one message cannot both move it from the same status. */
export async function moveDeliveryStatus(db: Database, message: MessageRow, status: DeliveryProgress, at: Date): Promise<void> {
  await db
    .update(emailMessages)
    .set({ deliveryStatus: status, deliveryUpdatedAt: at })
    .where(and(eq(emailMessages.id, message.id), sql`${emailMessages.deliveryStatus} IS ${message.deliveryStatus}`));
}

export async function markUndeliverable(db: Database, address: string, reason: string, emailId: string | null, at: Date) {
  await db.insert(undeliverableAddresses).values({ address, reason, resendEmailId: emailId, markedAt: at }).onConflictDoNothing();
}

export async function clearUndeliverable(db: Database, address: string) {
  await db.delete(undeliverableAddresses).where(eq(undeliverableAddresses.address, address));
}
