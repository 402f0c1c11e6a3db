/**
 * The coordinator's own storage (its SQLite database, `ctx.storage.sql`): the workspace's
 * lifecycle record — the one source of truth —, the timeline entries and sealed
 * credentials D1 has not confirmed yet, the infra event ids already applied, and the
 * state of the work in progress. Every call is synchronous: a read, a decision and a write
 * made without an `await` in between cannot be interleaved with another call (input and
 * output gates cover them), which is what makes the coordinator the one writer.
 */
import type { InfraAction } from "../../domain/lifecycle/lifecycle-decisions";
import type { LifecycleRecord, TimelineDraft } from "../../domain/lifecycle/lifecycle-record";
import type { SealedSecret } from "../../server/crypto/envelope";
import { ulid } from "../../server/ids";
import type { TimelineRow } from "../../server/repositories/workspace-lifecycle";

export interface Work {
  /** Attempts at the current infra action (reset when it succeeds or intent changes). */
  attempts: number;
  /** The last successful infra call: its events should follow; repeated only after a while. */
  lastCall: { action: InfraAction; at: number } | null;
  /** The infra call being made right now, if any. */
  inFlight: { action: InfraAction; since: number } | null;
  /** The trace of the call that asked for the work, for the alarm's log lines. */
  traceId: string | null;
}

export interface PendingCredentials {
  sealed: SealedSecret;
  adminOpenberthUserId: string;
  version: number;
}

const NO_WORK: Work = { attempts: 0, lastCall: null, inFlight: null, traceId: null };
/** Applied event ids are kept this many at most: older ids are stale by sequence anyway. */
const APPLIED_EVENTS_KEPT = 200;

export class LifecycleStore {
  constructor(private readonly sql: SqlStorage) {}

