/**
 * The stand-in's memory, in SQLite (node:sqlite; `:memory:` when no folder is given), so
 * `npm run dev` keeps customers, subscriptions and events across restarts. Stripe objects
 * are kept whole, as JSON documents next to the stand-in's own bookkeeping for each (when
 * an invoice is due to be finalised, which test card a payment method is…), which never
 * reaches an API answer. Reads come from a cache of every document.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

/** A stored object: the Stripe object as the API shows it, and the stand-in's notes on it. */
export interface Doc<T = unknown, X = Record<string, unknown>> {
  id: string;
  kind: string;
  /** Insertion order: lists sort by created, then by this (objects made in one second). */
  seq: number;
  object: T;
  x: X;
}

export interface StoredEvent {
  seq: number;
  id: string;
  type: string;
  created: number;
  json: string;
}

export interface OutboxEntry {
  id: number;
  eventId: string;
  endpointId: string;
  attempt: number;
  dueAtMs: number;
}

export interface DeliveryLogEntry {
  eventId: string;
  type: string;
  endpointId: string;
  url: string;
  attempt: number;
  status: number | null;
  error: string | null;
  /** The Stripe-Signature header sent (null when the attempt never left). */
  signature: string | null;
  at: string;
}

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  createdAt: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, seq INTEGER NOT NULL, object TEXT NOT NULL, x TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, type TEXT NOT NULL, created INTEGER NOT NULL, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, attempt INTEGER NOT NULL, due_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, type TEXT NOT NULL, endpoint_id TEXT NOT NULL, url TEXT NOT NULL, attempt INTEGER NOT NULL, status INTEGER, error TEXT, signature TEXT, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

type Row = Record<string, unknown>;

export class StripeStore {
  private readonly db: DatabaseSync;
  private readonly docs = new Map<string, Doc>();
  private nextSeq = 1;

  constructor(stateDir: string | null) {
    if (stateDir) mkdirSync(stateDir, { recursive: true });
    this.db = new DatabaseSync(stateDir ? path.join(stateDir, "stripe.sqlite") : ":memory:");
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.db.exec(SCHEMA);
    for (const row of this.db.prepare("SELECT id, kind, seq, object, x FROM docs ORDER BY seq").all() as Row[]) {
      const doc: Doc = {
        id: row.id as string,
        kind: row.kind as string,
        seq: Number(row.seq),
        object: JSON.parse(row.object as string),
        x: JSON.parse(row.x as string),
      };
      this.docs.set(doc.id, doc);
      this.nextSeq = Math.max(this.nextSeq, doc.seq + 1);
    }
  }

  close(): void {
    this.db.close();
  }

  /** Everything goes; the caller seeds again. */
  clear(): void {
    this.db.exec("DELETE FROM docs; DELETE FROM events; DELETE FROM outbox; DELETE FROM deliveries; DELETE FROM idempotency; DELETE FROM kv;");
    this.docs.clear();
  }

  // ── Documents ──────────────────────────────────────────────────────────────

  get<T, X = Record<string, unknown>>(id: string): Doc<T, X> | undefined {
    return this.docs.get(id) as Doc<T, X> | undefined;
  }

  /** Adds or replaces a document (write-through). */
  put<T, X>(kind: string, id: string, object: T, x: X): Doc<T, X> {
    const existing = this.docs.get(id);
    const doc: Doc<T, X> = { id, kind, seq: existing?.seq ?? this.nextSeq++, object, x };
    this.docs.set(id, doc as Doc);
    this.db
      .prepare("INSERT INTO docs (id, kind, seq, object, x) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET object = excluded.object, x = excluded.x")
      .run(id, kind, doc.seq, JSON.stringify(object), JSON.stringify(x));
    return doc;
  }

  /** Saves a document changed in place. */
  save<T, X>(doc: Doc<T, X>): Doc<T, X> {
    return this.put(doc.kind, doc.id, doc.object, doc.x);
  }

  delete(id: string): void {
    this.docs.delete(id);
    this.db.prepare("DELETE FROM docs WHERE id = ?").run(id);
  }

  all<T, X = Record<string, unknown>>(kind: string): Doc<T, X>[] {
    const out: Doc<T, X>[] = [];
    for (const doc of this.docs.values()) if (doc.kind === kind) out.push(doc as Doc<T, X>);
    return out;
  }

