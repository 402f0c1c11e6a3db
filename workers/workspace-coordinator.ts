import { DurableObject } from "cloudflare:workers";
import { now } from "../domain/clock";
import { nextInfraAction, retryDelay, type InfraAction } from "../domain/lifecycle/lifecycle-decisions";
import {
  applyChange,
  decideIntent,
  decideObservation,
  type Change,
  type ChangeContext,
  type Intent,
  type LifecycleRecord,
  type Observation,
  type ProvisionExtras,
  visibleStateOf,
} from "../domain/lifecycle/lifecycle-record";
import type { SuspensionReason } from "../domain/lifecycle/states";
import { seal } from "../server/crypto/envelope";
import type { SealedSecret } from "../server/crypto/envelope";
import { InfraError, type InfraInstance } from "../server/infra/infra-client";
import type { InfraEvent } from "../server/infra/infra-event";
import type { Logger } from "../server/observability/logger";
import { newTraceId } from "../server/observability/trace";
import { loadLifecycleFromProjection, projectedGraceEndsAt, writeProjection } from "../server/repositories/workspace-lifecycle";
import type { DiagnosticEffect, EventOutcome, ReconcileResult } from "../server/bindings/coordinator";
import { createServices, type Services } from "../server/bindings/services";
import { workspaceEmailFor } from "../domain/email/workspace-emails";
import { queueEmailsByKey } from "../server/email/queue-emails";
import { LifecycleStore, type Work } from "./coordinator/lifecycle-store";

/**
 * One per workspace (named by its id): the only writer of that workspace's lifecycle
 * (principle 02), by construction (docs/decisions/0023):
 *
 * - The record lives in the object's own SQLite storage. Every change is read, decided (a
 *   pure function of domain/lifecycle/lifecycle-record.ts) and written synchronously, so
 *   no other call into this object can run in between — not even while another call waits
 *   on the infra service or on D1.
 * - D1 gets a projection of the record afterwards, carrying its version; D1 keeps the
 *   newest (an older projection never overwrites a newer one), and a failed projection is
 *   sent again from the alarm.
 * - Infra calls run from the alarm, so the request that caused one returns at once. What
 *   a call brings back is applied to the record as it is when the call returns; an intent
 *   that arrived meanwhile is kept and acted on next.
 * - Every call carries its own trace id; nothing reads one back from shared storage.
 */

/** A provision answer, its admin key already sealed (the plain key is not kept). */
interface Provisioned {
  instance: InfraInstance;
  sealed: SealedSecret;
  created: boolean;
}

const SYSTEM = "system";
const INFRA = "infra";
/**
 * After a successful call the infra service's events finish the change; this long after
 * it, if the change still hasn't shown up, the call is made again (it is idempotent).
 */
const FOLLOW_UP_MS = 30_000;
/** A call "in flight" for longer than this was cut off (the object restarted): forget it. */
const IN_FLIGHT_LIMIT_MS = 60_000;
/** How soon to look again while a call is in flight. */
const IN_FLIGHT_RECHECK_MS = 1_000;
/** How soon a projection D1 refused is sent again. */
const PROJECTION_RETRY_MS = 1_000;

