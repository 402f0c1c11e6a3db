/**
 * Instance lifecycles (docs/infra-contract.md §2.1) as timed state chains. Every state
 * change bumps the instance's sequence, is recorded as an event for delivery, and
 * starts, stops or removes the instance's OpenBerth stand-in.
 */
import { randomBytes } from "node:crypto";
import { ulid } from "../shared/ulid.ts";
import type { InfraStore, InstanceRow } from "./store.ts";
import type { WebhookDelivery } from "./webhook-delivery.ts";

/** The part of the OpenBerth stand-in host the infra emulator drives. */
export interface OpenBerthFleet {
  endpointFor(instanceId: string): string;
  register(spec: { instanceId: string; adminKey: string; adminUserId: string }): void;
  setRunning(instanceId: string, running: boolean): void;
  remove(instanceId: string): void;
}

export interface LifecycleTimings {
  /** queued → allocating → booting → running */
  provisionStepMs: number;
  /** draining → stopped, booting → running on resume, deleting → deleted */
  stepMs: number;
}

type Step = [state: string, afterMs: number];

export class Lifecycle {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly store: InfraStore;
  private readonly fleet: OpenBerthFleet;
  private readonly delivery: WebhookDelivery;
  readonly timings: LifecycleTimings;

  constructor(store: InfraStore, fleet: OpenBerthFleet, delivery: WebhookDelivery, timings: LifecycleTimings) {
    this.store = store;
    this.fleet = fleet;
    this.delivery = delivery;
    this.timings = timings;
  }

  /** A new instance for a workspace, in state `queued`, booting on its own afterwards. */
  provision(workspaceId: string, region: string): InstanceRow {
    const now = new Date().toISOString();
    const row: InstanceRow = {
      resourceId: `inst_${ulid().toLowerCase()}`,
      workspaceId,
      region,
      state: "queued",
      sequence: 0,
      adminKey: `sc_${randomBytes(24).toString("hex")}`,
      adminUserId: `usr_${randomBytes(8).toString("hex")}`,
      createdAt: now,
      updatedAt: now,
    };
    this.store.insertInstance(row);
    this.fleet.register({ instanceId: row.resourceId, adminKey: row.adminKey, adminUserId: row.adminUserId });
    this.transition(row.resourceId, "queued");
    const t = this.timings.provisionStepMs;
    this.chain(row.resourceId, [["allocating", t], ["booting", t], ["running", t * 2]]);
    return this.store.getInstance(row.resourceId)!;
  }

  suspend(resourceId: string): void {
    this.transition(resourceId, "draining");
    this.chain(resourceId, [["stopped", this.timings.stepMs]]);
  }

  resume(resourceId: string): void {
    this.transition(resourceId, "booting");
    this.chain(resourceId, [["running", this.timings.stepMs]]);
  }

  destroy(resourceId: string): void {
    this.transition(resourceId, "deleting");
    this.chain(resourceId, [["deleted", this.timings.stepMs]]);
  }

  crash(resourceId: string, recoverAfterMs: number | null): void {
    this.transition(resourceId, "crashed");
    if (recoverAfterMs !== null) this.chain(resourceId, [["booting", recoverAfterMs], ["running", this.timings.stepMs]]);
  }

  /** Any state at all, known or not (a test control). */
  emit(resourceId: string, state: string): void {
    this.cancel(resourceId);
    this.transition(resourceId, state);
  }

  /** After a restart: put every instance back on its stand-in and finish interrupted chains. */
  recover(): void {
    const t = this.timings.provisionStepMs;
    const rest: Record<string, Step[]> = {
      queued: [["allocating", t], ["booting", t], ["running", t * 2]],
      allocating: [["booting", t], ["running", t * 2]],
      booting: [["running", this.timings.stepMs]],
      draining: [["stopped", this.timings.stepMs]],
      deleting: [["deleted", this.timings.stepMs]],
    };
    for (const row of this.store.allInstances()) {
      if (row.state === "deleted") continue;
      this.fleet.register({ instanceId: row.resourceId, adminKey: row.adminKey, adminUserId: row.adminUserId });
      this.fleet.setRunning(row.resourceId, row.state === "running");
      const steps = rest[row.state];
      if (steps) this.chain(row.resourceId, steps);
    }
  }

  stopTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private chain(resourceId: string, steps: Step[]): void {
    this.cancel(resourceId);
    const [first, ...rest] = steps;
    if (!first) return;
    const timer = setTimeout(() => {
      this.timers.delete(resourceId);
      const row = this.store.getInstance(resourceId);
      if (!row || row.state === "deleted") return;
      this.transition(resourceId, first[0]);
      this.chain(resourceId, rest);
    }, first[1]);
    this.timers.set(resourceId, timer);
  }

  private cancel(resourceId: string): void {
    const timer = this.timers.get(resourceId);
    if (timer) clearTimeout(timer);
    this.timers.delete(resourceId);
  }

  private transition(resourceId: string, state: string): void {
    const row = this.store.getInstance(resourceId);
    if (!row) return;
    const sequence = row.sequence + 1;
    const occurredAt = new Date().toISOString();
    this.store.setState(resourceId, state, sequence, occurredAt);
    this.store.recordEvent(
      { eventId: ulid(), resourceId, workspaceId: row.workspaceId, sequence, state, occurredAt },
      this.delivery.firstAttemptAt(),
    );
    if (state === "deleted") this.fleet.remove(resourceId);
    else this.fleet.setRunning(resourceId, state === "running");
    this.delivery.kick();
  }
}
