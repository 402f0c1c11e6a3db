/**
 * The hourly sweep ends expired trials: every workspace of the account is paused through
 * its coordinator with the reason trial_ended, and the workspace says why and what next.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { AppClient, signIn } from "./support/app-client";
import { createWorkspace, lifecycleOf, pumpUntil } from "./support/infra-world";

const DAY = 24 * 60 * 60 * 1000;

describe("trial expiry", () => {
  it("pauses every workspace of an account whose trial ended, with the reason shown", async () => {
    const client = new AppClient();
    await signIn(client, { email: "trialist@example.com", name: "Trialist" });
    // Two workspaces (a fixture plan allows it), both running.
    await env.DB.prepare("UPDATE accounts SET plan_id = 'pro@1' WHERE email = 'trialist@example.com'").run();
    const a = await createWorkspace(client, "First");
    const b = await createWorkspace(client, "Second");
    await pumpUntil(a.id, "ready");
    await pumpUntil(b.id, "ready");
    await env.DB.prepare("UPDATE accounts SET plan_id = 'trial@1' WHERE email = 'trialist@example.com'").run();

    // A bystander whose trial has not ended keeps running.
    const other = new AppClient();
    await signIn(other, { email: "still-trying@example.com", name: "Still trying" });
    const c = await createWorkspace(other, "Untouched");
    await pumpUntil(c.id, "ready");

    // 15 days pass (the app's clock, moved through its local test control).
    await client.fetch("/__test/clock", { json: { advanceMs: 15 * DAY } });
    await env.DB.prepare("UPDATE accounts SET trial_ends_at = ? WHERE email = 'still-trying@example.com'")
      .bind(Date.now() + 30 * DAY)
      .run();
    try {
      await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
      for (const w of [a, b]) {
        expect(await lifecycleOf(w.id)).toMatchObject({ desired_state: "suspended", suspension_reason: "trial_ended" });
        await pumpUntil(w.id, "suspended");
      }
      expect(await lifecycleOf(c.id)).toMatchObject({ desired_state: "running", lifecycle_state: "ready" });

      const page = await (await client.fetch(`/workspaces/${a.slug}`)).text();
      expect(page).toContain(">Paused<");
      expect(page).toContain(
        "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.",
      );
      expect(page).toContain("Paused because the free trial ended.");
      const list = await (await client.fetch("/workspaces")).text();
      expect(list).toContain("Your trial has ended");

      // Running the sweep again changes nothing (idempotent).
      await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
      const runs = await env.DB.prepare(
        "SELECT detail FROM cron_runs WHERE job = 'lifecycle-sweep' ORDER BY started_at DESC LIMIT 1",
      ).first<{ detail: string }>();
      expect(JSON.parse(runs!.detail)).toMatchObject({ paused: 0 });
      // Creating another workspace is refused while the trial is over.
      const refused = await client.fetch("/workspaces/new", {
        form: { name: "Third", region: "eu-west", requestId: "0".repeat(26) },
      });
      expect(await refused.text()).toContain("Your free trial has ended. Choose a plan to keep going.");

      // Resumed (as billing will, once a plan is chosen): through the real stand-in, Ready again.
      await env.DB.prepare("UPDATE accounts SET plan_id = 'pro@1' WHERE email = 'trialist@example.com'").run();
      await coordinatorFor(env, a.id).requestResume({
        workspaceId: a.id,
        actor: "system",
        traceId: "0bf7651916cd43dd8448eb211c80319c",
      });
      expect(await lifecycleOf(a.id)).toMatchObject({ desired_state: "running", suspension_reason: null });
      await pumpUntil(a.id, "ready");
      expect(await lifecycleOf(a.id)).toMatchObject({ lifecycle_state: "ready", infra_state: "running" });
      const reasons = await env.DB.prepare("SELECT reason FROM workspace_events WHERE workspace_id = ? ORDER BY created_at, id")
        .bind(a.id)
        .all<{ reason: string }>();
      expect(reasons.results.map((r) => r.reason).slice(-3)).toEqual(["resume_requested", "resumed", "ready"]);
    } finally {
      await client.fetch("/__test/clock", { json: { reset: true } });
    }
  });
});