  migrate(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS lifecycle (
      id INTEGER PRIMARY KEY CHECK (id = 1), record TEXT NOT NULL, version INTEGER NOT NULL, projected_version INTEGER NOT NULL)`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS timeline_outbox (id TEXT PRIMARY KEY, version INTEGER NOT NULL, entry TEXT NOT NULL)`,
    );
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS pending_credentials (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL, value TEXT NOT NULL)`,
    );
    this.sql.exec(`CREATE TABLE IF NOT EXISTS applied_events (event_id TEXT PRIMARY KEY, sequence INTEGER NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS work (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS diagnostic_effects (
      probe_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, received_at INTEGER NOT NULL)`);
  }

  // ── The record ─────────────────────────────────────────────────────────────

  read(): LifecycleRecord | null {
    const row = this.sql.exec<{ record: string }>("SELECT record FROM lifecycle WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.record) as LifecycleRecord) : null;
  }

  /** The first record (imported from D1, already projected up to its version). */
  create(record: LifecycleRecord): void {
    this.sql.exec(
      "INSERT INTO lifecycle (id, record, version, projected_version) VALUES (1, ?, ?, ?) ON CONFLICT(id) DO NOTHING",
      JSON.stringify(record),
      record.version,
      record.version,
    );
  }

  /** Rewrites the record as it is (filling in a field older records lack), version unchanged. */
  replace(record: LifecycleRecord): void {
    this.sql.exec("UPDATE lifecycle SET record = ? WHERE id = 1", JSON.stringify(record));
  }

  write(record: LifecycleRecord, timeline: TimelineDraft[]): void {
    this.sql.exec("UPDATE lifecycle SET record = ?, version = ? WHERE id = 1", JSON.stringify(record), record.version);
    for (const draft of timeline) {
      this.sql.exec(
        "INSERT INTO timeline_outbox (id, version, entry) VALUES (?, ?, ?)",
        ulid(draft.at),
        record.version,
        JSON.stringify(draft),
      );
    }
  }

  // ── What D1 has not confirmed yet ─────────────────────────────────────────

  projectedVersion(): number {
    return this.sql.exec<{ v: number }>("SELECT projected_version AS v FROM lifecycle WHERE id = 1").toArray()[0]?.v ?? 0;
  }

  pendingTimeline(): TimelineRow[] {
    return this.sql
      .exec<{ id: string; entry: string }>("SELECT id, entry FROM timeline_outbox ORDER BY id")
      .toArray()
      .map((r) => ({ id: r.id, ...(JSON.parse(r.entry) as TimelineDraft) }));
  }

  setPendingCredentials(credentials: PendingCredentials): void {
    this.sql.exec(
      "INSERT INTO pending_credentials (id, version, value) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, value = excluded.value",
      credentials.version,
      JSON.stringify(encodeCredentials(credentials)),
    );
  }

  pendingCredentials(): PendingCredentials | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM pending_credentials WHERE id = 1").toArray()[0];
    return row ? decodeCredentials(JSON.parse(row.value)) : null;
  }

  /** D1 now holds everything up to `version`: forget what it confirmed. */
  markProjected(version: number): void {
    this.sql.exec("UPDATE lifecycle SET projected_version = max(projected_version, ?) WHERE id = 1", version);
    this.sql.exec("DELETE FROM timeline_outbox WHERE version <= ?", version);
    this.sql.exec("DELETE FROM pending_credentials WHERE version <= ?", version);
  }

  // ── Infra events ───────────────────────────────────────────────────────────

  hasApplied(eventId: string): boolean {
    return this.sql.exec("SELECT 1 FROM applied_events WHERE event_id = ?", eventId).toArray().length > 0;
  }

  markApplied(eventId: string, sequence: number): void {
    this.sql.exec(
      "INSERT INTO applied_events (event_id, sequence) VALUES (?, ?) ON CONFLICT(event_id) DO NOTHING",
      eventId,
      sequence,
    );
    this.sql.exec(
      `DELETE FROM applied_events WHERE event_id NOT IN (SELECT event_id FROM applied_events ORDER BY sequence DESC, event_id DESC LIMIT ${APPLIED_EVENTS_KEPT})`,
    );
  }

  // ── Work in progress ───────────────────────────────────────────────────────

  readWork(): Work {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM work WHERE id = 1").toArray()[0];
    return row ? { ...NO_WORK, ...(JSON.parse(row.value) as Partial<Work>) } : { ...NO_WORK };
  }

  updateWork(patch: Partial<Work>): Work {
    const next = { ...this.readWork(), ...patch };
    this.sql.exec(
      "INSERT INTO work (id, value) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET value = excluded.value",
      JSON.stringify(next),
    );
    return next;
  }

  // ── Diagnostics and reset ──────────────────────────────────────────────────

  recordDiagnostic(probeId: string, traceId: string, receivedAt: number): void {
    this.sql.exec(
      "INSERT INTO diagnostic_effects (probe_id, trace_id, received_at) VALUES (?, ?, ?) ON CONFLICT(probe_id) DO NOTHING",
      probeId,
      traceId,
      receivedAt,
    );
  }

  diagnostics(): { probeId: string; traceId: string; receivedAt: number }[] {
    return this.sql
      .exec<{ probe_id: string; trace_id: string; received_at: number }>(
        "SELECT probe_id, trace_id, received_at FROM diagnostic_effects ORDER BY received_at",
      )
      .toArray()
      .map((r) => ({ probeId: r.probe_id, traceId: r.trace_id, receivedAt: r.received_at }));
  }

  /** Empties every table (the tables stay: this object keeps running). */
  clear(): void {
    for (const table of ["lifecycle", "timeline_outbox", "pending_credentials", "applied_events", "work", "diagnostic_effects"]) {
      this.sql.exec(`DELETE FROM ${table}`);
    }
  }
}

// Sealed bytes travel as base64 inside the JSON value.
function encodeCredentials(c: PendingCredentials) {
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
  const { sealed } = c;
  return {
    version: c.version,
    adminOpenberthUserId: c.adminOpenberthUserId,
    keyVersion: sealed.keyVersion,
    ciphertext: b64(sealed.ciphertext),
    nonce: b64(sealed.nonce),
    wrappedDataKey: b64(sealed.wrappedDataKey),
    wrappedDataKeyNonce: b64(sealed.wrappedDataKeyNonce),
  };
}

function decodeCredentials(v: ReturnType<typeof encodeCredentials>): PendingCredentials {
  const bytes = (s: string) => Uint8Array.from(atob(s), (ch) => ch.charCodeAt(0));
  return {
    version: v.version,
    adminOpenberthUserId: v.adminOpenberthUserId,
    sealed: {
      keyVersion: v.keyVersion,
      ciphertext: bytes(v.ciphertext),
      nonce: bytes(v.nonce),
      wrappedDataKey: bytes(v.wrappedDataKey),
      wrappedDataKeyNonce: bytes(v.wrappedDataKeyNonce),
    },
  };
}
