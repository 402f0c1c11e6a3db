/**
 * Which emails a billing sync's reading means (issue 13): compared with the reading before
 * it, and keyed by what happened at Stripe (a subscription, an invoice and its attempt), so
 * two syncs of the same news write the same keys and the outbox keeps one row each.
 * The rules read states, never webhook events: order, duplicates and gaps cannot matter.
 */
import type { BillingState, EndedReason } from "../billing/billing-state";
import { changeDirection } from "../billing/plan-change";
import { getPlan, isTrialPlan } from "../plans/catalog";
import { dedupeKey, type EmailKind } from "./catalog";

/** An account's billing as one sync read it (or as stored before it). */
export interface BillingReading {
  state: BillingState;
  endedReason: EndedReason | null;
  planId: string;
  subscriptionId: string | null;
  cancelAt: number | null;
  /** When the reading was made (null: never synced). */
  readAt: number | null;
}

/** The subscription's latest invoice, when it has one. */
export interface InvoiceReading {
  id: string;
  status: string | null;
  attemptCount: number;
  amountDue: number;
  currency: string;
  nextPaymentAttempt: number | null;
  hostedUrl: string | null;
  /** The bank asked the customer to confirm this invoice's payment (3-D Secure). */
  actionRequired: boolean;
}

export interface EmailDraft {
  kind: EmailKind;
  key: string;
  facts: Record<string, unknown>;
}

const GRANTS = new Set<BillingState>(["active", "past_due", "cancelling"]);

export function billingEmails(
  accountId: string,
  before: BillingReading,
  after: BillingReading,
  invoice: InvoiceReading | null,
): EmailDraft[] {
  const out: EmailDraft[] = [];
  const sub = after.subscriptionId;
  const money = invoice ? { amountDue: invoice.amountDue, currency: invoice.currency, invoiceId: invoice.id } : {};

  // A first paid subscription (or a new one after an earlier ended).
  if (sub && GRANTS.has(after.state) && before.subscriptionId !== sub)
    out.push({
      kind: "subscription-started",
      key: dedupeKey.subscriptionStarted(sub),
      facts: { planId: after.planId, invoiceUrl: invoice?.hostedUrl ?? null },
    });

  // A payment that failed: one email per attempt; a bank's confirmation request instead when it asked.
  if (
    sub &&
    invoice &&
    invoice.status === "open" &&
    invoice.attemptCount > 0 &&
    (after.state === "past_due" || after.state === "active" || after.state === "cancelling")
  ) {
    const facts = {
      ...money,
      attempt: invoice.attemptCount,
      nextPaymentAttempt: invoice.nextPaymentAttempt,
      hostedUrl: invoice.hostedUrl,
    };
    out.push(
      invoice.actionRequired
        ? { kind: "payment-needs-confirming", key: dedupeKey.paymentNeedsConfirming(invoice.id, invoice.attemptCount), facts }
        : { kind: "payment-failed", key: dedupeKey.paymentFailed(invoice.id, invoice.attemptCount), facts },
    );
  }

  // Stripe gave up collecting: the workspaces pause.
  if (sub && after.state === "ended" && after.endedReason === "payment_failed" && before.state !== "ended")
    out.push({
      kind: "workspaces-paused",
      key: dedupeKey.workspacesPaused(accountId, "payment_failed", sub),
      facts: { reason: "payment_failed" },
    });

  // Paid after a failure: running again.
  if (
    invoice &&
    invoice.status === "paid" &&
    GRANTS.has(after.state) &&
    after.state !== "past_due" &&
    (before.state === "past_due" || (before.state === "ended" && before.endedReason === "payment_failed"))
  )
    out.push({
      kind: "payment-received",
      key: dedupeKey.paymentReceived(invoice.id),
      facts: { ...money, hostedUrl: invoice.hostedUrl },
    });

  // Cancelling, and changing one's mind.
  if (sub && after.state === "cancelling" && after.cancelAt !== null)
    out.push({
      kind: "cancellation-scheduled",
      key: dedupeKey.cancellationScheduled(sub, after.cancelAt),
      facts: { cancelAt: after.cancelAt },
    });
  if (
    sub &&
    before.state === "cancelling" &&
    before.subscriptionId === sub &&
    (after.state === "active" || after.state === "past_due") &&
    before.cancelAt !== null
  )
    out.push({ kind: "cancellation-reverted", key: dedupeKey.cancellationReverted(sub, before.cancelAt), facts: {} });

  // The subscription ended (cancelled, or its end date came).
  if (before.subscriptionId && after.state === "ended" && after.endedReason === "plan_ended" && before.state !== "ended")
    out.push({
      kind: "subscription-ended",
      key: dedupeKey.subscriptionEnded(before.subscriptionId),
      facts: { planId: before.planId },
    });

  // A plan change on the same subscription.
  if (
    sub &&
    before.subscriptionId === sub &&
    before.planId !== after.planId &&
    GRANTS.has(after.state) &&
    GRANTS.has(before.state)
  ) {
    const from = getPlan(before.planId);
    const to = getPlan(after.planId);
    if (from && to && !isTrialPlan(from)) {
      const direction = changeDirection(from, to);
      if (direction !== "same")
        out.push({
          kind: direction === "upgrade" ? "plan-upgraded" : "plan-downgraded",
          key: dedupeKey.planChanged(sub, from.id, to.id, before.readAt ?? 0),
          facts: { from: from.id, to: to.id },
        });
    }
  }
  return out;
}
