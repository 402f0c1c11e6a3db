// The workspace state machine: which observed-state changes the coordinator may
// make. A change not in this table is a bug or a stale event, never a silent write.
//
// Same-state "transitions" (x → x) are not transitions: canTransition(x, x) is
// false and callers treat such an update as a no-op (e.g. a repeated infra event),
// not as an error.

import type { DesiredState, WorkspaceState } from "./states";
import { WORKSPACE_STATES } from "./states";

const ALLOWED: Readonly<Record<WorkspaceState, readonly WorkspaceState[]>> = freezeTable({
  pending: ["provisioning", "failed", "deprovisioning", "deleted"],
  // suspended: the suspend can land while the server is still booting.
  // deleted, from every live state: the infra service says the server is gone, and a newer
  // "deleted" can overtake its "deleting" on the way (events are ordered by sequence only).
  provisioning: ["ready", "failed", "unknown", "suspended", "deprovisioning", "deleted"],
  // provisioning: a restart boots the server again.
  ready: ["provisioning", "suspended", "failed", "unknown", "deprovisioning", "deleted"],
  // provisioning: resuming boots again; ready: infra may report running directly.
  suspended: ["provisioning", "ready", "failed", "unknown", "deprovisioning", "deleted"],
  // provisioning: a retry; ready: the server recovered on its own.
  failed: ["provisioning", "ready", "suspended", "unknown", "deprovisioning", "deleted"],
  // We lost track of it; whatever infra reports next is the truth — except that
  // a workspace that has existed never goes back to "not started yet".
  unknown: WORKSPACE_STATES.filter((s) => s !== "unknown" && s !== "pending"),
  deprovisioning: ["deleted", "failed", "unknown"],
  deleted: [],
});

function freezeTable<T extends Record<string, readonly unknown[]>>(table: T): Readonly<T> {
  for (const row of Object.values(table)) Object.freeze(row);
  return Object.freeze(table);
}

/** The allowed-transition table, for docs and tests. */
export const ALLOWED_TRANSITIONS: Readonly<Record<WorkspaceState, readonly WorkspaceState[]>> = ALLOWED;

export function canTransition(from: WorkspaceState, to: WorkspaceState): boolean {
  return from !== to && ALLOWED[from].includes(to);
}

export class IllegalTransitionError extends Error {
  override readonly name = "IllegalTransitionError";
  readonly from: WorkspaceState;
  readonly to: WorkspaceState;
  constructor(from: WorkspaceState, to: WorkspaceState) {
    super(`Illegal workspace transition: ${from} → ${to}`);
    this.from = from;
    this.to = to;
  }
}

export function assertTransition(from: WorkspaceState, to: WorkspaceState): void {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
}

const TARGET: Readonly<Record<DesiredState, WorkspaceState>> = Object.freeze({
  running: "ready",
  suspended: "suspended",
  deleted: "deleted",
});

/** The observed state that satisfies an intent. */
export function desiredToTarget(desired: DesiredState): WorkspaceState {
  return TARGET[desired];
}

/** True when reality matches intent and the reconciler has nothing to do. */
export function isConverged(desired: DesiredState, observed: WorkspaceState): boolean {
  return desiredToTarget(desired) === observed;
}