export class WorkspaceCoordinator extends DurableObject<Env> {
  private readonly store: LifecycleStore;
  /** Database, infra client, keyring and logs; each call logs with its own trace id. */
  private readonly services: Services;
  /** The projection on its way to D1, if any (in memory: this object is single-threaded). */
  private projecting: Promise<boolean> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new LifecycleStore(ctx.storage.sql);
    this.store.migrate();
    this.services = createServices(env, { traceId: newTraceId(), log: { component: "coordinator" } });
  }

  // ── Intent ─────────────────────────────────────────────────────────────────

  /**
   * Starts setting up a new workspace (its intent was written with it). Returns as soon
   * as "setting up" is recorded; the server is requested from the alarm. Idempotent.
   */
  async start(input: { workspaceId: string; actor: string; traceId: string }): Promise<void> {
    const record = await this.recordFor(input.workspaceId);
    if (!record) throw new Error(`workspace ${input.workspaceId} has no intent recorded`);
    const log = this.logger(input.traceId, input.workspaceId);
    const started = this.ctx.storage.transactionSync(() => {
      const current = this.store.read()!;
      if (current.observed !== "pending") return false;
      const ctx = this.changeContext(input.actor, input.traceId);
      // Two entries: the workspace was created (by the person), and setting up began.
      const created = applyChange(current, { reason: "created", forceTimeline: true }, ctx);
      // The first entry of a timeline: nothing came before it.
      for (const entry of created.timeline) entry.previousState = null;
      const t = applyChange(created.record, { observed: "provisioning", reason: "setup_started" }, { ...ctx, actor: SYSTEM });
      this.store.write(t.record, [...created.timeline, ...t.timeline]);
      this.store.updateWork({ attempts: 0, traceId: input.traceId });
      return true;
    });
    if (!started) return;
    log.count("state_transitions", { workspaceId: input.workspaceId, from: "pending", to: "provisioning" });
    await this.project(log);
    await this.ctx.storage.setAlarm(Date.now());
  }

  /**
   * The grace of a pause has run out: delete the server (the row stays, as for any
   * deletion). Judged on this record, so a workspace resumed meanwhile stays.
   */
  async requestTermination(input: { workspaceId?: string; actor: string; traceId: string }): Promise<boolean> {
    return this.changeIntent(input, { kind: "terminate", at: now().getTime() });
  }

  /** Keep a paused workspace's data longer (so its final warning gives a day's notice). */
  async extendGrace(input: { workspaceId?: string; until: number; actor: string; traceId: string }): Promise<boolean> {
    return this.changeIntent(input, { kind: "extendGrace", until: input.until });
  }

  /** Pause (trial ended, payment failed, downgrade, plan ended). */
  async requestSuspend(input: { workspaceId?: string; reason: SuspensionReason; actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input, { kind: "suspend", reason: input.reason });
  }

  /** Run again; `swap`: the customer chose it to run instead of another (its grace date is kept). */
  async requestResume(input: { workspaceId?: string; actor: string; traceId: string; swap?: boolean }): Promise<void> {
    await this.changeIntent(input, { kind: "resume", swap: input.swap ?? false });
  }

  /** Delete: the server is destroyed; the row stays for history and its slug is freed. */
  async requestDelete(input: { workspaceId?: string; actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input, { kind: "delete" });
  }

  /** "Try again" after setting up failed. */
  async retrySetup(input: { workspaceId?: string; actor: string; traceId: string }): Promise<void> {
    await this.changeIntent(input, { kind: "retry" });
  }

  private async changeIntent(input: { workspaceId?: string; actor: string; traceId: string }, intent: Intent): Promise<boolean> {
    const record = await this.recordFor(input.workspaceId);
    if (!record) return false;
    const log = this.logger(input.traceId, record.workspaceId);
    const changed = this.ctx.storage.transactionSync(() => {
      const current = this.store.read()!;
      const change = decideIntent(current, intent);
      if (!change) return false;
      this.commit(current, change, this.changeContext(input.actor, input.traceId), log);
      // New intent: new work, attempted afresh and at once.
      this.store.updateWork({ attempts: 0, lastCall: null, traceId: input.traceId });
      return true;
    });
    if (!changed) return false;
    await this.project(log);
    await this.ctx.storage.setAlarm(Date.now());
    return true;
  }

  // ── Reality ────────────────────────────────────────────────────────────────

  /** Applies a state change reported by the infra service, if it is newer than the last one applied. */
  async applyInfraEvent(event: InfraEvent, traceId: string): Promise<EventOutcome> {
    const log = this.logger(traceId, event.workspaceId).child({ resourceId: event.resourceId, eventId: event.eventId });
    const record = await this.recordFor(event.workspaceId);
    if (!record) return "orphan";
    const outcome = this.ctx.storage.transactionSync((): EventOutcome => {
      const current = this.store.read()!;
      if (
        current.workspaceId !== event.workspaceId ||
        (current.infraResourceId && current.infraResourceId !== event.resourceId)
      ) {
        log.alert("coordinator.infra_event_mismatch", { recordResourceId: current.infraResourceId });
        return "mismatch";
      }
      // Decided here, inside the one writer: the same event through two consumers applies once.
      if (this.store.hasApplied(event.eventId)) return "duplicate";
      const result = this.observe(current, event, this.changeContext(INFRA, traceId), log);
      this.store.markApplied(event.eventId, event.sequence);
      return result;
    });
    if (outcome === "applied") {
      await this.project(log);
      await this.scheduleIfNeeded(traceId);
    }
    return outcome;
  }

  /** The reconciler's visit: ask the infra service for the truth and repair any drift. */
  async reconcile(input: { workspaceId: string; traceId: string }): Promise<ReconcileResult> {
    const log = this.logger(input.traceId, input.workspaceId);
    const record = await this.recordFor(input.workspaceId);
    if (!record || record.visible === "deleted") return "gone";
    if (record.observed === "pending") {
      // Created, but its coordinator never heard of it (the request failed right after).
      await this.start({ workspaceId: input.workspaceId, actor: SYSTEM, traceId: input.traceId });
      return "repairing";
    }
    const truth = await this.readTruth(record, log);
    // Applied to the record as it is now, not as it was before the call.
    const action = this.ctx.storage.transactionSync(() => {
      const current = this.store.read()!;
      const ctx = this.changeContext(INFRA, input.traceId);
      let next = current;
      if (
        truth &&
        truth.sequence > current.infraSequence &&
        (!current.infraResourceId || current.infraResourceId === truth.resourceId)
      ) {
        if (this.observe(current, truth, ctx, log) === "applied")
          log.info("reconcile.drift_repaired", { sequence: truth.sequence, state: truth.state });
        next = this.store.read()!;
      }
      next = this.commit(next, { fields: { lastReconciledAt: ctx.at } }, ctx, log);
      const work = this.store.readWork();
      const due = this.actionFor(next, work);
      if (due) this.store.updateWork({ attempts: 0, lastCall: null, traceId: input.traceId });
      return due;
    });
    await this.project(log);
    if (!action) return "converged";
    await this.ctx.storage.setAlarm(Date.now());
    return "repairing";
  }

  private async readTruth(record: LifecycleRecord, log: Logger): Promise<InfraInstance | null> {
    try {
      if (record.infraResourceId) {
        const truth = await this.services.infra().get(record.infraResourceId);
        if (!truth) log.alert("reconcile.instance_missing", { resourceId: record.infraResourceId });
        return truth;
      }
      return (await this.services.infra().list({ workspaceId: record.workspaceId, limit: 1 })).instances[0] ?? null;
    } catch (error) {
      log.warn("reconcile.infra_unreachable", { error });
      return null;
    }
  }

  // ── Work (alarm) ───────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    const record = await this.recordFor(undefined);
    if (!record) return;
    const work = this.store.readWork();
    const traceId = work.traceId ?? newTraceId();
    const log = this.logger(traceId, record.workspaceId);
    // A projection D1 refused earlier goes again first.
    await this.project(log);

    const started = Date.now();
    type Plan =
      { kind: "wait"; ms: number } | { kind: "call"; action: InfraAction; attempt: number; record: LifecycleRecord } | null;
    const plan = this.ctx.storage.transactionSync((): Plan => {
      const current = this.store.read()!;
      const w = this.store.readWork();
      // One infra call at a time; look again shortly.
      if (w.inFlight && started - w.inFlight.since < IN_FLIGHT_LIMIT_MS) return { kind: "wait", ms: IN_FLIGHT_RECHECK_MS };
      const action = nextInfraAction({
        desired: current.desired,
        observed: current.observed,
        hasInstance: current.hasCredentials,
      });
      if (!action) {
        this.store.updateWork({ attempts: 0, inFlight: null });
        return null;
      }
      if (w.lastCall?.action === action && started - w.lastCall.at < FOLLOW_UP_MS) {
        // Asked already; its events are on their way. Look again later.
        return { kind: "wait", ms: w.lastCall.at + FOLLOW_UP_MS - started };
      }
      const attempt = w.attempts + 1;
      this.store.updateWork({ attempts: attempt, inFlight: { action, since: started } });
      return { kind: "call", action, attempt, record: current };
    });
    if (!plan) return;
    if (plan.kind === "wait") {
      await this.ctx.storage.setAlarm(Date.now() + plan.ms);
      return;
    }

    const { action, attempt } = plan;
    log.info("coordinator.infra_call", { action, attempt });
    let provisioned: Provisioned | null = null;
    let failure: unknown = null;
    try {
      provisioned = await this.perform(action, plan.record);
    } catch (error) {
      failure = error;
    }

    // What the call brought is applied to the record as it is NOW: intents and events that
    // arrived during the call are in it.
    const delay = this.ctx.storage.transactionSync(() => {
      this.store.updateWork({ inFlight: null });
      const ctx = this.changeContext(INFRA, traceId);
      let wait = FOLLOW_UP_MS;
      if (failure !== null) {
        wait = this.recordFailure(this.store.read()!, action, attempt, failure, traceId, log);
      } else {
        if (provisioned) {
          const { instance, sealed, created } = provisioned;
          const extras: ProvisionExtras = { endpointUrl: instance.endpointUrl, credentials: true, adopted: !created };
          this.observe(
            this.store.read()!,
            { resourceId: instance.resourceId, sequence: instance.sequence, state: instance.state },
            ctx,
            log,
            extras,
          );
          this.store.setPendingCredentials({
            sealed,
            adminOpenberthUserId: instance.adminUserId,
            version: this.store.read()!.version,
          });
        }
        this.store.updateWork({ attempts: 0, lastCall: { action, at: Date.now() } });
      }
      const current = this.store.read()!;
      // Deleted while a server was being set up, and none came of it: gone now.
      if (visibleStateOf(current, null) !== current.visible) this.commit(current, { reason: "deleted" }, ctx, log);
      const after = this.store.read()!;
      // An intent that arrived during the call may want something else now.
      const due = nextInfraAction({ desired: after.desired, observed: after.observed, hasInstance: after.hasCredentials });
      return due && due !== action ? 0 : wait;
    });
    await this.project(log);
    await this.ctx.storage.setAlarm(Date.now() + delay);
  }

  /** The infra call itself. Provisioning is keyed by the workspace id, so repeating it is safe. */
  private async perform(action: InfraAction, record: LifecycleRecord): Promise<Provisioned | null> {
    const infra = this.services.infra();
    if (action === "provision") {
      const { instance, created } = await infra.provision(record.workspaceId, record.region);
      // Sealed at once: the plain key lives only in this call (principle 06).
      const { adminKey, ...rest } = instance;
      const sealed = await seal(adminKey, await this.services.keyring(), record.workspaceId);
      return { instance: rest, sealed, created };
    }
    const resourceId = record.infraResourceId;
    if (!resourceId) throw new Error(`no infra resource to ${action}`);
    if (action === "suspend") await infra.suspend(resourceId);
    else if (action === "resume") await infra.resume(resourceId);
    else await infra.destroy(resourceId);
    return null;
  }

  /** Synchronous: what a failed call means for the record; returns when to look again. */
  private recordFailure(
    current: LifecycleRecord,
    action: InfraAction,
    attempt: number,
    error: unknown,
    traceId: string,
    log: Logger,
  ): number {
    const retryable = !(error instanceof InfraError) || error.retryable;
    const delay = retryable ? retryDelay(attempt + 1) : null;
    const message = error instanceof Error ? error.message : String(error);
    const ctx = this.changeContext(SYSTEM, traceId);
    if (delay !== null) {
      const wait = Math.max(delay, error instanceof InfraError ? (error.retryAfterMs ?? 0) : 0);
      log.warn("coordinator.infra_call_retrying", { action, attempt, waitMs: wait, error: message });
      if (action === "provision" && attempt === 1)
        this.commit(current, { reason: "setup_retrying", fields: { lastError: message } }, ctx, log);
      return wait;
    }
    this.store.updateWork({ attempts: 0 });
    if (action === "provision") {
      log.error("coordinator.setup_failed", { attempts: attempt, error: message });
      this.commit(
        current,
        { observed: "failed", reason: "setup_failed", fields: { lastError: message, provisionAttempts: attempt } },
        ctx,
        log,
      );
      return FOLLOW_UP_MS;
    }
    // The server exists; the reconciler will try again on its next round.
    log.alert("coordinator.infra_call_gave_up", { action, attempts: attempt, error: message });
    this.commit(current, { fields: { lastError: message } }, ctx, log);
    return FOLLOW_UP_MS;
  }

  // ── Shared steps (all synchronous) ─────────────────────────────────────────

  /** Records an observation judged against the current record; returns what it did. */
  private observe(current: LifecycleRecord, observation: Observation, ctx: ChangeContext, log: Logger, extras?: ProvisionExtras) {
    const decision = decideObservation(current, observation, extras);
    if (decision.unknownState)
      log.alert("coordinator.unknown_infra_state", { raw: observation.state, sequence: observation.sequence });
    if (decision.outcome === "refused")
      log.alert("coordinator.infra_state_refused", {
        from: current.observed,
        to: decision.refusedTo,
        raw: observation.state,
        sequence: observation.sequence,
      });
    if (decision.change) this.commit(current, decision.change, ctx, log);
    return decision.outcome;
  }

  /** One change: the new record and its timeline entries, written together. */
  private commit(current: LifecycleRecord, change: Change, ctx: ChangeContext, log: Logger): LifecycleRecord {
    const t = applyChange(current, change, ctx);
    this.store.write(t.record, t.timeline);
    if (t.visibleChanged)
      log.count("state_transitions", { workspaceId: current.workspaceId, from: current.visible, to: t.record.visible });
    return t.record;
  }

  private changeContext(actor: string, traceId: string): ChangeContext {
    return { at: now().getTime(), actor, traceId, callInFlight: this.store.readWork().inFlight?.action ?? null };
  }

  private actionFor(record: LifecycleRecord, work: Work): InfraAction | null {
    const action = nextInfraAction({ desired: record.desired, observed: record.observed, hasInstance: record.hasCredentials });
    if (!action) return null;
    if (work.lastCall?.action === action && Date.now() - work.lastCall.at < FOLLOW_UP_MS) return null;
    return action;
  }

  /** After reality changed: if it now calls for a different request, make it at once. */
  private async scheduleIfNeeded(traceId: string): Promise<void> {
    const due = this.ctx.storage.transactionSync(() => {
      const action = this.actionFor(this.store.read()!, this.store.readWork());
      if (action) this.store.updateWork({ attempts: 0, traceId });
      return action;
    });
    if (due) await this.ctx.storage.setAlarm(Date.now());
  }

  // ── The record and its projection ──────────────────────────────────────────

  /**
   * The record; on a coordinator's first call it is imported from D1 before any change is
   * made. Two first calls may both read D1; the first to come back creates the record and
   * the other's copy is dropped (create is a no-op once a record exists), so every change
   * starts from the one record. (Not inside blockConcurrencyWhile: a failed D1 read there
   * would reset the object; here it is an ordinary error the caller retries.)
   */
  private async recordFor(workspaceId: string | undefined): Promise<LifecycleRecord | null> {
    const existing = this.store.read();
    if (existing && existing.graceEndsAt === undefined) {
      // A record from before grace was kept here: D1 holds its grace (migration 0002).
      const grace = existing.desired === "suspended" ? await projectedGraceEndsAt(this.services.db, existing.workspaceId) : null;
      this.ctx.storage.transactionSync(() => {
        const current = this.store.read()!;
        if (current.graceEndsAt === undefined) this.store.replace({ ...current, graceEndsAt: grace });
      });
      return this.store.read();
    }
    if (existing) return existing;
    // Coordinators from before this storage kept the workspace id under this key.
    const id = workspaceId ?? (await this.ctx.storage.get<string>("workspaceId"));
    if (!id) return null;
    const imported = await loadLifecycleFromProjection(this.services.db, id);
    if (!imported) return this.store.read();
    this.store.create(imported);
    return this.store.read();
  }

  /**
   * Makes sure D1 has the record as it is now. Projections are coalesced: while one is on
   * its way, later callers wait for it and then send one more carrying every change since,
   * so a burst of events costs a few D1 writes, not one each. A failure is retried from the
   * alarm.
   */
  private async project(log: Logger): Promise<void> {
    const target = this.store.read()?.version ?? 0;
    while (this.store.read() && this.store.projectedVersion() < target) {
      if (this.projecting) {
        await this.projecting;
        continue;
      }
      this.projecting = this.sendProjection(log).finally(() => (this.projecting = null));
      if (!(await this.projecting)) return;
    }
  }

  private async sendProjection(log: Logger): Promise<boolean> {
    const snapshot = this.ctx.storage.transactionSync(() => {
      const record = this.store.read();
      if (!record || record.version <= this.store.projectedVersion()) return null;
      return { record, timeline: this.store.pendingTimeline(), credentials: this.store.pendingCredentials() };
    });
    if (!snapshot) return true;
    try {
      const written = await writeProjection(this.services.db, { ...snapshot, at: now() });
      if (!written) {
        // The database no longer has this workspace (a local reset): nothing to keep.
        log.warn("coordinator.workspace_row_missing", {});
        this.store.clear();
        await this.ctx.storage.deleteAlarm();
        return false;
      }
      this.store.markProjected(snapshot.record.version);
      // Emails the new entries mean are in D1 now; send the due ones (the sweep catches the rest).
      const due = snapshot.timeline
        .map((entry) => workspaceEmailFor(snapshot.record.workspaceId, entry))
        .filter((email) => email !== null && email.sendAfter <= now().getTime());
      if (due.length > 0)
        await queueEmailsByKey(
          this.services,
          due.map((email) => email!.key),
        );
      return true;
    } catch (error) {
      log.warn("coordinator.projection_failed", { version: snapshot.record.version, error });
      const alarm = await this.ctx.storage.getAlarm();
      if (alarm === null || alarm > Date.now() + PROJECTION_RETRY_MS)
        await this.ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_MS);
      return false;
    }
  }

  /** Local reset only: forget everything, so a pending alarm cannot write into a fresh database. */
  async forget(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.store.migrate();
  }

  /** What the coordinator holds (tests and the bench compare it with D1). */
  async snapshot(): Promise<{ record: LifecycleRecord | null; projectedVersion: number; work: Work }> {
    return { record: this.store.read(), projectedVersion: this.store.projectedVersion(), work: this.store.readWork() };
  }

  private logger(traceId: string, workspaceId: string): Logger {
    return this.services.logger(traceId, { workspaceId });
  }

  // ── Diagnostics ────────────────────────────────────────────────────────────

  /** Records that a probe reached this coordinator (idempotent: redelivery is harmless). */
  async recordDiagnostic(probe: { probeId: string; traceId: string }): Promise<DiagnosticEffect> {
    const receivedAt = now().getTime();
    this.store.recordDiagnostic(probe.probeId, probe.traceId, receivedAt);
    this.services.logger(probe.traceId).info("coordinator.diagnostic_recorded", { probeId: probe.probeId });
    return { probeId: probe.probeId, traceId: probe.traceId, receivedAt };
  }

  async diagnosticEffects(): Promise<DiagnosticEffect[]> {
    return this.store.diagnostics();
  }
}
