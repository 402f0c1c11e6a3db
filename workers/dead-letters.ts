/**
 * The dead-letter consumer: messages that failed every retry on another queue arrive here
 * (wrangler.jsonc). Each is recorded once in dead_letters and raised as an alert; the
 * reconciler heals whatever the message was about. Nothing about the body is trusted: a
 * malformed one is recorded like any other, never thrown on.
 */
import type { Services } from "../server/bindings/services";
import { queueForMessageType } from "../server/queues/messages";
import { recordDeadLetter } from "../server/repositories/dead-letters";

/** Enough to see what the message was; a dead letter is not an archive. */
export const MAX_DEAD_LETTER_BODY = 8 * 1024;
const TRACE_ID = /^[0-9a-f]{32}$/;

export async function handleDeadLetter(message: Message<unknown>, { db, log }: Services): Promise<void> {
  const body = message.body;
  const fields = typeof body === "object" && body !== null ? (body as { type?: unknown; traceId?: unknown }) : {};
  const type = typeof fields.type === "string" ? fields.type.slice(0, 100) : null;
  const letter = {
    messageId: message.id,
    queue: queueForMessageType(type) ?? "unknown",
    body: bodyText(body),
    // Attempts on this queue (Cloudflare starts counting afresh when a message is moved here).
    attempts: message.attempts,
    traceId: typeof fields.traceId === "string" && TRACE_ID.test(fields.traceId) ? fields.traceId : null,
    // The real clock, like infra_events.received_at: when it arrived, not the app's (movable) now.
    receivedAt: new Date(),
  };
  const about = {
    messageId: letter.messageId,
    fromQueue: letter.queue,
    type,
    attempts: letter.attempts,
    bodyTraceId: letter.traceId,
  };
  let recorded: boolean;
  try {
    ({ recorded } = await recordDeadLetter(db, letter));
  } catch (error) {
    // Still tell someone, then let the queue retry the write.
    log.alert("queue.dead_letter", { ...about, recorded: false, error });
    throw error;
  }
  if (recorded) log.alert("queue.dead_letter", { ...about, recorded: true });
  else log.info("queue.dead_letter_duplicate", about);
}

function bodyText(body: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(body) ?? String(body);
  } catch {
    // Queue bodies may be anything structured clone allows (a BigInt, a cycle…).
    text = `[unserialisable ${Object.prototype.toString.call(body)}]`;
  }
  return text.length > MAX_DEAD_LETTER_BODY
    ? `${text.slice(0, MAX_DEAD_LETTER_BODY)}…[truncated ${text.length - MAX_DEAD_LETTER_BODY} chars]`
    : text;
}
