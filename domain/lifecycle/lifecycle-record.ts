// A workspace's lifecycle record as its coordinator holds it (the one source of truth,
// docs/decisions/0023), and every change to it as a pure function: the coordinator reads
// the record, asks one of these what to do, and writes the answer — all synchronously, so
// no other call can slip in between (principle 02).

import type { Region } from "../regions";
import type { LifecycleReason } from "./lifecycle-reasons";
import { decideInfraEvent, lifecycleStateFor, type InfraAction } from "./lifecycle-decisions";
import type { DesiredState, SuspensionReason, WorkspaceState } from "./states";
import { graceAfter, graceOver } from "../billing/grace";

export interface LifecycleRecord {
  workspaceId: string;
  /** Grows by one with every change; the D1 projection carries it (newer wins). */
  version: number;
  region: Region;
  /** Intent. */
  desired: DesiredState;
  /** Reality, as last reported by the infra service. */
  observed: WorkspaceState;
  /** What people see, derived from both (lifecycleStateFor). */
  visible: WorkspaceState;
  suspensionReason: SuspensionReason | null;
  /**
   * When a paused workspace's data will be deleted: 14 days after the first pause of an
   * episode (domain/billing/grace.ts); null while it runs.
   */
  graceEndsAt: number | null;
  infraResourceId: string | null;
  infraState: string | null;
  /** Highest per-resource event sequence applied; older observations are ignored. */
  infraSequence: number;
  endpointUrl: string | null;
  /** We hold the server's address and sealed admin key. */
  hasCredentials: boolean;
  provisionAttempts: number;
  lastError: string | null;
  lastReconciledAt: number | null;
  deletedAt: number | null;
  /** The newest timeline entry's time: entries of one workspace never share a millisecond. */
  lastTimelineAt: number;
}

export interface TimelineDraft {
  state: WorkspaceState;
  previousState: WorkspaceState | null;
  reason: LifecycleReason;
  actor: string;
  traceId: string;
  at: number;
}

/** Who and when, passed with every change — never read back from shared storage. */
export interface ChangeContext {
  at: number;
  actor: string;
  traceId: string;
  /** The infra call the coordinator is waiting on, if any (a server may be appearing). */
  callInFlight: InfraAction | null;
}

export interface Change {
  observed?: WorkspaceState;
  desired?: DesiredState;
  reason?: LifecycleReason;
  suspensionReason?: SuspensionReason | null;
  /** Record an intent on the timeline even when the visible state stays. */
  forceTimeline?: boolean;
  /** Resumed by a swap: the pause's grace date is kept for when it pauses again. */
  swap?: boolean;
  /** A later grace end (the final deletion warning must give a day's notice). */
  graceEndsAt?: number;
  fields?: Partial<
    Pick<
      LifecycleRecord,
      | "infraResourceId"
      | "infraState"
      | "infraSequence"
      | "endpointUrl"
      | "hasCredentials"
      | "provisionAttempts"
      | "lastError"
      | "lastReconciledAt"
    >
  >;
}

export interface Transition {
  record: LifecycleRecord;
  timeline: TimelineDraft[];
  /** The visible state moved (a metric is counted). */
  visibleChanged: boolean;
}

/** The visible state for a record, given what is in flight. Deleted never comes back. */
export function visibleStateOf(
  record: Pick<LifecycleRecord, "desired" | "observed" | "hasCredentials" | "visible">,
  callInFlight: InfraAction | null,
): WorkspaceState {
  if (record.visible === "deleted") return "deleted";
  const state = lifecycleStateFor({ desired: record.desired, observed: record.observed, hasInstance: record.hasCredentials });
  // Asked to delete while a server is being set up: it may exist in a moment, so not gone yet.
  if (state === "deleted" && record.observed !== "deleted" && callInFlight === "provision") return "deprovisioning";
  return state;
}

/** Applies one change: the new record (version + 1) and the timeline entries it calls for. */
export function applyChange(record: LifecycleRecord, change: Change, ctx: ChangeContext): Transition {
  const next: LifecycleRecord = {
    ...record,
    ...change.fields,
    ...(change.observed && { observed: change.observed }),
    ...(change.desired && { desired: change.desired }),
    version: record.version + 1,
  };
  next.visible = visibleStateOf(next, ctx.callInFlight);
  next.suspensionReason =
    change.suspensionReason !== undefined
      ? change.suspensionReason
      : next.visible === "suspended" || next.desired === "suspended"
        ? record.suspensionReason
        : null;
  if (next.visible === "deleted" && next.deletedAt === null) next.deletedAt = ctx.at;
  next.graceEndsAt =
    change.graceEndsAt ??
    graceAfter({ desired: record.desired, graceEndsAt: record.graceEndsAt ?? null }, next, ctx.at, change.swap);

  const timeline: TimelineDraft[] = [];
  const visibleChanged = next.visible !== record.visible;
  if (visibleChanged || change.forceTimeline) {
    const at = Math.max(ctx.at, record.lastTimelineAt + 1);
    timeline.push({
      state: next.visible,
      previousState: record.visible,
      reason: change.reason ?? (next.visible === "ready" ? "ready" : "lost_track"),
      actor: ctx.actor,
      traceId: ctx.traceId,
      at,
    });
    next.lastTimelineAt = at;
  }
  return { record: next, timeline, visibleChanged };
}

