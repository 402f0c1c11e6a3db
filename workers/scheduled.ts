import { now } from "../domain/clock";
import { createDatabase, type Database } from "../app/.server/db";
import { createLogger, type Logger } from "../app/.server/observability/logger";
import { newTraceId } from "../app/.server/observability/trace";
import { createCronRun, finishCronRun } from "../app/.server/repositories/cron-runs";
import { runLifecycleSweep } from "./jobs/lifecycle-sweep";
import { runReconcile } from "./jobs/reconcile";

/**
 * Cron triggers (wrangler.jsonc): every 5 minutes the reconciler safety net; hourly the
 * lifecycle sweeps (trial end, grace end, reminders). Each run is recorded in cron_runs.
 */
export const CRON_JOBS: Record<string, string> = {
  "*/5 * * * *": "reconcile",
  "0 * * * *": "lifecycle-sweep",
};

type Job = (ctx: { env: Env; db: Database; log: Logger }) => Promise<Record<string, unknown>>;

const JOBS: Record<string, Job> = {
  reconcile: ({ env, log }) => runReconcile(env, log),
  "lifecycle-sweep": ({ env, log }) => runLifecycleSweep(env, log),
};

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const traceId = newTraceId();
  const job = CRON_JOBS[controller.cron] ?? "unknown";
  const log = createLogger(traceId, { level: env.LOG_LEVEL, base: { component: "cron", cron: controller.cron, job } });
  const db = createDatabase(env.DB);
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
    throw error;
  }
}
