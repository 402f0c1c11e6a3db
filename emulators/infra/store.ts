/**
 * The infra emulator's memory, in SQLite (node:sqlite) so it survives a restart of
 * `npm run dev` and holds thousands of instances cheaply.
 */
import { DatabaseSync } from "node:sqlite";

export interface InstanceRow {
  resourceId: string;
  workspaceId: string;
  region: string;
  state: string;
  sequence: number;
  adminKey: string;
  adminUserId: string;
  createdAt: string;
  updatedAt: string;
}

export interface EventRow {
  eventId: string;
  resourceId: string;
  workspaceId: string;
  sequence: number;
  state: string;
  occurredAt: string;
}

export interface OutboxRow {
  eventId: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
}

export interface DeliveryRecord {
  eventId: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS instances (
  resource_id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL, region TEXT NOT NULL, state TEXT NOT NULL,
  sequence INTEGER NOT NULL, admin_key TEXT NOT NULL, admin_user_id TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS instances_workspace ON instances (workspace_id, state);
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY, resource_id TEXT NOT NULL, workspace_id TEXT NOT NULL, sequence INTEGER NOT NULL,
  state TEXT NOT NULL, occurred_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
  event_id TEXT PRIMARY KEY, attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_error TEXT);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at);
CREATE TABLE IF NOT EXISTS dead_letters (
  event_id TEXT PRIMARY KEY, attempts INTEGER NOT NULL, last_error TEXT, dead_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, attempt INTEGER NOT NULL, status INTEGER, error TEXT, at TEXT NOT NULL);
