import { DurableObject } from "cloudflare:workers";
import { now } from "../domain/clock";
import { decideInfraEvent, lifecycleStateFor, nextInfraAction, retryDelay, type InfraAction } from "../domain/lifecycle/lifecycle-decisions";
import type { LifecycleReason } from "../domain/lifecycle/lifecycle-reasons";
import type { DesiredState, SuspensionReason, WorkspaceState } from "../domain/lifecycle/states";
import { seal } from "../app/.server/crypto/envelope";
import { readMasterKeyring } from "../app/.server/crypto/master-keyring";
import { createDatabase, type Database } from "../app/.server/db";
import { createInfraClient, InfraError, type InfraInstance } from "../app/.server/infra/infra-client";
import { createLogger, type Logger } from "../app/.server/observability/logger";
import { newTraceId } from "../app/.server/observability/trace";
import type { InfraEvent } from "../app/.server/infra/infra-event";
import { loadLifecycle, writeLifecycle, type LifecycleRecord, type LifecycleWrite, type TimelineWrite } from "../app/.server/repositories/workspace-lifecycle";

/**
 * One per workspace (named by its id): the only writer of that workspace's lifecycle
 * (principle 02). Intent (desired state) and reality (the instance's observed state) are
 * kept apart (principle 01); the state people see is derived from both.
 *
 * Work that calls the infra service runs from the object's alarm, so the request that
 * caused it returns at once. A Durable Object is not serialized across an outgoing
 * fetch, so every write re-reads the record first, and every infra call is idempotent
 * (provisioning is keyed by the workspace id).
 */
export type EventOutcome = "applied" | "stale" | "refused" | "orphan";


export interface DiagnosticEffect {
  probeId: string;
  traceId: string;
  receivedAt: number;
}

const SYSTEM = "system";
const INFRA = "infra";
/**
 * After a successful call the infra service's events finish the change; this long after
 * it, if the change still hasn't shown up, the call is made again (it is idempotent).
 */
const FOLLOW_UP_MS = 30_000;

