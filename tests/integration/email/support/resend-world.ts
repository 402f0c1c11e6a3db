/**
 * The Resend stand-in as email tests see it: its inbox (what was sent, as Resend accepted
 * it), its faults, and its delivery webhooks relayed to Harbor's /webhooks/resend — the
 * stand-in cannot reach the Worker under test, so its signed deliveries (headers and exact
 * body, as logged) are replayed here, as Resend would send them.
 */
import { env } from "cloudflare:workers";
import { AppClient, waitFor } from "../../support/app-client";

export async function resendControl<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.RESEND_API_URL}/__control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`resend control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface InboxMessage {
  id: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  tags?: Record<string, string> | { name: string; value: string }[];
}

let addresses = 0;
/**
 * An address no other test file uses: the stand-in (and its inbox) is shared by every file,
 * while each file has its own D1, so the fixtures' default addresses repeat across files.
 */
export function uniqueAddress(label = "mail"): string {
  return `${label}-${Date.now().toString(36)}-${++addresses}@example.com`;
}

/** Every email the stand-in accepted for `address`. */
export async function inboxOf(address: string): Promise<InboxMessage[]> {
  return (await resendControl<{ data: InboxMessage[] }>(`messages?to=${encodeURIComponent(address)}`)).data;
}

/** The emails the stand-in accepted for one outbox row (tagged with its id when sent). */
export async function inboxForRow(outboxId: string): Promise<InboxMessage[]> {
  const all = (await resendControl<{ data: InboxMessage[] }>("messages")).data;
  const tagged = (m: InboxMessage) =>
    Array.isArray(m.tags) ? m.tags.some((t) => t.name === "outbox_id" && t.value === outboxId) : m.tags?.outbox_id === outboxId;
  return all.filter(tagged);
}

export interface OutboxRow {
  id: string;
  kind: string;
  dedupe_key: string;
  status: string;
  detail: string | null;
  attempts: number;
  workspace_id: string | null;
  facts: string;
  subject: string | null;
}

export async function outboxOf(accountId: string, kind?: string): Promise<OutboxRow[]> {
  const rows = await env.DB.prepare(
    `SELECT id, kind, dedupe_key, status, detail, attempts, workspace_id, facts, subject FROM email_outbox
      WHERE account_id = ? ${kind ? "AND kind = ?" : ""} ORDER BY created_at, id`,
  )
    .bind(...(kind ? [accountId, kind] : [accountId]))
    .all<OutboxRow>();
  return rows.results;
}

/** Waits until none of the account's due emails is still pending (the email queue is idle for it). */
export async function emailsSettled(accountId: string, timeoutMs = 15_000): Promise<OutboxRow[]> {
  await waitFor(async () => {
    const row = await env.DB.prepare(
      "SELECT count(*) AS n FROM email_outbox WHERE account_id = ? AND status = 'pending' AND send_after <= ?",
    )
      .bind(accountId, Date.now() + 60_000 * 60 * 24 * 400)
      .first<{ n: number }>();
    return row?.n === 0;
  }, timeoutMs);
  return outboxOf(accountId);
}

interface LoggedDelivery {
  msgId: string;
  type: string;
  emailId: string | null;
  attempt: number;
  headers: Record<string, string> | null;
  body: string;
}

/** Replays the stand-in's webhook deliveries not relayed yet, each once, in the order given. */
export class ResendRelay {
  private readonly relayed = new Set<string>();

  async pending(): Promise<LoggedDelivery[]> {
    const { data } = await resendControl<{ data: LoggedDelivery[] }>("deliveries");
    const fresh = data.filter((d) => d.headers && !this.relayed.has(d.msgId));
    for (const d of fresh) this.relayed.add(d.msgId);
    return fresh;
  }

  async flush(arrange: (d: LoggedDelivery[]) => LoggedDelivery[] = (d) => d): Promise<LoggedDelivery[]> {
    await resendControl("deliveries/settle", { timeoutMs: 3_000 });
    const deliveries = arrange(await this.pending());
    const client = new AppClient();
    for (const d of deliveries) {
      const res = await client.fetch("/webhooks/resend", { method: "POST", body: d.body, headers: d.headers! });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status} for ${d.type}`);
    }
    return deliveries;
  }
}
