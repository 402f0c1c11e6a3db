import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";

describe("scheduled handler", () => {
  it.each([
    ["*/5 * * * *", "reconcile"],
    ["0 * * * *", "lifecycle-sweep"],
  ])("the %s cron runs %s and records the run", async (cron, job) => {
    await worker.scheduled(createScheduledController({ cron, scheduledTime: Date.now() }), env);
    const row = await env.DB.prepare("SELECT job, outcome, finished_at, trace_id FROM cron_runs WHERE cron = ?")
      .bind(cron)
      .first<{
        job: string;
        outcome: string;
        finished_at: number | null;
        trace_id: string;
      }>();
    expect(row).toMatchObject({ job, outcome: "ok" });
    expect(row?.finished_at).toBeTypeOf("number");
    expect(row?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });
});
