/** The email queue's `notification.deliver` messages (workers/queue-consumer.ts dispatches them here). */
import type { Services } from "../bindings/services";
import { notificationDeliverMessage } from "../queues/messages";
import { deliverNotification } from "./deliver";

/**
 * A failed try the delivery will make again goes back on the queue as a new message with
 * the delivery's own backoff (30 s, 2 min, 8 min…), and this one is acknowledged: the
 * number of tries is the delivery's (MAX_DELIVERY_ATTEMPTS, counted in D1), not the shared
 * queue's max_retries, which stays for crashes (an error thrown here is retried as usual).
 */
export async function handleNotificationMessage(body: unknown, services: Services): Promise<void> {
  const parsed = notificationDeliverMessage.safeParse(body);
  if (!parsed.success) return services.log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
  const result = await deliverNotification(services, parsed.data.deliveryId);
  if (result.retry) {
    await services.env.EMAIL_JOBS.send(parsed.data, { contentType: "json", delaySeconds: result.delaySeconds });
    services.log.info("notification.retry_scheduled", { deliveryId: parsed.data.deliveryId, delaySeconds: result.delaySeconds });
  }
}
