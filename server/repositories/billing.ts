/**
 * Billing's SQL: an account's billing columns (written only by the sync, and the kept
 * selection by Change plan), the workspaces a billing owner pays for, the Stripe webhook
 * event log, the price cache and billing settings. Each function is one statement.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import {
  accounts,
  billingSettings,
  stripePrices,
  stripeWebhookEvents,
  workspaceInstances,
  workspaces,
} from "../../drizzle/schema";
import type { BillingState, EndedReason } from "../../domain/billing/billing-state";
import type { DesiredState, SuspensionReason, WorkspaceState } from "../../domain/lifecycle/states";
import type { Region } from "../../domain/regions";
import { insertOutboxIfReadingStored, type OutboxDraft } from "./email-outbox";
import type { Database } from "../db/database";

const billingColumns = {
  id: accounts.id,
  email: accounts.email,
  name: accounts.name,
  planId: accounts.planId,
  trialEndsAt: accounts.trialEndsAt,
  billingState: accounts.billingState,
  endedReason: accounts.billingEndedReason,
  stripeCustomerId: accounts.stripeCustomerId,
  subscriptionId: accounts.stripeSubscriptionId,
  subscriptionStatus: accounts.subscriptionStatus,
  currentPeriodEnd: accounts.currentPeriodEnd,
  cancelAt: accounts.cancelAt,
  cardPaymentMethodId: accounts.cardPaymentMethodId,
  cardBrand: accounts.cardBrand,
  cardLast4: accounts.cardLast4,
  cardExpMonth: accounts.cardExpMonth,
  cardExpYear: accounts.cardExpYear,
  openInvoiceId: accounts.openInvoiceId,
  billingSyncedAt: accounts.billingSyncedAt,
  keptWorkspaceIds: accounts.keptWorkspaceIds,
};

export type BillingAccount = {
  [K in keyof typeof billingColumns]: (typeof billingColumns)[K]["_"]["notNull"] extends true
    ? (typeof billingColumns)[K]["_"]["data"]
    : (typeof billingColumns)[K]["_"]["data"] | null;
};

export async function billingAccountById(db: Database, accountId: string): Promise<BillingAccount | null> {
  const [row] = await db.select(billingColumns).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return (row as BillingAccount | undefined) ?? null;
}

export async function billingAccountByCustomer(db: Database, customerId: string): Promise<BillingAccount | null> {
  const [row] = await db.select(billingColumns).from(accounts).where(eq(accounts.stripeCustomerId, customerId)).limit(1);
  return (row as BillingAccount | undefined) ?? null;
}

/**
 * Stores the account's Stripe customer only if it has none yet (two tabs upgrading at once
 * cannot leave two). Returns the customer id the account has afterwards.
 */
