import { z } from "zod";
import { infraEventBody } from "../infra/infra-event";

/**
 * Every queue message carries the trace id of the work that sent it, so one request can
 * be followed through the consumer and into the coordinator.
 * Each queue is named for what it carries (wrangler.jsonc, docs/decisions/0013).
 */
const traced = { traceId: z.string().regex(/^[0-9a-f]{32}$/) };

/** A diagnostic round trip through the whole pipeline (request → queue → coordinator). */
export const diagnosticProbe = z.object({
  type: z.literal("diagnostic.probe"),
  ...traced,
  probeId: z.string().min(1).max(100),
  workspaceId: z.string().min(1).max(100),
});

/** A verified infra event, recorded in infra_events. */
export const infraEvent = z.object({
  type: z.literal("infra.event"),
  ...traced,
  event: infraEventBody,
});

export const infraEventMessage = z.discriminatedUnion("type", [diagnosticProbe, infraEvent]);
export type InfraEventMessage = z.infer<typeof infraEventMessage>;

/** The reconciler's fan-out: one workspace for its coordinator to check against the infra service. */
export const reconcileMessage = z.object({
  type: z.literal("reconcile.workspace"),
  ...traced,
  workspaceId: z.string().min(1).max(100),
});
export type ReconcileMessage = z.infer<typeof reconcileMessage>;

/**
 * Billing work (harbor-billing-events): re-read one Stripe customer and apply what it
 * means (server/billing/sync-billing.ts), or refresh the price cache. Event ids, when a
 * webhook sent it, are marked processed once the sync succeeded.
 */
export const billingSyncMessage = z.object({
  type: z.literal("billing.sync"),
  ...traced,
  customerId: z.string().regex(/^cus_[A-Za-z0-9]{1,100}$/),
  eventIds: z.array(z.string().min(1).max(255)).max(100).default([]),
});
export const billingPricesMessage = z.object({
  type: z.literal("billing.prices"),
  ...traced,
  eventIds: z.array(z.string().min(1).max(255)).max(100).default([]),
});
export const billingMessage = z.discriminatedUnion("type", [billingSyncMessage, billingPricesMessage]);
export type BillingMessage = z.input<typeof billingMessage>;

/** Send one outbox email (harbor-email-jobs): the row holds everything; the message only names it. */
export const emailSendMessage = z.object({
  type: z.literal("email.send"),
  ...traced,
  outboxId: z.string().min(1).max(100),
});
export type EmailSendMessage = z.infer<typeof emailSendMessage>;

/**
 * One notification to one destination (an account's own service or Slack), on the email
 * queue (harbor-email-jobs) beside the emails: server/notifications/deliver.ts.
 */
export const notificationDeliverMessage = z.object({
  type: z.literal("notification.deliver"),
  ...traced,
  deliveryId: z.string().min(1).max(100),
});
export type NotificationDeliverMessage = z.infer<typeof notificationDeliverMessage>;

export const QUEUE_NAMES = {
  infraEvents: "harbor-infra-events",
  billingEvents: "harbor-billing-events",
  emailJobs: "harbor-email-jobs",
  reconcileJobs: "harbor-reconcile-jobs",
  /** Where every other queue puts a message that failed all its retries (wrangler.jsonc). */
  deadLetters: "harbor-dead-letters",
} as const;

/** The queue each message type is sent to: a dead letter's body says where it came from. */
const QUEUE_FOR_TYPE: Record<string, string> = {
  "diagnostic.probe": QUEUE_NAMES.infraEvents,
  "infra.event": QUEUE_NAMES.infraEvents,
  "reconcile.workspace": QUEUE_NAMES.reconcileJobs,
  "billing.sync": QUEUE_NAMES.billingEvents,
  "billing.prices": QUEUE_NAMES.billingEvents,
  "email.send": QUEUE_NAMES.emailJobs,
  "notification.deliver": QUEUE_NAMES.emailJobs,
};

export function queueForMessageType(type: unknown): string | null {
  return typeof type === "string" && Object.hasOwn(QUEUE_FOR_TYPE, type) ? QUEUE_FOR_TYPE[type]! : null;
}
