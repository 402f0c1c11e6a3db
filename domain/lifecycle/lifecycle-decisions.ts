// The coordinator's decisions, as pure functions: what to do with an infra event, and
// what to ask the infra service for so that reality moves toward intent (principle 01).

import type { LifecycleReason } from "./lifecycle-reasons";
import { mapInfraState } from "./infra-state-map";
import type { DesiredState, WorkspaceState } from "./states";
import { isTransitional } from "./states";
import { canTransition } from "./transitions";

export type EventDecision =
  /** Not newer than the last applied sequence for this resource: ignore it. */
  | { outcome: "stale" }
  /** Newer: record it. `changed` says whether the observed state moves. */
  | { outcome: "applied"; state: WorkspaceState; known: boolean; changed: boolean; reason: LifecycleReason }
  /** Newer, but the move makes no sense (e.g. out of deleted): record the sequence, keep the state, alert. */
  | { outcome: "refused"; state: WorkspaceState; known: boolean };

export function decideInfraEvent(
  current: { observed: WorkspaceState; lastSequence: number },
  event: { sequence: number; rawState: string },
): EventDecision {
  if (!Number.isInteger(event.sequence) || event.sequence <= current.lastSequence) return { outcome: "stale" };
  const { state, known } = mapInfraState(event.rawState);
  if (state === current.observed)
    return { outcome: "applied", state, known, changed: false, reason: reasonFor(current.observed, state, event.rawState) };
  if (!canTransition(current.observed, state)) return { outcome: "refused", state, known };
  return { outcome: "applied", state, known, changed: true, reason: reasonFor(current.observed, state, event.rawState) };
}

/** The timeline reason for an observed change reported by the infra service. */
function reasonFor(from: WorkspaceState, to: WorkspaceState, rawState: string): LifecycleReason {
  switch (to) {
    case "ready":
      return from === "failed" || from === "unknown" ? "recovered" : from === "suspended" ? "resumed" : "ready";
    case "provisioning":
      return from === "ready" || from === "failed" ? "restarting" : from === "suspended" ? "resumed" : "setup_started";
    case "suspended":
      return "paused";
    case "failed":
      return rawState === "crashed" ? "crashed" : "setup_failed";
    case "unknown":
      return "lost_track";
    case "deprovisioning":
      return "deleting";
    case "deleted":
      return "deleted";
    default:
      return "lost_track";
  }
}

export type InfraAction = "provision" | "suspend" | "resume" | "destroy";

/**
 * What to ask the infra service for, given intent and reality. `null` means nothing:
 * either converged, or a change is already under way (the infra service's own events
 * will finish it), or only waiting helps.
 */
export function nextInfraAction(input: {
  desired: DesiredState;
  observed: WorkspaceState;
  hasInstance: boolean;
}): InfraAction | null {
  const { desired, observed, hasInstance } = input;
  if (observed === "deleted") return null;
  if (desired === "deleted") return hasInstance && observed !== "deprovisioning" ? "destroy" : null;
  // Nothing to pause without a server: a paused workspace is set up when it resumes.
  if (!hasInstance) return desired === "running" ? "provision" : null;
  if (desired === "running") return observed === "suspended" ? "resume" : null;
  // desired === "suspended"
  return observed === "ready" || observed === "failed" || observed === "unknown" ? "suspend" : null;
}

/** Delays between attempts at a failing infra call: 1 s, 2 s, 4 s, 8 s, 16 s. */
export const INFRA_RETRY_DELAYS_MS: readonly number[] = Object.freeze([1_000, 2_000, 4_000, 8_000, 16_000]);

/** The delay before attempt `attempt` (1-based; attempt 1 runs at once), or null when out of attempts. */
export function retryDelay(attempt: number, delays: readonly number[] = INFRA_RETRY_DELAYS_MS): number | null {
  if (attempt <= 1) return 0;
  return delays[attempt - 2] ?? null;
}

/**
 * The state people see (workspaces.lifecycle_state), from intent and the instance's
 * observed state. `hasInstance` means we hold the server's address and key: until then a
 * running server is still "setting up" for us.
 */
export function lifecycleStateFor(input: {
  desired: DesiredState;
  observed: WorkspaceState;
  hasInstance: boolean;
}): WorkspaceState {
  const { desired, observed, hasInstance } = input;
  if (desired === "deleted") return observed === "deleted" || !hasInstance ? "deleted" : "deprovisioning";
  // Gone without anyone asking: having trouble, never "deleted" — only a person deletes a
  // workspace (its row, slug and data go with it).
  if (observed === "deleted") return "failed";
  if (!hasInstance) {
    if (desired === "suspended") return "suspended";
    return observed === "failed" ? "failed" : observed === "pending" ? "pending" : "provisioning";
  }
  return observed;
}

/**
 * Whether a page should keep refreshing: the state is about to change on its own — while
 * setting up or deleting, and while a pause or a resume we asked for has not landed yet.
 * A workspace having trouble does not count: it may stay so for a long time. The one home
 * of live refresh for a workspace: every page (the list, the overview, the notice on the
 * pages inside) passes this answer to <LiveRefresh>.
 */
export function isChanging(desired: DesiredState | null, visible: WorkspaceState): boolean {
  if (isTransitional(visible)) return true;
  if (desired === "suspended") return visible === "ready";
  if (desired === "running") return visible === "suspended";
  return false;
}

/** For a page listing workspaces: keep refreshing while any of them is changing. */
export function anyChanging(
  workspaces: readonly { desiredState: DesiredState | null; lifecycleState: WorkspaceState }[],
): boolean {
  return workspaces.some((w) => isChanging(w.desiredState, w.lifecycleState));
}
