// The states an email and a notification go through (docs/decisions/0029).

/** An outbox row: waiting, sent to every recipient, skipped (its condition stopped holding), or failed for good. */
export const OUTBOX_STATUSES = ["pending", "sent", "skipped", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One address's copy: not yet accepted by Resend, accepted, or refused for good. */
export const MESSAGE_STATUSES = ["pending", "sent", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Where lifecycle news can also go (server/notifications). */
export const NOTIFICATION_KINDS = ["webhook", "slack"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Resend's delivery news for one message, in precedence order: a later webhook never moves
 * a message back (webhooks arrive out of order). The terminal ones win over anything.
 */
export const DELIVERY_PROGRESS = ["queued", "scheduled", "sent", "delivery_delayed", "delivered", "opened", "clicked"] as const;
export const DELIVERY_TERMINAL = ["bounced", "complained", "failed", "suppressed", "canceled"] as const;
export type DeliveryProgress = (typeof DELIVERY_PROGRESS)[number] | (typeof DELIVERY_TERMINAL)[number];

/** Whether delivery news `next` should replace `current` (null: nothing heard yet). */
export function deliveryStatusAdvances(current: string | null, next: DeliveryProgress): boolean {
  if (current === null) return true;
  const terminal = DELIVERY_TERMINAL as readonly string[];
  if (terminal.includes(current)) return false;
  if (terminal.includes(next)) return true;
  const order = DELIVERY_PROGRESS as readonly string[];
  return order.indexOf(next) > order.indexOf(current);
}
