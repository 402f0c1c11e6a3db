/**
 * The `/emails` resource (contract §2.1–2.6): validation as Resend answers it (§4), the
 * stored email, and the scripted events each recipient drives (§6.5, §8).
 */
import { randomUUID } from "node:crypto";
import type { ResendSettings } from "./settings.ts";
import type { LastEvent, StoredEmail, ResendStore } from "./store.ts";

export class ApiError extends Error {
  readonly status: number;
  override readonly name: string;
  constructor(status: number, name: string, message: string) {
    super(message);
    this.status = status;
    this.name = name;
  }
  body(): { statusCode: number; name: string; message: string } {
    return { statusCode: this.status, name: this.name, message: this.message };
  }
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED = /^[^<>]*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$/;
const TAG = /^[A-Za-z0-9_-]{1,256}$/;
const MAX_RECIPIENTS = 50;
const MAX_SCHEDULE_MS = 30 * 86_400_000;

/** The bare address of `a@b.c` or `Name <a@b.c>`, or null. */
export function bareAddress(value: string): string | null {
  const v = value.trim();
  if (ADDRESS.test(v)) return v;
  return NAMED.exec(v)?.[1] ?? null;
}

function list(field: string, value: unknown, required: boolean): string[] | null {
  if (value === undefined || value === null || (required && (value === "" || (Array.isArray(value) && value.length === 0)))) {
    if (required) throw new ApiError(422, "missing_required_field", `Missing \`${field}\` field.`);
    return null;
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length > MAX_RECIPIENTS)
    throw new ApiError(422, "validation_error", `Too many recipients in \`${field}\`: the maximum is ${MAX_RECIPIENTS}.`);
  for (const item of items)
    if (typeof item !== "string" || !bareAddress(item))
      throw new ApiError(
        422,
        "validation_error",
        `Invalid \`${field}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      );
  return items as string[];
}

/** `scheduled_at`: ISO 8601 or "in N minutes|hours|days" (contract §2.1), at most 30 days ahead. */
export function parseSchedule(value: unknown, nowMs: number): string {
  if (typeof value !== "string" || !value.trim()) throw new ApiError(422, "validation_error", "Invalid `scheduled_at` field.");
  const natural = /^in\s+(\d+)\s+(second|minute|hour|day)s?$/i.exec(value.trim());
  const unit = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };
  const at = natural ? nowMs + Number(natural[1]) * unit[natural[2]!.toLowerCase() as keyof typeof unit] : Date.parse(value);
  if (!Number.isFinite(at))
    throw new ApiError(
      422,
      "validation_error",
      "Invalid `scheduled_at` field. Use ISO 8601 or natural language such as `in 1 hour`.",
    );
  if (at - nowMs > MAX_SCHEDULE_MS) throw new ApiError(422, "validation_error", "`scheduled_at` must be within 30 days.");
  return new Date(at).toISOString();
}

/** Resend builds a plain-text part from the HTML when `text` is omitted (contract §0.2). */
export function textFromHtml(html: string): string {
  return html
    .replace(/<(style|script|head)[\s\S]*?<\/\1>/gi, "")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, "\n")
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, "$2 ($1)")
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** Checks one `POST /emails` payload and builds the email it sends (not stored yet). */
export function buildEmail(input: unknown, nowMs: number, opts: { batch: boolean }): StoredEmail {
  if (typeof input !== "object" || input === null || Array.isArray(input))
    throw new ApiError(422, "validation_error", "The email must be a JSON object.");
  const p = input as Record<string, unknown>;
  if (p.template !== undefined && (p.html !== undefined || p.text !== undefined))
    throw new ApiError(422, "validation_error", "`template` cannot be combined with `html` or `text`.");
  if (p.template !== undefined)
    throw new ApiError(422, "validation_error", "Templates are not supported by the stand-in: send `html` and `text`.");
  if (p.from === undefined || p.from === null || p.from === "")
    throw new ApiError(422, "missing_required_field", "Missing `from` field.");
  if (typeof p.from !== "string" || !bareAddress(p.from))
    throw new ApiError(
      422,
      "invalid_from_address",
      "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.",
    );
  const to = list("to", p.to, true)!;
  if (p.subject === undefined || p.subject === null || p.subject === "")
    throw new ApiError(422, "missing_required_field", "Missing `subject` field.");
  if (typeof p.subject !== "string") throw new ApiError(422, "validation_error", "Invalid `subject` field: it must be a string.");
  if (p.html === undefined && p.text === undefined)
    throw new ApiError(422, "missing_required_field", "Missing `html` or `text` field.");
  if (p.html !== undefined && typeof p.html !== "string")
    throw new ApiError(422, "validation_error", "Invalid `html` field: it must be a string.");
  if (p.text !== undefined && typeof p.text !== "string")
    throw new ApiError(422, "validation_error", "Invalid `text` field: it must be a string.");
  if (p.attachments !== undefined) {
    if (opts.batch) throw new ApiError(422, "validation_error", "Attachments are not supported with the batch endpoint.");
    if (
      !Array.isArray(p.attachments) ||
      p.attachments.some(
        (a) =>
          typeof a !== "object" ||
          a === null ||
          (typeof (a as { content?: unknown }).content !== "string" && typeof (a as { path?: unknown }).path !== "string"),
      )
    )
      throw new ApiError(422, "invalid_attachment", "Attachment must have either a `content` or `path`.");
  }
  const tags: { name: string; value: string }[] = [];
  if (p.tags !== undefined) {
    if (!Array.isArray(p.tags)) throw new ApiError(422, "validation_error", "Invalid `tags` field: it must be an array.");
    for (const t of p.tags as { name?: unknown; value?: unknown }[]) {
      if (typeof t?.name !== "string" || !TAG.test(t.name) || typeof t.value !== "string" || !TAG.test(t.value))
        throw new ApiError(422, "validation_error", "Tags should only contain ASCII letters, numbers, underscores, or dashes.");
      tags.push({ name: t.name, value: t.value });
    }
  }
  if (
    p.headers !== undefined &&
    (typeof p.headers !== "object" || p.headers === null || Object.values(p.headers).some((v) => typeof v !== "string"))
  )
    throw new ApiError(422, "validation_error", "Invalid `headers` field: it must be an object of strings.");
  const scheduled = p.scheduled_at !== undefined && p.scheduled_at !== null ? parseSchedule(p.scheduled_at, nowMs) : null;
  const html = (p.html as string | undefined) ?? null;
  const text = p.text === undefined ? (html ? textFromHtml(html) : null) : p.text === "" ? null : (p.text as string);
  const id = randomUUID();
  const created = new Date(nowMs).toISOString();
  return {
    id,
    message_id: `<${id}@resend.localhost>`,
    from: p.from,
    to,
    cc: list("cc", p.cc, false),
    bcc: list("bcc", p.bcc, false),
    reply_to: list("reply_to", p.reply_to, false),
    subject: p.subject,
    html,
    text,
    headers: (p.headers as Record<string, string> | undefined) ?? null,
    tags,
    topic_id: typeof p.topic_id === "string" ? p.topic_id : null,
    created_at: created,
    scheduled_at: scheduled,
    last_event: scheduled ? "scheduled" : "queued",
    events: [{ type: scheduled ? "scheduled" : "queued", at: created }],
  };
}

/** What a recipient makes happen (contract §8), from the first `to` address that is a test address. */
type Script = { type: string; last: LastEvent; extra?: Record<string, unknown> }[];

export function scriptFor(email: StoredEmail, store: ResendStore, settings: ResendSettings): Script {
  const sent = { type: "email.sent", last: "sent" as const };
  const delivered = { type: "email.delivered", last: "delivered" as const };
  const addresses = email.to.map((a) => bareAddress(a)!.toLowerCase());
  if (addresses.some((a) => store.suppression(a)))
    return [
      {
        type: "email.suppressed",
        last: "suppressed",
        extra: {
          suppressed: {
            type: "OnAccountSuppressionList",
            message: "The recipient is on the suppression list because of a previous bounce or complaint.",
          },
        },
      },
    ];
  for (const address of addresses) {
    const [local, domain] = address.split("@") as [string, string];
    if (!settings.testDomains.includes(domain)) continue;
    const kind = local.split("+")[0];
    if (kind === "delivered") return [sent, delivered];
    if (kind === "bounced")
      return [
        sent,
        {
          type: "email.bounced",
          last: "bounced",
          extra: {
            bounce: {
              type: "Permanent",
              subType: "General",
              message: "The recipient's email address does not exist (550 5.1.1 user unknown).",
              diagnosticCode: ["smtp; 550 5.1.1 user unknown"],
            },
          },
        },
      ];
    if (kind === "complained") return [sent, delivered, { type: "email.complained", last: "complained" }];
    if (kind === "suppressed" && local === "suppressed")
      return [
        {
          type: "email.suppressed",
          last: "suppressed",
          extra: { suppressed: { type: "OnAccountSuppressionList", message: "The recipient is on the suppression list." } },
        },
      ];
    if (kind === "delayed") return [sent, { type: "email.delivery_delayed", last: "delivery_delayed" }, delivered];
    if (kind === "failed")
      return [{ type: "email.failed", last: "failed", extra: { failed: { reason: "The stand-in's failed@ test address." } } }];
  }
  return [sent, delivered];
}

/** The webhook body for one event (contract §6.2–6.3; tags as an object). */
export function eventBody(email: StoredEmail, type: string, atIso: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type,
    created_at: atIso,
    data: {
      email_id: email.id,
      created_at: email.created_at,
      from: email.from,
      to: email.to,
      subject: email.subject,
      message_id: email.message_id,
      ...(email.tags.length > 0 && { tags: Object.fromEntries(email.tags.map((t) => [t.name, t.value])) }),
      ...extra,
    },
  });
}

/** `GET /emails/{id}` (contract §2.3). */
export function emailView(e: StoredEmail): Record<string, unknown> {
  return {
    object: "email",
    id: e.id,
    message_id: e.message_id,
    to: e.to,
    from: e.from,
    created_at: e.created_at,
    subject: e.subject,
    html: e.html,
    text: e.text,
    bcc: e.bcc,
    cc: e.cc,
    reply_to: e.reply_to,
    last_event: e.last_event,
    scheduled_at: e.scheduled_at,
    tags: e.tags,
    topic_id: e.topic_id,
  };
}

/** One row of `GET /emails` (contract §2.4: no bodies or tags). */
export function emailListItem(e: StoredEmail): Record<string, unknown> {
  const { html: _h, text: _t, tags: _g, topic_id: _p, object: _o, ...rest } = emailView(e);
  return rest;
}
