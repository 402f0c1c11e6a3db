/**
 * Who the hourly reminders are for: accounts whose trial ends within three days (or just
 * ended), and accounts whose card runs out before their renewal. Each query narrows to the
 * few it concerns with an index; the rules themselves are decided in domain/email.
 */
import { and, eq, gt, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { accounts, emailOutbox } from "../../drizzle/schema";
import { trialPlanIds } from "../../domain/plans/catalog";
import { DAY_MS } from "../../domain/trial";
import type { Database } from "../db/database";

export interface TrialCandidate {
  id: string;
  trialEndsAt: number;
  /** The nearest reminder already written for this trial end (days), or null. */
  remindedDays: number | null;
  endedWritten: boolean;
}

/** Trials ending within `aheadMs` or ended within `behindMs` of `at`. */
// (The subqueries name the outer table in full: drizzle writes a single table's columns unqualified.)
export async function trialCandidates(db: Database, at: Date, aheadMs: number, behindMs: number): Promise<TrialCandidate[]> {
  const rows = await db
    .select({
      id: accounts.id,
      trialEndsAt: accounts.trialEndsAt,
      remindedDays: sql<number | null>`(SELECT min(json_extract(o.facts, '$.days')) FROM ${emailOutbox} o
        WHERE o.account_id = accounts.id AND o.kind = 'trial-ending' AND json_extract(o.facts, '$.trialEndsAt') = accounts.trial_ends_at)`,
      endedWritten: sql<number>`EXISTS (SELECT 1 FROM ${emailOutbox} o
        WHERE o.account_id = accounts.id AND o.kind = 'trial-ended' AND json_extract(o.facts, '$.trialEndsAt') = accounts.trial_ends_at)`,
    })
    .from(accounts)
    .where(
      and(
        eq(accounts.billingState, "trial"),
        inArray(accounts.planId, trialPlanIds()),
        gt(accounts.trialEndsAt, new Date(at.getTime() - behindMs)),
        lte(accounts.trialEndsAt, new Date(at.getTime() + aheadMs)),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    trialEndsAt: r.trialEndsAt!.getTime(),
    remindedDays: r.remindedDays === null ? null : Number(r.remindedDays),
    endedWritten: Boolean(r.endedWritten),
  }));
}

export interface CardCandidate {
  id: string;
  paymentMethodId: string;
  expYear: number;
  expMonth: number;
  renewsAt: number;
}

/** Paying accounts whose renewal is within `withinMs` and whose card's expiry month is before it. */
export async function expiringCardCandidates(db: Database, at: Date, withinMs: number): Promise<CardCandidate[]> {
  const rows = await db
    .select({
      id: accounts.id,
      paymentMethodId: accounts.cardPaymentMethodId,
      expYear: accounts.cardExpYear,
      expMonth: accounts.cardExpMonth,
      renewsAt: accounts.currentPeriodEnd,
    })
    .from(accounts)
    .where(
      and(
        eq(accounts.billingState, "active"),
        isNotNull(accounts.cardPaymentMethodId),
        lte(accounts.currentPeriodEnd, new Date(at.getTime() + withinMs)),
        gt(accounts.currentPeriodEnd, at),
        // A coarse filter (the month of renewal is after the card's); the rule is cardExpiresBefore.
        sql`${accounts.cardExpYear} * 100 + ${accounts.cardExpMonth} < CAST(strftime('%Y%m', ${accounts.currentPeriodEnd} / 1000, 'unixepoch') AS INTEGER)`,
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    paymentMethodId: r.paymentMethodId!,
    expYear: r.expYear!,
    expMonth: r.expMonth!,
    renewsAt: r.renewsAt!.getTime(),
  }));
}

export const REMINDER_WINDOW = { trialAheadMs: 3 * DAY_MS, trialBehindMs: 3 * DAY_MS, cardWithinMs: 31 * DAY_MS };
