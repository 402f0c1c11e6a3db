import { now } from "../domain/clock";
import { createDatabase } from "../app/.server/db";
import { createLogger, type Logger } from "../app/.server/observability/logger";
import { traceIdOrNew } from "../app/.server/observability/trace";
import { infraEventMessage, QUEUE_NAMES, reconcileMessage } from "../app/.server/queues/messages";
import { isInfraEventProcessed, markInfraEventProcessed } from "../app/.server/repositories/infra-events";
import { workspaceForInfraEvent } from "../app/.server/repositories/workspace-lifecycle";
import { coordinatorFor } from "./workspace-coordinator";

/**
 * The one queue handler for every queue this Worker consumes. Delivery is at least once:
 * each handler is idempotent. A message that can never be handled (wrong shape) is
 * acknowledged and logged rather than retried forever; a handler that fails is retried.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const traceId = traceIdOrNew((message.body as { traceId?: unknown } | null)?.traceId);
    const log = createLogger(traceId, { level: env.LOG_LEVEL, base: { component: "queue", queue: batch.queue, messageId: message.id } });
    log.count("queue_messages", { queue: batch.queue, attempts: message.attempts });
    try {
      await handleMessage(batch.queue, message.body, env, log);
      message.ack();
    } catch (error) {
      log.error("queue.message_failed", { error, attempts: message.attempts });
      log.count("errors", { where: "queue", queue: batch.queue });
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

async function handleMessage(queue: string, body: unknown, env: Env, log: Logger) {
  switch (queue) {
    case QUEUE_NAMES.infraEvents: {
      const parsed = infraEventMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const msg = parsed.data;
      if (msg.type === "diagnostic.probe") {
        await coordinatorFor(env, msg.workspaceId).recordDiagnostic({ probeId: msg.probeId, traceId: msg.traceId });
        log.info("queue.probe_delivered", { probeId: msg.probeId });
        return;
      }
      return applyInfraEvent(msg.event, msg.traceId, env, log);
    }
    case QUEUE_NAMES.reconcileJobs: {
      const parsed = reconcileMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const result = await coordinatorFor(env, parsed.data.workspaceId).reconcile({ workspaceId: parsed.data.workspaceId, traceId: parsed.data.traceId });
      log.info("reconcile.workspace_checked", { workspaceId: parsed.data.workspaceId, result });
      return;
    }
    default:
      // Billing and email consumers arrive with their features.
      log.warn("queue.no_handler_yet", { queue });
  }
}

/**
 * Hands an infra event to its workspace's coordinator. The event is marked processed only
 * after the coordinator has applied it (or judged it stale); if that throws, the message
 * is retried and the event stays unprocessed for the safety net.
 */
async function applyInfraEvent(
  event: { eventId: string; resourceId: string; workspaceId: string; sequence: number; state: string; occurredAt: string },
  traceId: string,
  env: Env,
  log: Logger,
) {
  const db = createDatabase(env.DB);
  if (await isInfraEventProcessed(db, event.eventId)) return log.info("infra.event_duplicate", { eventId: event.eventId });
  const workspaceId = await workspaceForInfraEvent(db, event.resourceId, event.workspaceId);
  let outcome: string;
  if (!workspaceId) {
    // An instance we don't know: the reconciler's orphan sweep decides what to do with it.
    outcome = "orphan";
    log.alert("infra.event_for_unknown_instance", { resourceId: event.resourceId, workspaceId: event.workspaceId, state: event.state });
  } else {
    outcome = await coordinatorFor(env, workspaceId).applyInfraEvent({ ...event, workspaceId }, traceId);
  }
  await markInfraEventProcessed(db, event.eventId, outcome, now());
  log.info("infra.event_processed", { eventId: event.eventId, resourceId: event.resourceId, sequence: event.sequence, state: event.state, outcome });
}