export async function claimStripeCustomer(db: Database, accountId: string, customerId: string): Promise<string | null> {
  await db
    .update(accounts)
    .set({ stripeCustomerId: customerId })
    .where(and(eq(accounts.id, accountId), isNull(accounts.stripeCustomerId)));
  const [row] = await db.select({ id: accounts.stripeCustomerId }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  return row?.id ?? null;
}

/** What one sync read from Stripe, written over the account's billing columns. */
export interface BillingSnapshot {
  /** The paid plan the subscription is on (kept for the record when it ends); undefined leaves plan_id. */
  planId?: string;
  billingState: BillingState;
  endedReason: EndedReason | null;
  subscriptionId: string | null;
  subscriptionStatus: string | null;
  currentPeriodEnd: Date | null;
  cancelAt: Date | null;
  card: { paymentMethodId: string; brand: string; last4: string; expMonth: number; expYear: number } | null;
  openInvoiceId: string | null;
  /** A plan was granted while the trial still ran: the trial ends now. */
  endTrialAt?: Date;
}

/**
 * Overwrites the account's billing with a sync's reading — unless a sync that began
 * reading later has already written (its reading is at least as new). Returns whether
 * this one was written.
 */
export async function writeBillingSnapshot(
  db: Database,
  accountId: string,
  snapshot: BillingSnapshot,
  readAt: Date,
  /** Emails the reading means: written in the same batch, and only if the reading is. */
  emails: readonly OutboxDraft[] = [],
): Promise<boolean> {
  const { card } = snapshot;
  const update = db
    .update(accounts)
    .set({
      ...(snapshot.planId !== undefined && { planId: snapshot.planId }),
      billingState: snapshot.billingState,
      billingEndedReason: snapshot.endedReason,
      stripeSubscriptionId: snapshot.subscriptionId,
      subscriptionStatus: snapshot.subscriptionStatus,
      currentPeriodEnd: snapshot.currentPeriodEnd,
      cancelAt: snapshot.cancelAt,
      cardPaymentMethodId: card?.paymentMethodId ?? null,
      cardBrand: card?.brand ?? null,
      cardLast4: card?.last4 ?? null,
      cardExpMonth: card?.expMonth ?? null,
      cardExpYear: card?.expYear ?? null,
      openInvoiceId: snapshot.openInvoiceId,
      billingSyncedAt: readAt,
      ...(snapshot.endTrialAt && {
        trialEndsAt: sql`min(coalesce(${accounts.trialEndsAt}, ${snapshot.endTrialAt.getTime()}), ${snapshot.endTrialAt.getTime()})`,
      }),
      updatedAt: readAt,
    })
    .where(and(eq(accounts.id, accountId), or(isNull(accounts.billingSyncedAt), lte(accounts.billingSyncedAt, readAt))));
  const [result] = await db.batch([update, ...emails.map((draft) => insertOutboxIfReadingStored(db, draft, readAt, readAt))]);
  return ((result as { meta: { changes?: number } }).meta.changes ?? 0) > 0;
}

/** The customer's choice of workspaces to keep on a smaller plan (null: the oldest). */
export async function setKeptWorkspaces(db: Database, accountId: string, ids: string[] | null): Promise<void> {
  await db.update(accounts).set({ keptWorkspaceIds: ids }).where(eq(accounts.id, accountId));
}

export interface OwnedWorkspace {
  id: string;
  slug: string;
  name: string;
  region: Region | null;
  createdAt: Date;
  lifecycleState: WorkspaceState;
  desiredState: DesiredState | null;
  suspensionReason: SuspensionReason | null;
  graceEndsAt: Date | null;
  endpointUrl: string | null;
}

/** Every workspace the account pays for that is not deleted, oldest first. */
export async function workspacesPaidBy(db: Database, accountId: string): Promise<OwnedWorkspace[]> {
  return db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      name: workspaces.name,
      region: workspaceInstances.region,
      createdAt: workspaces.createdAt,
      lifecycleState: workspaces.lifecycleState,
      desiredState: workspaceInstances.desiredState,
      suspensionReason: workspaces.suspensionReason,
      graceEndsAt: workspaces.suspensionGraceEndsAt,
      endpointUrl: workspaceInstances.endpointUrl,
    })
    .from(workspaces)
    .leftJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .where(and(eq(workspaces.billingOwnerAccountId, accountId), isNull(workspaces.deletedAt)))
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
}

/** The account's workspaces deleted when their grace ran out (for the way back: "already deleted"). */
export async function workspacesDeletedAfterGrace(
  db: Database,
  accountId: string,
): Promise<{ id: string; name: string; deletedAt: Date }[]> {
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name, deletedAt: workspaces.deletedAt })
    .from(workspaces)
    .where(
      and(
        eq(workspaces.billingOwnerAccountId, accountId),
        isNotNull(workspaces.deletedAt),
        isNotNull(workspaces.suspensionGraceEndsAt),
        lte(workspaces.suspensionGraceEndsAt, workspaces.deletedAt),
      ),
    );
  return rows.map((r) => ({ ...r, deletedAt: r.deletedAt! }));
}

// ── Webhook events ───────────────────────────────────────────────────────────

export type RecordedEvent = { status: "new" } | { status: "processed" } | { status: "pending" };

/** Records a verified event by id; says whether it is new, already processed, or waiting. */
export async function recordStripeEvent(
  db: Database,
  event: {
    eventId: string;
    eventType: string;
    customerId: string | null;
    objectId: string | null;
    receivedAt: Date;
    processedAt: Date | null;
  },
): Promise<RecordedEvent> {
  const inserted = await db
    .insert(stripeWebhookEvents)
    .values(event)
    .onConflictDoNothing()
    .returning({ id: stripeWebhookEvents.eventId });
  if (inserted.length > 0) return { status: "new" };
  const [row] = await db
    .select({ processedAt: stripeWebhookEvents.processedAt })
    .from(stripeWebhookEvents)
    .where(eq(stripeWebhookEvents.eventId, event.eventId))
    .limit(1);
  return row?.processedAt ? { status: "processed" } : { status: "pending" };
}

/** Records events the safety net found that no webhook brought (one statement; known ones are left). */
export async function recordStripeEvents(
  db: Database,
  events: readonly { eventId: string; eventType: string; customerId: string | null; objectId: string | null }[],
  receivedAt: Date,
): Promise<void> {
  if (events.length === 0) return;
  // D1 allows 100 bound parameters per statement: 16 rows of 6.
  for (let i = 0; i < events.length; i += 16) {
    await db
      .insert(stripeWebhookEvents)
      .values(events.slice(i, i + 16).map((e) => ({ ...e, receivedAt, processedAt: null })))
      .onConflictDoNothing();
  }
}

/**
 * After a sync of `customerId` succeeded: every event about that customer received before
 * its reading began is processed (the reading covers them), and the named ones too.
 */
