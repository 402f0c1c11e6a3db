/**
 * The Resend stand-in's memory, in SQLite (node:sqlite; `:memory:` when no folder is
 * given), so `npm run dev` keeps its inbox, idempotency keys, suppressions and pending
 * webhook deliveries across restarts. Emails are kept whole as JSON documents.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

export type LastEvent =
  | "bounced"
  | "canceled"
  | "complained"
  | "delivered"
  | "delivery_delayed"
  | "failed"
  | "queued"
  | "scheduled"
  | "sent"
  | "suppressed";

/** One email as the stand-in keeps it: the API's fields plus what the inbox shows. */
export interface StoredEmail {
  id: string;
  message_id: string;
  from: string;
  to: string[];
  cc: string[] | null;
  bcc: string[] | null;
  reply_to: string[] | null;
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string> | null;
  tags: { name: string; value: string }[];
  topic_id: string | null;
  /** ISO 8601 with Z. */
  created_at: string;
  scheduled_at: string | null;
  last_event: LastEvent;
  /** Every event the email went through, oldest first (the inbox shows them). */
  events: { type: string; at: string }[];
}

export interface OutboxEntry {
  id: number;
  msgId: string;
  type: string;
  body: string;
  endpoint: number;
  attempt: number;
  dueAtMs: number;
}

export interface DeliveryLogEntry {
  msgId: string;
  type: string;
  emailId: string | null;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  /** The svix-* headers sent (null when the attempt never left). */
  headers: { "svix-id": string; "svix-timestamp": string; "svix-signature": string } | null;
  /** The exact body sent (tests that cannot be reached replay it with the headers). */
  body: string;
  at: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  createdAtMs: number;
}

export interface Suppression {
  email: string;
  origin: "bounce" | "complaint" | "manual";
  source_id: string | null;
  created_at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS emails (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, msg_id TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, endpoint INTEGER NOT NULL, attempt INTEGER NOT NULL, due_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS suppressions (email TEXT PRIMARY KEY, json TEXT NOT NULL);
`;

type Row = Record<string, unknown>;

export class ResendStore {
  private readonly db: DatabaseSync;

  constructor(stateDir: string | null) {
    if (stateDir) mkdirSync(stateDir, { recursive: true });
    this.db = new DatabaseSync(stateDir ? path.join(stateDir, "resend.sqlite") : ":memory:");
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.db.exec(SCHEMA);
  }

  putEmail(email: StoredEmail): void {
    this.db
      .prepare("INSERT INTO emails (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json")
      .run(email.id, JSON.stringify(email));
  }

  email(id: string): StoredEmail | undefined {
    const row = this.db.prepare("SELECT json FROM emails WHERE id = ?").get(id) as Row | undefined;
    return row ? (JSON.parse(row.json as string) as StoredEmail) : undefined;
  }

  /** Newest first. */
  emails(): StoredEmail[] {
    return (this.db.prepare("SELECT json FROM emails ORDER BY seq DESC").all() as Row[]).map(
      (r) => JSON.parse(r.json as string) as StoredEmail,
    );
  }

  idempotency(key: string): IdempotencyRecord | undefined {
    const row = this.db.prepare("SELECT fingerprint, status, body, created_at_ms FROM idempotency WHERE key = ?").get(key) as
      Row | undefined;
    return row
      ? {
          fingerprint: row.fingerprint as string,
          status: Number(row.status),
          body: row.body as string,
          createdAtMs: Number(row.created_at_ms),
        }
      : undefined;
  }

  putIdempotency(key: string, rec: IdempotencyRecord): void {
    this.db
      .prepare("INSERT OR REPLACE INTO idempotency (key, fingerprint, status, body, created_at_ms) VALUES (?, ?, ?, ?, ?)")
      .run(key, rec.fingerprint, rec.status, rec.body, rec.createdAtMs);
  }

  dropIdempotency(key: string): void {
    this.db.prepare("DELETE FROM idempotency WHERE key = ?").run(key);
  }

  enqueue(msgId: string, type: string, body: string, endpoint: number, attempt: number, dueAtMs: number): void {
    this.db
      .prepare("INSERT INTO outbox (msg_id, type, body, endpoint, attempt, due_at_ms) VALUES (?, ?, ?, ?, ?, ?)")
      .run(msgId, type, body, endpoint, attempt, dueAtMs);
  }

  /** Soonest first. */
  outbox(): OutboxEntry[] {
    return (this.db.prepare("SELECT * FROM outbox ORDER BY due_at_ms, id").all() as Row[]).map((r) => ({
      id: Number(r.id),
      msgId: r.msg_id as string,
      type: r.type as string,
      body: r.body as string,
      endpoint: Number(r.endpoint),
      attempt: Number(r.attempt),
      dueAtMs: Number(r.due_at_ms),
    }));
  }

  removeFromOutbox(id: number): void {
    this.db.prepare("DELETE FROM outbox WHERE id = ?").run(id);
  }

  logDelivery(entry: DeliveryLogEntry): void {
    this.db.prepare("INSERT INTO deliveries (json) VALUES (?)").run(JSON.stringify(entry));
  }

  deliveries(): DeliveryLogEntry[] {
    return (this.db.prepare("SELECT json FROM deliveries ORDER BY id").all() as Row[]).map(
      (r) => JSON.parse(r.json as string) as DeliveryLogEntry,
    );
  }

  suppression(email: string): Suppression | undefined {
    const row = this.db.prepare("SELECT json FROM suppressions WHERE email = ?").get(email.toLowerCase()) as Row | undefined;
    return row ? (JSON.parse(row.json as string) as Suppression) : undefined;
  }

  suppress(s: Suppression): void {
    this.db
      .prepare("INSERT OR IGNORE INTO suppressions (email, json) VALUES (?, ?)")
      .run(s.email.toLowerCase(), JSON.stringify(s));
  }

  suppressions(): Suppression[] {
    return (this.db.prepare("SELECT json FROM suppressions ORDER BY email").all() as Row[]).map(
      (r) => JSON.parse(r.json as string) as Suppression,
    );
  }

  clear(): void {
    this.db.exec(
      "DELETE FROM emails; DELETE FROM idempotency; DELETE FROM outbox; DELETE FROM deliveries; DELETE FROM suppressions;",
    );
  }

  close(): void {
    this.db.close();
  }
}
