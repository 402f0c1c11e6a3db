import { now } from "../domain/clock";
import { createDatabase, type Database } from "../app/.server/db";
import { createLogger, type Logger } from "../app/.server/observability/logger";
import { newTraceId } from "../app/.server/observability/trace";
import { createCronRun, finishCronRun } from "../app/.server/repositories/cron-runs";
import { runLifecycleSweep } from "./jobs/lifecycle-sweep";
import { runReconcile } from "./jobs/reconcile";
import { runRotateDataKeys } from "./jobs/rotate-data-keys";

/**
 * Cron triggers (wrangler.jsonc): every 5 minutes the reconciler safety net; hourly the
 * lifecycle sweeps (trial end, grace end, reminders), then the master key rotation. Each
 * job's run is recorded in cron_runs as its own row, with its own outcome and detail.
 */
export const CRON_JOBS: Record<string, string[]> = {
  "*/5 * * * *": ["reconcile"],
  "0 * * * *": ["lifecycle-sweep", "rotate-data-keys"],
};

type Job = (ctx: { env: Env; db: Database; log: Logger }) => Promise<Record<string, unknown>>;

const JOBS: Record<string, Job> = {
  reconcile: ({ env, log }) => runReconcile(env, log),
  "lifecycle-sweep": ({ env, log }) => runLifecycleSweep(env, log),
  "rotate-data-keys": ({ env, log }) => runRotateDataKeys(env, log),
};

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const traceId = newTraceId();
  const db = createDatabase(env.DB);
  const failures: unknown[] = [];
  // One after another, and a failing job does not stop the next: they are independent.
  for (const job of CRON_JOBS[controller.cron] ?? ["unknown"]) {
    const log = createLogger(traceId, { level: env.LOG_LEVEL, base: { component: "cron", cron: controller.cron, job } });
    log.count("cron_runs", { job });
    const runId = await createCronRun(db, { cron: controller.cron, job, traceId, startedAt: now() });
    const handler = JOBS[job];
    try {
      const detail = handler ? await handler({ env, db, log }) : { skipped: "no job for this schedule" };
      await finishCronRun(db, runId, { finishedAt: now(), outcome: "ok", detail });
      log.info("cron.finished", detail);
    } catch (error) {
      await finishCronRun(db, runId, { finishedAt: now(), outcome: "failed", detail: { error: String(error) } });
      log.count("errors", { where: "cron", job });
      log.error("cron.failed", { error });
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
