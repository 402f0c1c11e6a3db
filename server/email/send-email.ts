/**
 * The email consumer's work for one outbox row (docs/decisions/0029): check the condition
 * again, render once (the bytes are kept, so a retry sends the same body under the same
 * Idempotency-Key), send one copy per recipient through Resend, and end the row. Resend's
 * 429s, 5xx and timeouts are retried with backoff honouring `retry-after`; any other
 * refusal fails that copy for good, with an alert.
 */
import type { EmailKind } from "../../domain/email/catalog";
import { renderEmail } from "../../emails/render";
import type { EmailProps } from "../../emails/props";
import type { Services } from "../bindings/services";
import {
  countAttempt,
  finishOutbox,
  forgetInvitationToken,
  keepRendering,
  markMessage,
  messagesFor,
  outboxRow,
  recipientsOf,
  type OutboxRow,
} from "../repositories/email-outbox";
import { prepareEmail, type Prepared } from "./prepare";
import { createResendClient } from "./resend-client";

/** Reminders a customer can do without: not sent to an address Resend cannot deliver to. */
const NUDGES: ReadonlySet<EmailKind> = new Set(["welcome", "trial-ending"]);
const SEND_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { kind: "done"; status: "sent" | "skipped" | "failed" | "already_done" | "not_due" | "missing"; sentTo?: number }
  | { kind: "retry"; delaySeconds: number; reason: string };

export interface SentEmail {
  row: OutboxRow;
  prepared: Extract<Prepared, { send: true }>;
  subject: string;
}

export async function sendOutboxEmail(
  services: Services,
  outboxId: string,
  onSent?: (sent: SentEmail) => Promise<void>,
): Promise<SendOutcome> {
  const { db, log } = services;
  const row = await outboxRow(db, outboxId);
  if (!row) return { kind: "done", status: "missing" };
  if (row.status !== "pending") return { kind: "done", status: "already_done" };
  const at = services.now();
  // Not yet (a workspace's trouble is written about after 10 minutes): the sweep sends it then.
  if (row.sendAfter.getTime() > at.getTime()) return { kind: "done", status: "not_due" };

  // Only an invitation holds a secret (its token) to forget once the row has ended.
  const forgetToken = () => (row.kind === "invitation" ? forgetInvitationToken(db, row.id) : Promise.resolve());

  const prepared = await prepareEmail(services, row);
  if (!prepared.send) {
    await finishOutbox(db, row.id, { status: "skipped", detail: prepared.reason }, at);
    await forgetToken();
    log.info("email.skipped", { outboxId: row.id, kind: row.kind, reason: prepared.reason });
    return { kind: "done", status: "skipped" };
  }

  const rendered =
    row.subject !== null && row.html !== null && row.textBody !== null
      ? { subject: row.subject, html: row.html, text: row.textBody }
      : await keepRendering(db, row.id, await renderEmail(prepared.kind, prepared.props as EmailProps<typeof prepared.kind>));

  // An invitation goes to the invitee alone, even to an address that bounced before: the
  // inviter has just typed it, and a second bounce is recorded by the delivery news as usual.
  const recipients = prepared.to
    ? prepared.to.map((address) => ({ address, undeliverable: false }))
    : (await recipientsOf(db, row.accountId)).filter((r) => !(r.undeliverable && NUDGES.has(row.kind)));
  const messages = await messagesFor(
    db,
    row,
    recipients.map((r) => r.address),
  );
  if (messages.length === 0) {
    await finishOutbox(db, row.id, { status: "skipped", detail: "no_address" }, at);
    await forgetToken();
    return { kind: "done", status: "skipped" };
  }

  const resend = createResendClient(services.env);
  let retry: SendOutcome | null = null;
  for (const message of messages) {
    if (message.status !== "pending") continue;
    const answer = await withTimeout(
      resend.emails.send(
        {
          from: services.env.EMAIL_FROM,
          to: [message.address],
          replyTo: services.env.SUPPORT_EMAIL,
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          tags: [
            { name: "outbox_id", value: row.id },
            { name: "kind", value: row.kind },
          ],
        },
        { idempotencyKey: message.idempotencyKey },
      ),
    );
    if (answer.data) {
      await markMessage(db, message.id, { status: "sent", resendId: answer.data.id }, services.now());
      continue;
    }
    const error = answer.error ?? { name: "application_error", statusCode: null, message: "timed out" };
    const status = (error as { statusCode?: number | null }).statusCode ?? null;
    if (error.name === "invalid_idempotent_request") {
      // Resend already has this key with other bytes: it was sent before (our bytes never change).
      log.warn("email.idempotency_mismatch", { outboxId: row.id, messageId: message.id });
      await markMessage(db, message.id, { status: "sent", lastError: error.name }, services.now());
    } else if (status === null || status >= 500 || status === 429 || error.name === "concurrent_idempotent_requests") {
      retry = { kind: "retry", delaySeconds: retryAfterSeconds(answer.headers), reason: error.name };
      await countAttempt(db, row.id, `${error.name}: ${error.message}`);
      break;
    } else {
      log.alert("email.refused", { outboxId: row.id, kind: row.kind, name: error.name, status });
      await markMessage(
        db,
        message.id,
        { status: "failed", lastError: `${error.name}: ${error.message}`.slice(0, 500) },
        services.now(),
      );
    }
  }
  if (retry) return retry;

  const final = await messagesFor(db, row, []);
  const sentTo = final.filter((m) => m.status === "sent").length;
  const status = sentTo > 0 ? "sent" : "failed";
  const finished = await finishOutbox(
    db,
    row.id,
    { status, detail: status === "failed" ? "every_address_refused" : null },
    services.now(),
  );
  // Sent or refused for good: the token is not needed again (a retry above kept it, and the bytes).
  await forgetToken();
  if (finished) {
    // D1 statements this message cost so far (the bench reads them per email).
    log.info("email.sent", { outboxId: row.id, kind: row.kind, recipients: sentTo, queries: services.queries.queries });
    if (onSent) await onSent({ row, prepared, subject: rendered.subject });
  }
  return { kind: "done", status, sentTo };
}

/** The SDK has no timeout of its own: a reply that does not come in 10 s is a retry. */
async function withTimeout<T>(promise: Promise<T>): Promise<T | { data: null; error: null; headers: null }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ data: null; error: null; headers: null }>((resolve) => {
    timer = setTimeout(() => resolve({ data: null, error: null, headers: null }), SEND_TIMEOUT_MS);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resend's `retry-after` (seconds), else 0: the queue's own backoff applies on top. */
function retryAfterSeconds(headers: Record<string, string> | null | undefined): number {
  const value = Number(headers?.["retry-after"]);
  return Number.isFinite(value) && value > 0 ? Math.min(Math.ceil(value), 3600) : 0;
}
