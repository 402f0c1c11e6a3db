// Raw infra states → our workspace states (principle 03). The infra service's
// vocabulary can change; ours doesn't. Adding an infra state = adding one line.
// Anything unmapped becomes "unknown" (callers log and alert on known: false),
// so a new infra state is never silently treated as something it isn't.

import type { WorkspaceState } from "./states";

const ENTRIES = {
  queued: "provisioning",
  allocating: "provisioning",
  booting: "provisioning",
  running: "ready",
  draining: "suspended",
  stopped: "suspended",
  crashed: "failed",
  deleting: "deprovisioning",
  deleted: "deleted", // terminal
} as const satisfies Record<string, WorkspaceState>;

export type KnownInfraState = keyof typeof ENTRIES;

// Null prototype: raw strings like "__proto__", "constructor" or "toString"
// come from outside and must never match an inherited property.
export const INFRA_STATE_MAP: Readonly<Record<KnownInfraState, WorkspaceState>> = Object.freeze(
  Object.assign(Object.create(null) as Record<KnownInfraState, WorkspaceState>, ENTRIES),
);

export function mapInfraState(raw: string): { state: WorkspaceState; known: boolean } {
  if (typeof raw === "string" && Object.hasOwn(INFRA_STATE_MAP, raw)) {
    return { state: INFRA_STATE_MAP[raw as KnownInfraState], known: true };
  }
  // Exact match only: "RUNNING" is not "running"; we don't guess at their format.
  return { state: "unknown", known: false };
}
