import { createServices, type Services } from "../server/bindings/services";
import { traceIdOrNew } from "../server/observability/trace";
import { billingMessage, billingSyncMessage, infraEventMessage, QUEUE_NAMES, reconcileMessage } from "../server/queues/messages";
import { handleNotificationMessage } from "../server/notifications/queue-handler";
import { refreshPrices } from "../server/billing/prices";
import { syncBilling } from "../server/billing/sync-billing";
import { markEventsProcessed } from "../server/repositories/billing";
import { markInfraEventProcessed } from "../server/repositories/infra-events";
import type { InfraEvent } from "../server/infra/infra-event";
import { routeInfraEvent } from "../server/repositories/workspace-lifecycle";
import { handleDeadLetter } from "./dead-letters";
import { RetryLater } from "../server/queues/retry-later";
import { handleEmailJob } from "./email-jobs";

/**
 * The one queue handler for every queue this Worker consumes. Delivery is at least once:
 * each handler is idempotent. A message that can never be handled (wrong shape) is
 * acknowledged and logged rather than retried forever; a handler that fails is retried.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.queue === QUEUE_NAMES.billingEvents ? coalesceBillingSyncs(batch.messages) : batch.messages) {
    const traceId = traceIdOrNew((message.body as { traceId?: unknown } | null)?.traceId);
    const services = createServices(env, { traceId, log: { component: "queue", queue: batch.queue, messageId: message.id } });
    const { log } = services;
    log.count("queue_messages", { queue: batch.queue, attempts: message.attempts });
    try {
      await handleMessage(batch.queue, message, services);
      message.ack();
    } catch (error) {
      const backoff = retryDelaySeconds(env, message.attempts);
      if (error instanceof RetryLater) {
        log.warn("queue.retry_later", { reason: error.reason, attempts: message.attempts, delaySeconds: error.delaySeconds });
        message.retry({ delaySeconds: Math.max(backoff, error.delaySeconds) });
        continue;
      }
      log.error("queue.message_failed", { error, attempts: message.attempts });
      log.count("errors", { where: "queue", queue: batch.queue });
      message.retry({ delaySeconds: backoff });
    }
  }
}

/**
 * One sync per customer per batch: a burst of Stripe events about one customer (a renewal
 * sends six) needs one re-read, not six. The group is handled as its first message carrying
 * every event id, and acknowledged or retried together.
 */
function coalesceBillingSyncs(messages: readonly Message<unknown>[]): Message<unknown>[] {
  const groups = new Map<string, Message<unknown>[]>();
  const out: Message<unknown>[] = [];
  for (const message of messages) {
    const parsed = billingSyncMessage.safeParse(message.body);
    if (!parsed.success) {
      out.push(message);
      continue;
    }
    const group = groups.get(parsed.data.customerId);
    if (group) group.push(message);
    else {
      const members = [message];
      groups.set(parsed.data.customerId, members);
      out.push(groupMessage(members));
    }
  }
  return out;
}

/** A message standing for a group: its body lists every member's events; ack/retry reach all. */
function groupMessage(members: Message<unknown>[]): Message<unknown> {
  const first = members[0]!;
  return {
    id: first.id,
    timestamp: first.timestamp,
    attempts: Math.max(...members.map((m) => m.attempts)),
    get body() {
      const bodies = members.map((m) => billingSyncMessage.parse(m.body));
      return { ...bodies[0]!, eventIds: [...new Set(bodies.flatMap((b) => b.eventIds))].slice(-100) };
    },
    ack: () => members.forEach((m) => m.ack()),
    retry: (options?: QueueRetryOptions) => members.forEach((m) => m.retry(options)),
  } as Message<unknown>;
}

/**
 * Exponential backoff from QUEUE_RETRY_DELAY_SECONDS (1 s unless set: 2, 4, 8… up to 60 s);
 * the local test world sets it to 0 so retries do not make tests wait.
 */