  // ── Events ─────────────────────────────────────────────────────────────────

  addEvent(id: string, type: string, created: number, json: string): StoredEvent {
    const row = this.db.prepare("INSERT INTO events (id, type, created, json) VALUES (?, ?, ?, ?) RETURNING seq").get(id, type, created, json) as Row;
    return { seq: Number(row.seq), id, type, created, json };
  }

  event(id: string): StoredEvent | undefined {
    const row = this.db.prepare("SELECT seq, id, type, created, json FROM events WHERE id = ?").get(id) as Row | undefined;
    return row && toEvent(row);
  }

  events(): StoredEvent[] {
    return (this.db.prepare("SELECT seq, id, type, created, json FROM events ORDER BY seq").all() as Row[]).map(toEvent);
  }

  // ── Webhook outbox and the log of attempts ─────────────────────────────────

  enqueue(eventId: string, endpointId: string, attempt: number, dueAtMs: number): void {
    this.db.prepare("INSERT INTO outbox (event_id, endpoint_id, attempt, due_at_ms) VALUES (?, ?, ?, ?)").run(eventId, endpointId, attempt, dueAtMs);
  }

  outbox(): OutboxEntry[] {
    return (this.db.prepare("SELECT id, event_id, endpoint_id, attempt, due_at_ms FROM outbox ORDER BY due_at_ms, id").all() as Row[]).map((r) => ({
      id: Number(r.id),
      eventId: r.event_id as string,
      endpointId: r.endpoint_id as string,
      attempt: Number(r.attempt),
      dueAtMs: Number(r.due_at_ms),
    }));
  }

  removeFromOutbox(id: number): void {
    this.db.prepare("DELETE FROM outbox WHERE id = ?").run(id);
  }

  logDelivery(entry: DeliveryLogEntry): void {
    this.db
      .prepare("INSERT INTO deliveries (event_id, type, endpoint_id, url, attempt, status, error, signature, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .run(entry.eventId, entry.type, entry.endpointId, entry.url, entry.attempt, entry.status, entry.error, entry.signature, entry.at);
  }

  deliveries(): DeliveryLogEntry[] {
    return (this.db.prepare("SELECT * FROM deliveries ORDER BY id").all() as Row[]).map((r) => ({
      eventId: r.event_id as string,
      type: r.type as string,
      endpointId: r.endpoint_id as string,
      url: r.url as string,
      attempt: Number(r.attempt),
      status: r.status === null ? null : Number(r.status),
      error: (r.error as string | null) ?? null,
      signature: (r.signature as string | null) ?? null,
      at: r.at as string,
    }));
  }

  // ── Idempotency keys ───────────────────────────────────────────────────────

  idempotency(key: string): IdempotencyRecord | undefined {
    const r = this.db.prepare("SELECT fingerprint, status, body, created_at FROM idempotency WHERE key = ?").get(key) as Row | undefined;
    return r && { fingerprint: r.fingerprint as string, status: Number(r.status), body: r.body as string, createdAt: Number(r.created_at) };
  }

  rememberIdempotency(key: string, record: IdempotencyRecord): void {
    this.db
      .prepare("INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET fingerprint = excluded.fingerprint, status = excluded.status, body = excluded.body, created_at = excluded.created_at")
      .run(key, record.fingerprint, record.status, record.body, record.createdAt);
  }

  forgetIdempotencyBefore(createdAt: number): void {
    this.db.prepare("DELETE FROM idempotency WHERE created_at < ?").run(createdAt);
  }

  // ── Settings, faults, the clock's offset ───────────────────────────────────

  getValue<T>(key: string): T | undefined {
    const r = this.db.prepare("SELECT value FROM kv WHERE key = ?").get(key) as Row | undefined;
    return r ? (JSON.parse(r.value as string) as T) : undefined;
  }

  setValue(key: string, value: unknown): void {
    this.db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, JSON.stringify(value));
  }
}

function toEvent(r: Row): StoredEvent {
  return { seq: Number(r.seq), id: r.id as string, type: r.type as string, created: Number(r.created), json: r.json as string };
}