// ── Intents ──────────────────────────────────────────────────────────────────

export type Intent =
  | { kind: "suspend"; reason: SuspensionReason }
  | { kind: "resume"; swap?: boolean }
  | { kind: "delete" }
  | { kind: "retry" }
  /** The grace of a pause ran out: delete, if it is still paused and its grace really is over. */
  | { kind: "terminate"; at: number }
  /** Keep a paused workspace's data until at least `until` (never earlier than its date). */
  | { kind: "extendGrace"; until: number };

/**
 * The change an intent makes, or null when it changes nothing. Once deletion is asked
 * for, no other intent is taken: a deleted workspace never comes back.
 */
export function decideIntent(record: LifecycleRecord, intent: Intent): Change | null {
  if (record.desired === "deleted" || record.visible === "deleted") return null;
  switch (intent.kind) {
    case "delete":
      return { desired: "deleted", reason: "delete_requested", forceTimeline: true };
    case "terminate":
      // Judged on the record, the one truth: a workspace resumed meanwhile is not deleted.
      if (record.desired !== "suspended" || !graceOver(record.graceEndsAt, intent.at)) return null;
      return { desired: "deleted", reason: "grace_ended", forceTimeline: true };
    case "extendGrace":
      if (record.desired !== "suspended" || record.graceEndsAt === null || intent.until <= record.graceEndsAt) return null;
      return { graceEndsAt: intent.until };
    case "suspend":
      if (record.desired === "suspended" && record.suspensionReason === intent.reason) return null;
      return { desired: "suspended", suspensionReason: intent.reason, reason: intent.reason, forceTimeline: true };
    case "resume":
      if (record.desired === "running") return null;
      return {
        desired: "running",
        suspensionReason: null,
        reason: "resume_requested",
        forceTimeline: true,
        swap: intent.swap ?? false,
      };
    case "retry":
      return {
        desired: "running",
        suspensionReason: null,
        reason: "setup_retry_requested",
        forceTimeline: true,
        // A retry starts setting up afresh: the failure is forgotten.
        ...((record.observed === "failed" || record.observed === "deleted") &&
          !record.hasCredentials && { observed: "provisioning" as const }),
        fields: { lastError: null, provisionAttempts: 0 },
      };
  }
}

// ── Observations ─────────────────────────────────────────────────────────────

export type ObservationOutcome = "applied" | "stale" | "refused";

export interface Observation {
  resourceId: string;
  sequence: number;
  state: string;
}

/** What a provision answer brings besides its state. */
export interface ProvisionExtras {
  endpointUrl: string;
  /** Sealed credentials arrive with it. */
  credentials: true;
  adopted: boolean;
}

export interface ObservationDecision {
  outcome: ObservationOutcome;
  change: Change | null;
  /** The infra state maps to nothing we know (alert). */
  unknownState?: boolean;
  /** The refused move, for the alert. */
  refusedTo?: WorkspaceState;
}

/**
 * An observed infra state (an event, a provision answer, the reconciler's read), judged
 * against the record: older or equal sequences are stale; a move the state machine does
 * not allow is refused and its sequence NOT recorded (so the event that should have come
 * first still applies); anything else is applied.
 */
export function decideObservation(
  record: LifecycleRecord,
  observation: Observation,
  extras?: ProvisionExtras,
): ObservationDecision {
  const decision = decideInfraEvent(
    { observed: record.observed, lastSequence: record.infraSequence },
    { sequence: observation.sequence, rawState: observation.state },
  );
  const base = {
    infraResourceId: observation.resourceId,
    ...(extras && { endpointUrl: extras.endpointUrl, lastError: null, hasCredentials: true }),
  };
  if (decision.outcome === "stale") {
    // Still keep what a provision answer brought (address, key), even if its state is old news.
    return { outcome: "stale", change: extras ? { fields: base, ...(extras.adopted && { reason: "adopted" as const }) } : null };
  }
  if (decision.outcome === "refused") {
    return {
      outcome: "refused",
      change: extras ? { fields: base } : null,
      refusedTo: decision.state,
      unknownState: !decision.known,
    };
  }
  // A pause shows why it happened (trial ended…), not just that it did.
  const reason: LifecycleReason = extras?.adopted
    ? "adopted"
    : decision.state === "suspended" && record.suspensionReason
      ? record.suspensionReason
      : decision.reason;
  return {
    outcome: "applied",
    unknownState: !decision.known,
    change: {
      observed: decision.state,
      reason,
      fields: { ...base, infraState: observation.state, infraSequence: observation.sequence },
    },
  };
}
