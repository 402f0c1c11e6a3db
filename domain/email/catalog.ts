/**
 * Every lifecycle email Harbor sends (issue 13, plan phase 3): its kind, and the dedupe key
 * that makes one occurrence one email. The templates are in emails/ (one per kind), the
 * causes write outbox rows (server/email/outbox.ts), and the consumer checks the condition
 * again before sending (server/email/prepare.ts). Timings are in lifecycle-timing.ts.
 */
export const EMAIL_KINDS = [
  "welcome",
  "trial-ending",
  "trial-ended",
  "subscription-started",
  "payment-failed",
  "payment-needs-confirming",
  "card-expiring",
  "workspaces-paused",
  "deletion-warning",
  "workspace-deleted",
  "payment-received",
  "cancellation-scheduled",
  "cancellation-reverted",
  "subscription-ended",
  "plan-downgraded",
  "plan-upgraded",
  "workspace-trouble",
  "workspace-recovered",
  "deployment-expiring",
  "invitation",
  "invitation-accepted",
  "member-removed",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export function isEmailKind(value: unknown): value is EmailKind {
  return typeof value === "string" && (EMAIL_KINDS as readonly string[]).includes(value);
}

/** Days before the trial ends when the reminder goes. */
export const TRIAL_REMINDER_DAYS = [3, 1] as const;
/** Days before a paused workspace's data is deleted when a warning goes. */
export const DELETION_WARNING_DAYS = [7, 3, 1] as const;
/** A workspace in trouble this long is written about (so the customer hears it from us first). */
export const TROUBLE_NOTICE_MS = 10 * 60 * 1000;

/**
 * One occurrence, one key: the same cause processed twice writes the same key, and the
 * outbox's unique index keeps one row. Each key names the thing that happened (an invoice
 * and its attempt, a subscription, a grace date), never the time it was noticed.
 */
export const dedupeKey = {
  welcome: (accountId: string) => `welcome/${accountId}`,
  trialEnding: (accountId: string, trialEndsAt: number, days: number) => `trial-ending/${accountId}/${trialEndsAt}/${days}d`,
  trialEnded: (accountId: string, trialEndsAt: number) => `trial-ended/${accountId}/${trialEndsAt}`,
  subscriptionStarted: (subscriptionId: string) => `subscription-started/${subscriptionId}`,
  paymentFailed: (invoiceId: string, attempt: number) => `payment-failed/${invoiceId}/${attempt}`,
  paymentNeedsConfirming: (invoiceId: string, attempt: number) => `payment-action/${invoiceId}/${attempt}`,
  cardExpiring: (paymentMethodId: string, expYear: number, expMonth: number) =>
    `card-expiring/${paymentMethodId}/${expYear}-${String(expMonth).padStart(2, "0")}`,
  /** An episode of pausing: keyed by the account, the reason and what began it (the subscription Stripe gave up on). */
  workspacesPaused: (accountId: string, reason: string, episode: string) => `workspaces-paused/${accountId}/${reason}/${episode}`,
  deletionWarning: (workspaceId: string, graceEndsAt: number, days: number) =>
    `deletion-warning/${workspaceId}/${graceEndsAt}/${days}d`,
  workspaceDeleted: (workspaceId: string) => `workspace-deleted/${workspaceId}`,
  paymentReceived: (invoiceId: string) => `payment-received/${invoiceId}`,
  cancellationScheduled: (subscriptionId: string, cancelAt: number) => `cancel-scheduled/${subscriptionId}/${cancelAt}`,
  cancellationReverted: (subscriptionId: string, cancelAt: number) => `cancel-reverted/${subscriptionId}/${cancelAt}`,
  subscriptionEnded: (subscriptionId: string) => `subscription-ended/${subscriptionId}`,
  /** A plan change, keyed by the billing read it changed from: two syncs racing from one read write one key. */
  planChanged: (subscriptionId: string, from: string, to: string, previousSyncAt: number) =>
    `plan-changed/${subscriptionId}/${from}->${to}/${previousSyncAt}`,
  workspaceTrouble: (workspaceId: string, timelineId: string) => `workspace-trouble/${workspaceId}/${timelineId}`,
  workspaceRecovered: (workspaceId: string, timelineId: string) => `workspace-recovered/${workspaceId}/${timelineId}`,
  /** One per expiry: extending the deployment gives it a new expiry, so a new warning later. */
  deploymentExpiring: (workspaceId: string, deploymentId: string, expiresAt: number) =>
    `deployment-expiring/${workspaceId}/${deploymentId}/${expiresAt}`,
  /** Per token: inviting the address again makes a new token, so a new email. */
  invitation: (invitationId: string, tokenHash: string) => `invitation/${invitationId}/${tokenHash.slice(0, 16)}`,
  invitationAccepted: (invitationId: string) => `invitation-accepted/${invitationId}`,
  memberRemoved: (workspaceId: string, accountId: string, removedAt: number) =>
    `member-removed/${workspaceId}/${accountId}/${removedAt}`,
} as const;
