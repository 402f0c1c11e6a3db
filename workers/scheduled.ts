import { now } from "../domain/clock";
import { createServices, type Services } from "../server/bindings/services";
import { newTraceId } from "../server/observability/trace";
import { createCronRun, finishCronRun } from "../server/repositories/cron-runs";
import { runLifecycleSweep } from "./jobs/lifecycle-sweep";
import { runReconcile } from "./jobs/reconcile";
import { runRotateDataKeys } from "./jobs/rotate-data-keys";
import { runBillingEventsPass, runBillingResync } from "./jobs/billing-safety-net";
import { runGraceSweep } from "./jobs/grace-sweep";
import { runEmailReminders } from "./jobs/email-reminders";
import { runEmailSweep } from "./jobs/email-sweep";
import { runKeepUntilDeleted } from "./jobs/keep-until-deleted";
import { runExpiryWarnings } from "./jobs/expiry-warnings";

/**
 * Cron triggers (wrangler.jsonc): every 5 minutes the reconciler safety net, the email sweep
 * and the pass that keeps "until deleted" deployments online; hourly the lifecycle sweeps
 * (trial end, grace end), the reminders (trial, card, sites going offline tomorrow),
 * billing's missed-events pass, then the master key rotation; daily every subscription re-synced. Each job's run is recorded in cron_runs as
 * its own row, with its own outcome and detail.
 */
export const CRON_JOBS: Record<string, string[]> = {
  "*/5 * * * *": ["reconcile", "email-sweep", "keep-until-deleted"],
  "0 * * * *": ["lifecycle-sweep", "grace-sweep", "email-reminders", "expiry-warnings", "billing-events", "rotate-data-keys"],
  "30 3 * * *": ["billing-resync"],
};

type Job = (services: Services) => Promise<Record<string, unknown>>;

const JOBS: Record<string, Job> = {
  reconcile: (services) => runReconcile(services),
  "lifecycle-sweep": (services) => runLifecycleSweep(services),
  "rotate-data-keys": (services) => runRotateDataKeys(services),
  "grace-sweep": (services) => runGraceSweep(services),
  "billing-events": (services) => runBillingEventsPass(services),
  "billing-resync": (services) => runBillingResync(services),
  "email-sweep": (services) => runEmailSweep(services),
  "email-reminders": (services) => runEmailReminders(services),
  "keep-until-deleted": (services) => runKeepUntilDeleted(services),
  "expiry-warnings": (services) => runExpiryWarnings(services),
};

export async function runScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const traceId = newTraceId();
  const failures: unknown[] = [];
  // One after another, and a failing job does not stop the next: they are independent.
  for (const job of CRON_JOBS[controller.cron] ?? ["unknown"]) {
    const services = createServices(env, { traceId, log: { component: "cron", cron: controller.cron, job } });
    const { db, log } = services;
    log.count("cron_runs", { job });
    const runId = await createCronRun(db, { cron: controller.cron, job, traceId, startedAt: now() });
    const handler = JOBS[job];
    try {
      const detail = handler ? await handler(services) : { skipped: "no job for this schedule" };
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
