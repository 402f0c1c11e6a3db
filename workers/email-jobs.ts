/**
 * harbor-email-jobs: lifecycle news going out — an outbox email through Resend
 * (server/email/send-email.ts), then the same news to the account's own service and Slack
 * (server/notifications). A retry the outside service asked for is a RetryLater.
 */
import type { Services } from "../server/bindings/services";
import { sendOutboxEmail } from "../server/email/send-email";
import { fanOutNotifications } from "../server/notifications/fan-out";
import { emailSendMessage } from "../server/queues/messages";
import { RetryLater } from "../server/queues/retry-later";

export async function handleEmailJob(body: unknown, services: Services): Promise<void> {
  const { log } = services;
  const type = (body as { type?: unknown } | null)?.type;
  if (type === "email.send") {
    const parsed = emailSendMessage.safeParse(body);
    if (!parsed.success) return log.alert("queue.message_malformed", { issues: parsed.error.issues.length });
    // Once the email is sent, the same news goes to the account's own service and Slack.
    // Unless the email is someone else's (an invitation): then the account hears its own notice.
    const outcome = await sendOutboxEmail(services, parsed.data.outboxId, ({ row, prepared, subject }) =>
      fanOutNotifications(
        services,
        {
          outboxId: row.id,
          accountId: row.accountId,
          kind: row.kind,
          subject: prepared.notice?.summary ?? subject,
          summary: prepared.notice?.summary ?? subject,
          link: prepared.notice?.link ?? prepared.props.action.url,
          workspaces: prepared.summary.map((w) => ({ id: w.id ?? "", name: w.name, url: w.url })),
          occurredAt: row.createdAt,
        },
        { onlyAddedBy: row.createdAt },
      ).then(() => undefined),
    );
    if (outcome.kind === "retry") throw new RetryLater(outcome.reason, outcome.delaySeconds);
    return;
  }
  log.alert("queue.message_malformed", { type: typeof type === "string" ? type.slice(0, 50) : null });
}