export class WorkspaceCoordinator extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS diagnostic_effects (
        probe_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, received_at INTEGER NOT NULL)`);
    });
  }

  // ── Intent ─────────────────────────────────────────────────────────────────

  /**
   * Starts setting up a new workspace (its intent was written with it). Returns as soon
   * as "setting up" is recorded; the server is requested from the alarm. Idempotent.
   */
  async start(input: { workspaceId: string; actor: string; traceId: string }): Promise<void> {
    await this.remember(input.workspaceId, input.traceId);
    const db = this.db();
    const record = await loadLifecycle(db, input.workspaceId);
    if (!record?.instance) throw new Error(`workspace ${input.workspaceId} has no intent recorded`);
    if (record.instance.workspaceState !== "pending") return;
    await writeLifecycle(db, input.workspaceId, {
      now: now(),
      instance: { workspaceState: "provisioning" },
      workspace: { lifecycleState: "provisioning" },
      timeline: [
        { state: "pending", previousState: null, reason: "created", actor: input.actor, traceId: input.traceId },
        { state: "provisioning", previousState: "pending", reason: "setup_started", actor: SYSTEM, traceId: input.traceId },
      ],
    });
    this.logger(input.traceId).count("state_transitions", { workspaceId: input.workspaceId, from: "pending", to: "provisioning" });
    await this.scheduleWork(0, { resetAttempts: true });
  }

  /** Pause (trial ended, payment failed, downgrade). */
  async requestSuspend(input: { reason: SuspensionReason; actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input.traceId, input.actor, "suspended", input.reason, "pause_requested");
  }

  async requestResume(input: { actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input.traceId, input.actor, "running", undefined, "resume_requested");
  }

  /** Delete: the server is destroyed; the row stays for history and its slug is freed. */
  async requestDelete(input: { actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input.traceId, input.actor, "deleted", undefined, "delete_requested");
  }

  /** "Try again" after setting up failed. */
  async retrySetup(input: { actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input.traceId, input.actor, "running", undefined, "setup_retry_requested", { retry: true });
  }

  // ── Reality ────────────────────────────────────────────────────────────────

  /** Applies a state change reported by the infra service, if it is newer than the last one applied. */
  async applyInfraEvent(event: InfraEvent, traceId: string): Promise<EventOutcome> {
    await this.remember(event.workspaceId, traceId);
    const log = this.logger(traceId).child({ workspaceId: event.workspaceId, resourceId: event.resourceId });
    const db = this.db();
    const record = await loadLifecycle(db, event.workspaceId);
    const instance = record?.instance;
    if (!record || !instance || (instance.infraResourceId && instance.infraResourceId !== event.resourceId)) return "orphan";

    const outcome = await this.applyObservation(db, record, { resourceId: event.resourceId, sequence: event.sequence, state: event.state }, log);
    if (outcome === "applied") await this.scheduleIfNeeded();
    return outcome;
  }

  /** The reconciler's visit: ask the infra service for the truth and repair any drift. */
  async reconcile(input: { workspaceId: string; traceId: string }): Promise<"converged" | "repairing" | "gone"> {
    await this.remember(input.workspaceId, input.traceId);
    const log = this.logger(input.traceId).child({ workspaceId: input.workspaceId });
    const db = this.db();
    const record = await loadLifecycle(db, input.workspaceId);
    if (!record?.instance || record.workspace.lifecycleState === "deleted") return "gone";
    if (record.instance.workspaceState === "pending") {
      // Created, but its coordinator never heard of it (the request failed right after).
      await this.start({ workspaceId: input.workspaceId, actor: SYSTEM, traceId: input.traceId });
      return "repairing";
    }
    const infra = this.infra();
    let truth: InfraInstance | null = null;
    try {
      if (record.instance.infraResourceId) {
        truth = await infra.get(record.instance.infraResourceId);
        if (!truth) {
          log.alert("reconcile.instance_missing", { resourceId: record.instance.infraResourceId });
        }
      } else {
        truth = (await infra.list({ workspaceId: input.workspaceId, limit: 1 })).instances[0] ?? null;
      }
    } catch (error) {
      log.warn("reconcile.infra_unreachable", { error });
    }
    if (truth && truth.sequence > record.instance.infraSequence) {
      await this.applyObservation(db, record, { resourceId: truth.resourceId, sequence: truth.sequence, state: truth.state }, log);
      log.info("reconcile.drift_repaired", { sequence: truth.sequence, state: truth.state });
    }
    await writeLifecycle(db, input.workspaceId, { now: now(), instance: { lastReconciledAt: now() } });
    const fresh = (await loadLifecycle(db, input.workspaceId))!;
    const action = fresh.instance ? this.actionFor(fresh) : null;
    if (action) {
      await this.scheduleWork(0, { resetAttempts: true, forgetLastCall: true });
      return "repairing";
    }
    return "converged";
  }

  // ── Work (alarm) ───────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    const workspaceId = await this.ctx.storage.get<string>("workspaceId");
    if (!workspaceId) return;
    const traceId = (await this.ctx.storage.get<string>("traceId")) ?? newTraceId();
    const log = this.logger(traceId).child({ workspaceId });
    const db = this.db();
    const record = await loadLifecycle(db, workspaceId);
    if (!record?.instance) return;
    const action = this.actionFor(record);
    if (!action) {
      await this.ctx.storage.delete("attempts");
      return;
    }
    const last = await this.ctx.storage.get<{ action: InfraAction; at: number }>("lastCall");
    if (last?.action === action && Date.now() - last.at < FOLLOW_UP_MS) {
      // Asked already; its events are on their way. Look again later.
      await this.ctx.storage.setAlarm(last.at + FOLLOW_UP_MS);
      return;
    }
    const attempt = ((await this.ctx.storage.get<number>("attempts")) ?? 0) + 1;
    await this.ctx.storage.put("attempts", attempt);
    try {
      await this.perform(action, record, log);
      await this.ctx.storage.delete("attempts");
      await this.ctx.storage.put("lastCall", { action, at: Date.now() });
      await this.ctx.storage.setAlarm(Date.now() + FOLLOW_UP_MS);
    } catch (error) {
      await this.handleFailure(action, attempt, error, record, log);
    }
  }

  private async perform(action: InfraAction, record: LifecycleRecord, log: Logger): Promise<void> {
    const infra = this.infra();
    const workspaceId = record.workspace.id;
    const resourceId = record.instance!.infraResourceId;
    log.info("coordinator.infra_call", { action });
    if (action === "provision") {
      const { instance, created } = await infra.provision(workspaceId, record.instance!.region);
      // Sealed at once: the plain key lives only in this call (principle 06).
      const sealed = await seal(instance.adminKey, await readMasterKeyring(this.env), workspaceId);
      const db = this.db();
      const fresh = (await loadLifecycle(db, workspaceId))!;
      await this.applyObservation(db, fresh, { resourceId: instance.resourceId, sequence: instance.sequence, state: instance.state }, log, {
        endpointUrl: instance.endpointUrl,
        credentials: { sealed, adminOpenberthUserId: instance.adminUserId },
        reason: created ? undefined : "adopted",
      });
      return;
    }
    if (!resourceId) throw new Error(`no infra resource to ${action}`);
    if (action === "suspend") await infra.suspend(resourceId);
    else if (action === "resume") await infra.resume(resourceId);
    else await infra.destroy(resourceId);
  }

  private async handleFailure(action: InfraAction, attempt: number, error: unknown, record: LifecycleRecord, log: Logger): Promise<void> {
    const retryable = !(error instanceof InfraError) || error.retryable;
    const delay = retryable ? retryDelay(attempt + 1) : null;
    const message = error instanceof Error ? error.message : String(error);
    if (delay !== null) {
      const wait = Math.max(delay, error instanceof InfraError ? (error.retryAfterMs ?? 0) : 0);
      log.warn("coordinator.infra_call_retrying", { action, attempt, waitMs: wait, error: message });
      if (action === "provision" && attempt === 1) {
        await this.commit(this.db(), record, { reason: "setup_retrying", actor: SYSTEM, instance: { lastError: message } });
      }
      await this.ctx.storage.setAlarm(Date.now() + wait);
      return;
    }
    await this.ctx.storage.delete("attempts");
    if (action === "provision") {
      log.error("coordinator.setup_failed", { attempts: attempt, error: message });
      await this.commit(this.db(), (await loadLifecycle(this.db(), record.workspace.id))!, {
        observed: "failed",
        reason: "setup_failed",
        actor: SYSTEM,
        instance: { lastError: message, provisionAttempts: attempt },
      });
    } else {
      // The server exists; the reconciler will try again on its next round.
      log.alert("coordinator.infra_call_gave_up", { action, attempts: attempt, error: message });
      await writeLifecycle(this.db(), record.workspace.id, { now: now(), instance: { lastError: message } });
    }
  }

  // ── Shared steps ───────────────────────────────────────────────────────────

  /**
   * Records an observed infra state (an event, a provision answer, the reconciler's read)
   * if its sequence is newer than the last applied for the resource.
   */
  private async applyObservation(
    db: Database,
    record: LifecycleRecord,
    observation: { resourceId: string; sequence: number; state: string },
    log: Logger,
    extra: { endpointUrl?: string; credentials?: LifecycleWrite["credentials"]; reason?: LifecycleReason } = {},
  ): Promise<EventOutcome> {
    const instance = record.instance!;
    const decision = decideInfraEvent({ observed: instance.workspaceState, lastSequence: instance.infraSequence }, { sequence: observation.sequence, rawState: observation.state });
    const base = {
      infraResourceId: observation.resourceId,
      ...(extra.endpointUrl && { endpointUrl: extra.endpointUrl, lastError: null }),
    };
    if (decision.outcome === "stale") {
      // Still keep what a provision answer brought (address, key), even if its state is old news.
      if (extra.credentials) await this.commit(db, record, { reason: extra.reason, actor: INFRA, instance: base, credentials: extra.credentials });
      return "stale";
    }
    const instancePatch = { ...base, infraState: observation.state, infraSequence: observation.sequence };
    if (decision.outcome === "refused") {
      log.alert("coordinator.infra_state_refused", { from: instance.workspaceState, to: decision.state, raw: observation.state, sequence: observation.sequence });
      await this.commit(db, record, { actor: INFRA, instance: instancePatch, credentials: extra.credentials });
      return "refused";
    }
    if (!decision.known) log.alert("coordinator.unknown_infra_state", { raw: observation.state, sequence: observation.sequence });
    // A pause shows why it happened (trial ended…), not just that it did.
    const reason = decision.state === "suspended" && record.workspace.suspensionReason ? record.workspace.suspensionReason : decision.reason;
    await this.commit(db, record, {
      observed: decision.state,
      reason: extra.reason ?? reason,
      actor: INFRA,
      instance: { ...instancePatch, workspaceState: decision.state },
      credentials: extra.credentials,
    });
    return "applied";
  }

  /**
   * One lifecycle write: the instance mirror, the visible state derived from intent and
   * reality, and a timeline entry when the visible state changes (or a reason is given).
   */
  private async commit(
    db: Database,
    record: LifecycleRecord,
    change: {
      observed?: WorkspaceState;
      desired?: DesiredState;
      reason?: LifecycleReason;
      actor: string;
      instance?: LifecycleWrite["instance"];
      credentials?: LifecycleWrite["credentials"];
      suspensionReason?: SuspensionReason | null;
      forceTimeline?: boolean;
    },
  ): Promise<void> {
    const instance = record.instance!;
    const desired = change.desired ?? instance.desiredState;
    const observed = change.observed ?? instance.workspaceState;
    const hasInstance = record.hasCredentials || change.credentials !== undefined;
    const previous = record.workspace.lifecycleState;
    const next = lifecycleStateFor({ desired, observed, hasInstance });
    const at = now();
    const suspensionReason =
      change.suspensionReason !== undefined ? change.suspensionReason : next === "suspended" || desired === "suspended" ? record.workspace.suspensionReason : null;
    const traceId = (await this.ctx.storage.get<string>("traceId")) ?? newTraceId();
    const timeline: TimelineWrite[] = [];
    if (next !== previous || change.forceTimeline) {
      timeline.push({
        state: next,
        previousState: previous,
        reason: change.reason ?? (next === "ready" ? "ready" : "lost_track"),
        actor: change.actor,
        traceId,
      });
    }
    await writeLifecycle(db, record.workspace.id, {
      now: at,
      instance: { ...change.instance, ...(change.observed && { workspaceState: change.observed }), ...(change.desired && { desiredState: change.desired }) },
      workspace: {
        lifecycleState: next,
        suspensionReason,
        ...(next === "deleted" && !record.workspace.deletedAt && { deletedAt: at }),
      },
      credentials: change.credentials,
      timeline,
    });
    if (next !== previous) this.logger(traceId).count("state_transitions", { workspaceId: record.workspace.id, from: previous, to: next });
  }

  private async changeIntent(
    traceId: string,
    actor: string,
    desired: DesiredState,
    suspensionReason: SuspensionReason | undefined,
    reason: LifecycleReason,
    options: { retry?: boolean } = {},
  ): Promise<void> {
    const workspaceId = await this.ctx.storage.get<string>("workspaceId");
    if (!workspaceId) throw new Error("coordinator has no workspace yet");
    await this.ctx.storage.put("traceId", traceId);
    const db = this.db();
    const record = await loadLifecycle(db, workspaceId);
    if (!record?.instance || record.workspace.lifecycleState === "deleted") return;
    const instance = record.instance;
    if (instance.desiredState === desired && !options.retry && (desired !== "suspended" || record.workspace.suspensionReason === suspensionReason)) return;
    await this.commit(db, record, {
      desired,
      // A retry starts setting up afresh: the failure is forgotten.
      ...(options.retry && instance.workspaceState === "failed" && !record.hasCredentials && { observed: "provisioning" as const }),
      reason: desired === "suspended" && suspensionReason ? suspensionReason : reason,
      actor,
      suspensionReason: desired === "suspended" ? (suspensionReason ?? null) : desired === "running" ? null : undefined,
      forceTimeline: true,
      instance: options.retry ? { lastError: null, provisionAttempts: 0 } : {},
    });
    await this.scheduleWork(0, { resetAttempts: true, forgetLastCall: true });
  }

  private actionFor(record: LifecycleRecord): InfraAction | null {
    const instance = record.instance!;
    return nextInfraAction({ desired: instance.desiredState, observed: instance.workspaceState, hasInstance: record.hasCredentials });
  }

  /** After reality changed: if it now calls for a different request, make it at once. */
  private async scheduleIfNeeded(): Promise<void> {
    const workspaceId = await this.ctx.storage.get<string>("workspaceId");
    if (!workspaceId) return;
    const record = await loadLifecycle(this.db(), workspaceId);
    const action = record?.instance ? this.actionFor(record) : null;
    if (!action) return;
    const last = await this.ctx.storage.get<{ action: InfraAction; at: number }>("lastCall");
    if (last?.action === action && Date.now() - last.at < FOLLOW_UP_MS) return;
    await this.scheduleWork(0, { resetAttempts: true });
  }

  private async scheduleWork(delayMs: number, options: { resetAttempts?: boolean; forgetLastCall?: boolean } = {}): Promise<void> {
    if (options.resetAttempts) await this.ctx.storage.delete("attempts");
    if (options.forgetLastCall) await this.ctx.storage.delete("lastCall");
    await this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  private async remember(workspaceId: string, traceId: string): Promise<void> {
    await this.ctx.storage.put({ workspaceId, traceId });
  }

  private db(): Database {
    return createDatabase(this.env.DB);
  }

  private infra() {
    return createInfraClient({ baseUrl: this.env.INFRA_API_URL, token: this.env.INFRA_API_TOKEN });
  }

  private logger(traceId: string): Logger {
    return createLogger(traceId, { level: this.env.LOG_LEVEL, base: { component: "coordinator" } });
  }

  // ── Diagnostics ────────────────────────────────────────────────────────────

  /** Records that a probe reached this coordinator (idempotent: redelivery is harmless). */
  async recordDiagnostic(probe: { probeId: string; traceId: string }): Promise<DiagnosticEffect> {
    const log = this.logger(probe.traceId);
    const receivedAt = now().getTime();
    this.sql.exec(
      "INSERT INTO diagnostic_effects (probe_id, trace_id, received_at) VALUES (?, ?, ?) ON CONFLICT(probe_id) DO NOTHING",
      probe.probeId,
      probe.traceId,
      receivedAt,
    );
    log.info("coordinator.diagnostic_recorded", { probeId: probe.probeId });
    return { probeId: probe.probeId, traceId: probe.traceId, receivedAt };
  }

  async diagnosticEffects(): Promise<DiagnosticEffect[]> {
    return this.sql
      .exec<{ probe_id: string; trace_id: string; received_at: number }>("SELECT probe_id, trace_id, received_at FROM diagnostic_effects ORDER BY received_at")
      .toArray()
      .map((r) => ({ probeId: r.probe_id, traceId: r.trace_id, receivedAt: r.received_at }));
  }
}

export function coordinatorFor(env: Env, workspaceId: string): DurableObjectStub<WorkspaceCoordinator> {
  return env.WORKSPACE_COORDINATOR.get(env.WORKSPACE_COORDINATOR.idFromName(workspaceId));
}