`;

type Row = Record<string, unknown>;

export class InfraStore {
  private readonly db: DatabaseSync;

  constructor(file: string) {
    this.db = new DatabaseSync(file);
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  reset(): void {
    this.db.exec("DELETE FROM instances; DELETE FROM events; DELETE FROM outbox; DELETE FROM dead_letters; DELETE FROM deliveries;");
  }

  // ── Instances ──────────────────────────────────────────────────────────────
  insertInstance(row: InstanceRow): void {
    this.db
      .prepare(
        `INSERT INTO instances (resource_id, workspace_id, region, state, sequence, admin_key, admin_user_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.resourceId, row.workspaceId, row.region, row.state, row.sequence, row.adminKey, row.adminUserId, row.createdAt, row.updatedAt);
  }

  /** Many at once, in one transaction (seeding thousands for benchmarks). */
  insertInstances(rows: InstanceRow[]): void {
    this.db.exec("BEGIN");
    try {
      for (const row of rows) this.insertInstance(row);
      this.db.exec("COMMIT");
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    }
  }

  getInstance(resourceId: string): InstanceRow | null {
    const row = this.db.prepare("SELECT * FROM instances WHERE resource_id = ?").get(resourceId) as Row | undefined;
    return row ? toInstance(row) : null;
  }

  /** The workspace's instance that is not deleted, if any (the idempotency lookup). */
  findLiveByWorkspace(workspaceId: string): InstanceRow | null {
    const row = this.db
      .prepare("SELECT * FROM instances WHERE workspace_id = ? AND state != 'deleted' ORDER BY created_at DESC LIMIT 1")
      .get(workspaceId) as Row | undefined;
    return row ? toInstance(row) : null;
  }

  setState(resourceId: string, state: string, sequence: number, updatedAt: string): void {
    this.db.prepare("UPDATE instances SET state = ?, sequence = ?, updated_at = ? WHERE resource_id = ?").run(state, sequence, updatedAt, resourceId);
  }

  listInstances(options: { after: string | null; limit: number; workspaceId: string | null; includeDeleted: boolean }): InstanceRow[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (options.after) (where.push("resource_id > ?"), params.push(options.after));
    if (options.workspaceId) (where.push("workspace_id = ?"), params.push(options.workspaceId));
    if (!options.includeDeleted) where.push("state != 'deleted'");
    const sql = `SELECT * FROM instances ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY resource_id LIMIT ?`;
    return (this.db.prepare(sql).all(...params, options.limit) as Row[]).map(toInstance);
  }

  allInstances(): InstanceRow[] {
    return (this.db.prepare("SELECT * FROM instances ORDER BY resource_id").all() as Row[]).map(toInstance);
  }

  // ── Events and their delivery ──────────────────────────────────────────────
  recordEvent(event: EventRow, firstAttemptAt: number): void {
    this.db
      .prepare("INSERT INTO events (event_id, resource_id, workspace_id, sequence, state, occurred_at) VALUES (?, ?, ?, ?, ?, ?)")
      .run(event.eventId, event.resourceId, event.workspaceId, event.sequence, event.state, event.occurredAt);
    this.db.prepare("INSERT INTO outbox (event_id, attempts, next_attempt_at, last_error) VALUES (?, 0, ?, NULL)").run(event.eventId, firstAttemptAt);
  }

  getEvent(eventId: string): EventRow | null {
    const row = this.db.prepare("SELECT * FROM events WHERE event_id = ?").get(eventId) as Row | undefined;
    return row ? toEvent(row) : null;
  }

  events(): EventRow[] {
    return (this.db.prepare("SELECT * FROM events ORDER BY resource_id, sequence").all() as Row[]).map(toEvent);
  }

  dueOutbox(now: number, limit: number): OutboxRow[] {
    return (
      this.db.prepare("SELECT * FROM outbox WHERE next_attempt_at <= ? ORDER BY next_attempt_at, event_id LIMIT ?").all(now, limit) as Row[]
    ).map((r) => ({
      eventId: String(r.event_id),
      attempts: Number(r.attempts),
      nextAttemptAt: Number(r.next_attempt_at),
      lastError: r.last_error == null ? null : String(r.last_error),
    }));
  }

  nextOutboxTime(): number | null {
    const row = this.db.prepare("SELECT MIN(next_attempt_at) AS t FROM outbox").get() as Row | undefined;
    return row?.t == null ? null : Number(row.t);
  }

  /** Claim an outbox entry for an attempt: it is not due again until `retryAt`. */
  claim(eventId: string, attempts: number, retryAt: number): void {
    this.db.prepare("UPDATE outbox SET attempts = ?, next_attempt_at = ? WHERE event_id = ?").run(attempts, retryAt, eventId);
  }

  delivered(eventId: string): void {
    this.db.prepare("DELETE FROM outbox WHERE event_id = ?").run(eventId);
  }

  failed(eventId: string, lastError: string): void {
    this.db.prepare("UPDATE outbox SET last_error = ? WHERE event_id = ?").run(lastError, eventId);
  }

  deadLetter(eventId: string, attempts: number, lastError: string, at: string): void {
    this.db.prepare("DELETE FROM outbox WHERE event_id = ?").run(eventId);
    this.db.prepare("INSERT OR REPLACE INTO dead_letters (event_id, attempts, last_error, dead_at) VALUES (?, ?, ?, ?)").run(eventId, attempts, lastError, at);
  }

  deadLetters(): { event: EventRow; attempts: number; lastError: string | null; deadAt: string }[] {
    const rows = this.db
      .prepare("SELECT d.*, e.* FROM dead_letters d JOIN events e ON e.event_id = d.event_id ORDER BY d.dead_at, d.event_id")
      .all() as Row[];
    return rows.map((r) => ({ event: toEvent(r), attempts: Number(r.attempts), lastError: r.last_error == null ? null : String(r.last_error), deadAt: String(r.dead_at) }));
  }

  recordAttempt(record: DeliveryRecord): void {
    this.db
      .prepare("INSERT INTO deliveries (event_id, attempt, status, error, at) VALUES (?, ?, ?, ?, ?)")
      .run(record.eventId, record.attempt, record.status, record.error, record.at);
  }

  attempts(): DeliveryRecord[] {
    return (this.db.prepare("SELECT * FROM deliveries ORDER BY id").all() as Row[]).map((r) => ({
      eventId: String(r.event_id),
      attempt: Number(r.attempt),
      status: r.status == null ? null : Number(r.status),
      error: r.error == null ? null : String(r.error),
      at: String(r.at),
    }));
  }
}

function toInstance(r: Row): InstanceRow {
  return {
    resourceId: String(r.resource_id),
    workspaceId: String(r.workspace_id),
    region: String(r.region),
    state: String(r.state),
    sequence: Number(r.sequence),
    adminKey: String(r.admin_key),
    adminUserId: String(r.admin_user_id),
    createdAt: String(r.created_at),
    updatedAt: String(r.updated_at),
  };
}

function toEvent(r: Row): EventRow {
  return {
    eventId: String(r.event_id),
    resourceId: String(r.resource_id),
    workspaceId: String(r.workspace_id),
    sequence: Number(r.sequence),
    state: String(r.state),
    occurredAt: String(r.occurred_at),
  };
}
