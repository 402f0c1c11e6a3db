// Drives a workspace's lifecycle record the way its coordinator does — intents, infra
// observations and provision answers, each decided and applied by the pure functions of
// domain/lifecycle/lifecycle-record.ts — so tests can state what must happen, not how.

import type { InfraAction } from "../../../domain/lifecycle/lifecycle-decisions";
import { INFRA_STATE_MAP } from "../../../domain/lifecycle/infra-state-map";
import {
  applyChange,
  decideIntent,
  decideObservation,
  type Change,
  type ChangeContext,
  type Intent,
  type LifecycleRecord,
  type ObservationDecision,
  type ProvisionExtras,
  type TimelineDraft,
  type Transition,
} from "../../../domain/lifecycle/lifecycle-record";

/** Every raw state the infra service speaks today, and one it might start speaking tomorrow. */
export const RAW_INFRA_STATES: readonly string[] = [...Object.keys(INFRA_STATE_MAP), "melting"];

export const RESOURCE_ID = "inst_walk";

export function newRecord(overrides: Partial<LifecycleRecord> = {}): LifecycleRecord {
  return {
    workspaceId: "ws_walk",
    version: 0,
    region: "eu-west",
    desired: "running",
    observed: "pending",
    visible: "pending",
    suspensionReason: null,
    graceEndsAt: null,
    infraResourceId: null,
    infraState: null,
    infraSequence: 0,
    endpointUrl: null,
    hasCredentials: false,
    provisionAttempts: 0,
    lastError: null,
    lastReconciledAt: null,
    deletedAt: null,
    lastTimelineAt: 0,
    ...overrides,
  };
}

export interface Step {
  callInFlight?: InfraAction | null;
  /** When the change happens (defaults to one millisecond after the last). */
  at?: number;
}

export class Lifecycle {
  record: LifecycleRecord;
  readonly timeline: TimelineDraft[] = [];
  /** Every change applied, in order, with the context it was applied in. */
  readonly applied: { before: LifecycleRecord; transition: Transition; ctx: ChangeContext }[] = [];
  private clock = 1_000;

  constructor(record: LifecycleRecord = newRecord()) {
    this.record = record;
  }

  /** A workspace just created: its first timeline entry, nothing asked of the infra service yet. */
  static created(): Lifecycle {
    const lifecycle = new Lifecycle();
    lifecycle.apply({ reason: "created", forceTimeline: true });
    // The first entry of a timeline: nothing came before it (as the coordinator writes it).
    lifecycle.timeline[0]!.previousState = null;
    return lifecycle;
  }

  /** A new workspace: created, then setting up (as the coordinator's start does). */
  static started(): Lifecycle {
    const lifecycle = Lifecycle.created();
    lifecycle.apply({ observed: "provisioning", reason: "setup_started" });
    return lifecycle;
  }

  /** A workspace set up and running, its server's key held. */
  static ready(): Lifecycle {
    const lifecycle = Lifecycle.started();
    lifecycle.observe("booting");
    lifecycle.provisionAnswer("running");
    if (lifecycle.record.visible !== "ready") throw new Error(`setup ended ${lifecycle.record.visible}`);
    return lifecycle;
  }

  applyChange(change: Change, step: Step = {}): Transition {
    const ctx: ChangeContext = {
      at: step.at ?? (this.clock += 1),
      actor: "test",
      traceId: "0af7651916cd43dd8448eb211c80319c",
      callInFlight: step.callInFlight ?? null,
    };
    const before = this.record;
    const transition = applyChange(before, change, ctx);
    this.record = transition.record;
    this.timeline.push(...transition.timeline);
    this.applied.push({ before, transition, ctx });
    return transition;
  }

  apply(change: Change | null, step: Step = {}): Transition | null {
    return change ? this.applyChange(change, step) : null;
  }

  ask(intent: Intent, step: Step = {}): Change | null {
    const change = decideIntent(this.record, intent);
    this.apply(change, step);
    return change;
  }

  /** An infra event (or the reconciler's read); by default the next sequence. */
  observe(
    state: string,
    options: Step & { sequence?: number; resourceId?: string; extras?: ProvisionExtras } = {},
  ): ObservationDecision {
    const decision = decideObservation(
      this.record,
      {
        resourceId: options.resourceId ?? RESOURCE_ID,
        sequence: options.sequence ?? this.record.infraSequence + 1,
        state,
      },
      options.extras,
    );
    this.apply(decision.change, options);
    return decision;
  }

  /** The answer to a provision call: the server's state, address and sealed key. */
  provisionAnswer(state: string, options: Step & { sequence?: number; adopted?: boolean } = {}): ObservationDecision {
    return this.observe(state, {
      ...options,
      extras: { endpointUrl: "http://localhost:4130/i/inst_walk", credentials: true, adopted: options.adopted ?? false },
    });
  }

  reasons(): string[] {
    return this.timeline.map((t) => t.reason);
  }
}
