/**
 * The event type each lifecycle email kind is sent as to an account's own service and to
 * Slack (`trial.ending`, `payment.failed`…): the one mapping. `test` is the settings page's
 * "Send a test". Names are part of what customers' services depend on: add, never rename.
 */
import type { EmailKind } from "../email/catalog";

export const NOTIFICATION_EVENT_TYPES = Object.freeze({
  welcome: "account.created",
  "trial-ending": "trial.ending",
  "trial-ended": "trial.ended",
  "subscription-started": "subscription.started",
  "payment-failed": "payment.failed",
  "payment-needs-confirming": "payment.action_required",
  "card-expiring": "card.expiring",
  "workspaces-paused": "workspace.paused",
  "deletion-warning": "workspace.deletion_scheduled",
  "workspace-deleted": "workspace.deleted",
  "payment-received": "payment.succeeded",
  "cancellation-scheduled": "subscription.cancellation_scheduled",
  "cancellation-reverted": "subscription.cancellation_reverted",
  "subscription-ended": "subscription.ended",
  "plan-downgraded": "plan.downgraded",
  "plan-upgraded": "plan.upgraded",
  "workspace-trouble": "workspace.trouble",
  "workspace-recovered": "workspace.recovered",
  "deployment-expiring": "deployment.expiring",
  invitation: "invitation.sent",
  "invitation-accepted": "invitation.accepted",
  "member-removed": "member.removed",
} as const satisfies Record<EmailKind, string>);

export const TEST_EVENT_TYPE = "test";

export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[EmailKind] | typeof TEST_EVENT_TYPE;

export function notificationEventType(kind: EmailKind): NotificationEventType {
  return NOTIFICATION_EVENT_TYPES[kind];
}

/** After this many failed tries in a row, nothing more is sent until the customer turns it back on. */
export const DISABLE_AFTER_CONSECUTIVE_FAILURES = 5;
/** Tries per event (the first and its retries) before it is given up. */
export const MAX_DELIVERY_ATTEMPTS = 6;
/** How long Harbor waits for the customer's service to answer. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Rows shown in the settings page's log. */
export const DELIVERY_LOG_LENGTH = 20;

/**
 * Seconds before try number `attempts + 1`, after `attempts` failed: 30 s, 2 min, 8 min,
 * 32 min, about 2 h (× base, the QUEUE_RETRY_DELAY_SECONDS var: 1 in production, 0 in tests),
 * within the queue's 12-hour limit. Spread out so a short outage does not switch it off.
 */
export function deliveryRetryDelaySeconds(attempts: number, base: number): number {
  const b = Number.isFinite(base) && base >= 0 ? base : 1;
  return Math.min(43_200, Math.round(b * 30 * 4 ** Math.max(0, attempts - 1)));
}