export async function markCustomerEventsProcessed(
  db: Database,
  input: { customerId: string; accountId: string | null; readAt: Date; eventIds: readonly string[]; at: Date },
): Promise<void> {
  await db
    .update(stripeWebhookEvents)
    .set({ processedAt: input.at, accountId: input.accountId, lastError: null })
    .where(
      and(
        isNull(stripeWebhookEvents.processedAt),
        or(
          and(eq(stripeWebhookEvents.customerId, input.customerId), lte(stripeWebhookEvents.receivedAt, input.readAt)),
          input.eventIds.length > 0 ? inArray(stripeWebhookEvents.eventId, [...input.eventIds]) : sql`0`,
        ),
      ),
    );
}

export async function markEventsProcessed(db: Database, eventIds: readonly string[], at: Date): Promise<void> {
  if (eventIds.length === 0) return;
  await db
    .update(stripeWebhookEvents)
    .set({ processedAt: at })
    .where(and(inArray(stripeWebhookEvents.eventId, [...eventIds]), isNull(stripeWebhookEvents.processedAt)));
}

/** Of these event ids, the ones processed already (the safety net skips them). */
export async function processedEventIds(db: Database, eventIds: readonly string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .select({ id: stripeWebhookEvents.eventId })
    .from(stripeWebhookEvents)
    .where(and(inArray(stripeWebhookEvents.eventId, [...eventIds]), isNotNull(stripeWebhookEvents.processedAt)));
  return new Set(rows.map((r) => r.id));
}

// ── Accounts for the safety net ──────────────────────────────────────────────

/** A page of accounts with a Stripe customer, by id (the daily resync). */
export async function customersPage(
  db: Database,
  input: { afterId: string; limit: number },
): Promise<{ id: string; customerId: string }[]> {
  const rows = await db
    .select({ id: accounts.id, customerId: accounts.stripeCustomerId })
    .from(accounts)
    .where(and(isNotNull(accounts.stripeSubscriptionId), isNotNull(accounts.stripeCustomerId), gt(accounts.id, input.afterId)))
    .orderBy(asc(accounts.id))
    .limit(input.limit);
  return rows.map((r) => ({ id: r.id, customerId: r.customerId! }));
}

/** Paused workspaces whose grace ends before `until` (the warnings' window, and those already over). */
export async function graceEndingWorkspacesPage(
  db: Database,
  input: { until: Date; afterId: string; limit: number },
): Promise<{ id: string; billingOwnerAccountId: string; graceEndsAt: number }[]> {
  const rows = await db
    .select({
      id: workspaces.id,
      billingOwnerAccountId: workspaces.billingOwnerAccountId,
      graceEndsAt: workspaces.suspensionGraceEndsAt,
    })
    .from(workspaces)
    .where(
      and(
        isNull(workspaces.deletedAt),
        eq(workspaces.lifecycleState, "suspended"),
        lte(workspaces.suspensionGraceEndsAt, input.until),
        gt(workspaces.id, input.afterId),
      ),
    )
    .orderBy(asc(workspaces.id))
    .limit(input.limit);
  return rows.map((r) => ({ ...r, graceEndsAt: r.graceEndsAt!.getTime() }));
}

// ── Prices and settings ──────────────────────────────────────────────────────

export type CachedPrice = typeof stripePrices.$inferSelect;

export async function cachedPrices(db: Database): Promise<CachedPrice[]> {
  return db.select().from(stripePrices);
}

export async function replacePrices(db: Database, prices: CachedPrice[], lookupKeys: readonly string[]): Promise<void> {
  const statements = [
    db.delete(stripePrices).where(inArray(stripePrices.lookupKey, [...lookupKeys])),
    ...prices.map((p) => db.insert(stripePrices).values(p)),
  ];
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

export async function readBillingSetting(db: Database, name: string): Promise<string | null> {
  const [row] = await db
    .select({ value: billingSettings.value })
    .from(billingSettings)
    .where(eq(billingSettings.name, name))
    .limit(1);
  return row?.value ?? null;
}

export async function writeBillingSetting(db: Database, name: string, value: string, at: Date): Promise<void> {
  await db
    .insert(billingSettings)
    .values({ name, value, updatedAt: at })
    .onConflictDoUpdate({ target: billingSettings.name, set: { value, updatedAt: at } });
}

/** Whether Stripe told us the bank asked the customer to confirm this invoice's payment (3-D Secure). */
export async function bankAskedToConfirm(db: Database, invoiceId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: stripeWebhookEvents.eventId })
    .from(stripeWebhookEvents)
    .where(and(eq(stripeWebhookEvents.objectId, invoiceId), eq(stripeWebhookEvents.eventType, "invoice.payment_action_required")))
    .limit(1);
  return row !== undefined;
}
