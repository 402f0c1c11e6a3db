import { createLogger } from "../app/.server/observability/logger";
import { traceIdOrNew } from "../app/.server/observability/trace";
import { infraEventMessage, QUEUE_NAMES } from "../app/.server/queues/messages";
import { coordinatorFor } from "./workspace-coordinator";

/**
 * The one queue handler for every queue this Worker consumes. Delivery is at least once:
 * each handler is idempotent. A message that can never be handled (wrong shape) is
 * acknowledged and logged rather than retried forever; a handler that fails is retried.
 */
export async function handleQueueBatch(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    const traceId = traceIdOrNew((message.body as { traceId?: unknown } | null)?.traceId);
    const log = createLogger(traceId, {
      level: env.LOG_LEVEL,
      base: { component: "queue", queue: batch.queue, messageId: message.id },
    });
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

async function handleMessage(queue: string, body: unknown, env: Env, log: ReturnType<typeof createLogger>) {
  switch (queue) {
    case QUEUE_NAMES.infraEvents: {
      const parsed = infraEventMessage.safeParse(body);
      if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
      const msg = parsed.data;
      if (msg.type === "diagnostic.probe") {
        await coordinatorFor(env, msg.workspaceId).recordDiagnostic({ probeId: msg.probeId, traceId: msg.traceId });
        log.info("queue.probe_delivered", { probeId: msg.probeId });
      }
      return;
    }
    default:
      // Billing, email and reconcile consumers arrive with their features.
      log.warn("queue.no_handler_yet", { queue });
  }
}
