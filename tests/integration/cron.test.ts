import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";

describe("scheduled handler", () => {
  it.each([
    ["*/5 * * * *", ["reconcile", "email-sweep", "keep-until-deleted"]],
    ["0 * * * *", ["lifecycle-sweep", "grace-sweep", "email-reminders", "expiry-warnings", "billing-events", "rotate-data-keys"]],
    ["30 3 * * *", ["billing-resync"]],
  ])("the %s cron runs %j and records each job's run", async (cron, jobs) => {
    await worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), env);
    const { results } = await env.DB.prepare(
      "SELECT job, outcome, finished_at, trace_id FROM cron_runs WHERE cron = ? ORDER BY rowid",
    )
      .bind(cron)
      .all<{
        job: string;
        outcome: string;
        finished_at: number | null;
        trace_id: string;
      }>();
    expect(results.map((r) => r.job)).toEqual(jobs);
    for (const row of results) {
      expect(row).toMatchObject({ outcome: "ok" });
      expect(row.finished_at).toBeTypeOf("number");
      expect(row.trace_id).toMatch(/^[0-9a-f]{32}$/);
    }
    // One invocation, one trace.
    expect(new Set(results.map((r) => r.trace_id)).size).toBe(1);
  });
});
