import { DurableObject } from "cloudflare:workers";
import { now } from "../domain/clock";
import { createLogger } from "../app/.server/observability/logger";

/**
 * One per workspace (named by workspace id): the only writer of that workspace's
 * lifecycle. Durable Objects run one call at a time except across outgoing awaits, so
 * lifecycle work persists a transitional state before calling out.
 *
 * Storage is the object's own SQLite database.
 */
export interface DiagnosticEffect {
  probeId: string;
  traceId: string;
  receivedAt: number;
}

export class WorkspaceCoordinator extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS diagnostic_effects (
        probe_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, received_at INTEGER NOT NULL)`);
    });
  }

  /** Records that a probe reached this coordinator (idempotent: redelivery is harmless). */
  async recordDiagnostic(probe: { probeId: string; traceId: string }): Promise<DiagnosticEffect> {
    const log = createLogger(probe.traceId, { level: this.env.LOG_LEVEL, base: { component: "coordinator" } });
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
      .exec<{ probe_id: string; trace_id: string; received_at: number }>(
        "SELECT probe_id, trace_id, received_at FROM diagnostic_effects ORDER BY received_at",
      )
      .toArray()
      .map((r) => ({ probeId: r.probe_id, traceId: r.trace_id, receivedAt: r.received_at }));
  }
}

export function coordinatorFor(env: Env, workspaceId: string): DurableObjectStub<WorkspaceCoordinator> {
  return env.WORKSPACE_COORDINATOR.get(env.WORKSPACE_COORDINATOR.idFromName(workspaceId));
}
