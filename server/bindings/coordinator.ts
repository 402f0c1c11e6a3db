/**
 * The way to a workspace's WorkspaceCoordinator (workers/workspace-coordinator.ts) from any
 * entrypoint — pages, queue consumers, crons — and the shapes its calls answer with. Its
 * methods are typed through Env (the Durable Object binding), so callers never import the
 * Durable Object's own module.
 */

/** What the coordinator concluded about an infra event (recorded in infra_events.outcome). */
export type EventOutcome = "applied" | "stale" | "refused" | "duplicate" | "orphan" | "mismatch";

export type ReconcileResult = "converged" | "repairing" | "gone";

export interface DiagnosticEffect {
  probeId: string;
  traceId: string;
  receivedAt: number;
}

/** One coordinator per workspace, named by the workspace id. */
export function coordinatorFor(env: Env, workspaceId: string) {
  return env.WORKSPACE_COORDINATOR.get(env.WORKSPACE_COORDINATOR.idFromName(workspaceId));
}
