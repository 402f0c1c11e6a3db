/**
 * What D1 holds, read for assertions (and the few rows tests must rig), so test files
 * carry no SQL of their own. A workspace's lifecycle row is lifecycleOf (infra-world.ts).
 */
import { env } from "cloudflare:workers";

export async function accountIdOf(email: string): Promise<string> {
  const row = await env.DB.prepare("SELECT id FROM accounts WHERE email = ?").bind(email).first<{ id: string }>();
  if (!row) throw new Error(`no account ${email}`);
  return row.id;
}

export interface TimelineEntry {
  state: string;
  previous_state: string | null;
  reason: string;
  trace_id: string | null;
}

/** A workspace's timeline, oldest first. */
export async function timelineOf(workspaceId: string): Promise<TimelineEntry[]> {
  const rows = await env.DB.prepare(
    "SELECT state, previous_state, reason, trace_id FROM workspace_events WHERE workspace_id = ? ORDER BY created_at, id",
  )
    .bind(workspaceId)
    .all<TimelineEntry>();
  return rows.results;
}

/** The reasons on a workspace's timeline, oldest first. */
export async function reasonsOf(workspaceId: string): Promise<string[]> {
  return (await timelineOf(workspaceId)).map((e) => e.reason);
}

export interface InfraEventRow {
  event_id: string;
  workspace_id: string;
  infra_resource_id: string | null;
  sequence: number;
  infra_state: string;
  occurred_at: number;
  received_at: number;
  processed_at: number | null;
  outcome: string | null;
}

/** One infra event as the webhook recorded it (and the consumer judged it), or null. */
export async function infraEventOf(eventId: string): Promise<InfraEventRow | null> {
  return env.DB.prepare("SELECT * FROM infra_events WHERE event_id = ?").bind(eventId).first<InfraEventRow>();
}

/** Every infra event recorded, or those of one workspace, in the order received. */
export async function infraEventsOf(workspaceId?: string): Promise<InfraEventRow[]> {
  const rows = await (
    workspaceId
      ? env.DB.prepare("SELECT * FROM infra_events WHERE workspace_id = ? ORDER BY rowid").bind(workspaceId)
      : env.DB.prepare("SELECT * FROM infra_events ORDER BY rowid")
  ).all<InfraEventRow>();
  return rows.results;
}

/** An event received but never applied, as a lost queue message leaves it. */
export async function recordUnappliedEvent(event: {
  eventId: string;
  workspaceId: string;
  resourceId: string;
  sequence: number;
  state: string;
  receivedAt: number;
}): Promise<void> {
  await env.DB.prepare(
    "INSERT INTO infra_events (event_id, workspace_id, infra_resource_id, sequence, infra_state, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(event.eventId, event.workspaceId, event.resourceId, event.sequence, event.state, Date.now(), event.receivedAt)
    .run();
}

/** The workspace's sealed credentials row, or null. */
export async function credentialsOf(workspaceId: string): Promise<Record<string, unknown> | null> {
  return env.DB.prepare("SELECT * FROM workspace_credentials WHERE workspace_id = ?")
    .bind(workspaceId)
    .first<Record<string, unknown>>();
}

/** How many credential rows the workspace has (never more than one). */
export async function credentialCount(workspaceId: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM workspace_credentials WHERE workspace_id = ?")
    .bind(workspaceId)
    .first<number>("n"))!;
}

/** How many workspaces' data keys are wrapped under a master key older than `version`. */
export async function credentialsBelowVersion(version: number): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM workspace_credentials WHERE key_version < ?")
    .bind(version)
    .first<number>("n"))!;
}

/** Workspaces an account created (deleted ones included). */
export async function workspacesCreatedBy(accountId: string): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM workspaces WHERE created_by_account_id = ?")
    .bind(accountId)
    .first<number>("n"))!;
}

/** The newest run of a cron job, its detail parsed. */
export async function lastCronRun(job: string): Promise<{ outcome: string; detail: Record<string, unknown> }> {
  const row = await env.DB.prepare("SELECT outcome, detail FROM cron_runs WHERE job = ? ORDER BY rowid DESC LIMIT 1")
    .bind(job)
    .first<{ outcome: string; detail: string }>();
  if (!row) throw new Error(`no run of ${job}`);
  return { outcome: row.outcome, detail: JSON.parse(row.detail) as Record<string, unknown> };
}

export interface DeadLetterRow {
  message_id: string;
  queue: string;
  body: string;
  attempts: number;
  trace_id: string | null;
  received_at: number;
}

/** A message the dead-letter consumer recorded, or null. */
export async function deadLetterOf(messageId: string): Promise<DeadLetterRow | null> {
  return env.DB.prepare("SELECT * FROM dead_letters WHERE message_id = ?").bind(messageId).first<DeadLetterRow>();
}

/** Makes every workspace due for the reconciler's next pass. */
export async function makeEveryWorkspaceDue(): Promise<void> {
  await env.DB.prepare("UPDATE workspace_instances SET last_reconciled_at = NULL").run();
}

/**
 * Writes a workspace's visible state straight into D1, behind its coordinator's back: for
 * page tests that need a state without the wait (the coordinator's next write replaces it).
 */
export async function pretendLifecycleState(
  workspaceId: string,
  to: { state: string; suspensionReason: string | null },
): Promise<void> {
  await env.DB.prepare("UPDATE workspaces SET lifecycle_state = ?, pause_reason = ? WHERE id = ?")
    .bind(to.state, to.suspensionReason, workspaceId)
    .run();
}