function retryDelaySeconds(env: Env, attempts: number): number {
  const base = Number(env.QUEUE_RETRY_DELAY_SECONDS ?? 1);
  return Math.min(60, (Number.isFinite(base) && base >= 0 ? base : 1) * 2 ** attempts);
}

async function handleMessage(queue: string, message: Message<unknown>, services: Services) {
  const { body } = message;
  const { log } = services;
  switch (queue) {
    case QUEUE_NAMES.infraEvents: {
      const parsed = infraEventMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const msg = parsed.data;
      if (msg.type === "diagnostic.probe") {
        await services.coordinator(msg.workspaceId).recordDiagnostic({ probeId: msg.probeId, traceId: msg.traceId });
        log.info("queue.probe_delivered", { probeId: msg.probeId });
        return;
      }
      return applyInfraEvent(msg.event, services);
    }
    case QUEUE_NAMES.reconcileJobs: {
      const parsed = reconcileMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const result = await services.coordinator(parsed.data.workspaceId).reconcile({
        workspaceId: parsed.data.workspaceId,
        traceId: parsed.data.traceId,
      });
      log.info("reconcile.workspace_checked", { workspaceId: parsed.data.workspaceId, result });
      return;
    }
    case QUEUE_NAMES.billingEvents: {
      const parsed = billingMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const msg = parsed.data;
      if (msg.type === "billing.prices") {
        await refreshPrices(services);
        await markEventsProcessed(services.db, msg.eventIds, services.now());
        return;
      }
      // A failure throws: the queue retries, and the events stay unprocessed for the safety net.
      const result = await syncBilling(services, msg.customerId, { eventIds: msg.eventIds });
      log.info("billing.sync_done", {
        customerId: msg.customerId,
        outcome: result.outcome,
        stripeCalls: result.stripeCalls,
        queries: result.queries,
      });
      return;
    }
    case QUEUE_NAMES.emailJobs:
      // Notifications to an account's own service and Slack (server/notifications, issue 13 item 6).
      if ((body as { type?: unknown } | null)?.type === "notification.deliver") return handleNotificationMessage(body, services);
      // email.send: handled by server/email (issue 13)
      return handleEmailJob(body, services);
    case QUEUE_NAMES.deadLetters:
      return handleDeadLetter(message, services);
    default:
      // The email consumer arrives with its feature.
      log.warn("queue.no_handler_yet", { queue });
  }
}

/**
 * Hands an infra event to its workspace's coordinator, which alone decides whether it is
 * new (duplicates are recognised there, not here: two consumers may hold the same event).
 * infra_events is the audit trail: the outcome is recorded once the coordinator answered;
 * if that throws, the message is retried and the event stays unprocessed for the safety net.
 */
async function applyInfraEvent(event: InfraEvent, { db, log, traceId, coordinator, now }: Services) {
  const route = await routeInfraEvent(db, event.resourceId, event.workspaceId);
  let outcome: string;
  if (route.kind === "mismatch") {
    // Correctly signed, yet its resource is another workspace's: apply it nowhere.
    outcome = "mismatch";
    log.alert("infra.event_workspace_mismatch", {
      resourceId: event.resourceId,
      workspaceId: event.workspaceId,
      ownerWorkspaceId: route.ownerWorkspaceId,
    });
  } else if (route.kind === "unknown") {
    // An instance we don't know: the reconciler's orphan sweep decides what to do with it.
    outcome = "orphan";
    log.alert("infra.event_for_unknown_instance", {
      resourceId: event.resourceId,
      workspaceId: event.workspaceId,
      state: event.state,
    });
  } else {
    outcome = await coordinator(route.workspaceId).applyInfraEvent(event, traceId);
  }
  await markInfraEventProcessed(db, event.eventId, outcome, now());
  log.info("infra.event_processed", {
    eventId: event.eventId,
    resourceId: event.resourceId,
    sequence: event.sequence,
    state: event.state,
    outcome,
  });
}
