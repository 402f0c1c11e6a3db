// The workspace lifecycle vocabulary we own (principle 03). Infra states are
// translated into these by infra-state-map.ts; users see them through status.ts.

/** Observed state: written only by the workspace's coordinator. */
export const WORKSPACE_STATES = [
  "pending",
  "provisioning",
  "ready",
  "suspended",
  "failed",
  "unknown",
  "deprovisioning",
  "deleted",
] as const;
export type WorkspaceState = (typeof WORKSPACE_STATES)[number];

/** Intent: what the customer (or billing) wants; reconciliation closes the gap. */
export const DESIRED_STATES = ["running", "suspended", "deleted"] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

/**
 * Why a workspace is paused. The first three shipped with the schema's original CHECK
 * (workspaces.suspension_reason); plan_ended came with billing and lives, with the rest,
 * in workspaces.pause_reason (migration 0002, docs/decisions/0024).
 */
export const SUSPENSION_REASONS = ["trial_ended", "payment_failed", "downgrade", "plan_ended"] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

function oneOf<T extends string>(values: readonly T[]) {
  return (x: unknown): x is T => typeof x === "string" && (values as readonly string[]).includes(x);
}

export const isWorkspaceState: (x: unknown) => x is WorkspaceState = oneOf(WORKSPACE_STATES);
export const isDesiredState: (x: unknown) => x is DesiredState = oneOf(DESIRED_STATES);
export const isSuspensionReason: (x: unknown) => x is SuspensionReason = oneOf(SUSPENSION_REASONS);

const TRANSITIONAL: ReadonlySet<WorkspaceState> = new Set(["pending", "provisioning", "deprovisioning"]);

/** States that settle on their own soon. Pages ask isChanging() (lifecycle-decisions.ts), which adds intent. */
export function isTransitional(state: WorkspaceState): boolean {
  return TRANSITIONAL.has(state);
}

/** Nothing follows these. */
export function isTerminal(state: WorkspaceState): boolean {
  return state === "deleted";
}
