/**
 * The hourly sweep ends expired trials: every workspace of the account is paused through
 * its coordinator with the reason trial_ended, and the workspace says why and what next.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { readyWorkspace, setPlan, signedIn } from "./support/fixtures";
import { lifecycleOf, pumpUntil } from "./support/infra-world";
import { lastCronRun, reasonsOf } from "./support/records";

const DAY = 24 * 60 * 60 * 1000;

describe("trial expiry", () => {
  it("pauses every workspace of an account whose trial ended, with the reason shown", async () => {
    // Two workspaces (a fixture plan allows it), both running; and a bystander whose trial
    // has not ended, whose workspace keeps running.
    const trialist = await signedIn({ plan: "pro@1" });
    const { client } = trialist;
    const [a, b, c] = await Promise.all([
      readyWorkspace({ plan: "pro@1", role: "owner", owner: trialist, name: "First" }),
      readyWorkspace({ plan: "pro@1", role: "owner", owner: trialist, name: "Second" }),
      readyWorkspace({ plan: "trial@1", role: "owner", name: "Untouched" }),
    ]);
    await setPlan(trialist.email, "trial@1");

    // 15 days pass (the app's clock, moved through its local test control).
    await client.fetch("/__test/clock", { json: { advanceMs: 15 * DAY } });
    await setPlan(c.owner.email, "trial@1", { trialEndsAt: Date.now() + 30 * DAY });
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
      expect((await lastCronRun("lifecycle-sweep")).detail).toMatchObject({ paused: 0 });
      // Creating another workspace is refused while the trial is over.
      const refused = await client.fetch("/workspaces/new", {
        form: { intent: "create", name: "Third", region: "eu-west", requestId: "0".repeat(26) },
      });
      expect(await refused.text()).toContain("Your free trial has ended. Choose a plan to keep going.");

      // Resumed (as billing will, once a plan is chosen): through the real stand-in, Ready again.
      await setPlan(trialist.email, "pro@1");
      await coordinatorFor(env, a.id).requestResume({
        workspaceId: a.id,
        actor: "system",
        traceId: "0bf7651916cd43dd8448eb211c80319c",
      });
      expect(await lifecycleOf(a.id)).toMatchObject({ desired_state: "running", suspension_reason: null });
      await pumpUntil(a.id, "ready");
      expect(await lifecycleOf(a.id)).toMatchObject({ lifecycle_state: "ready", infra_state: "running" });
      expect((await reasonsOf(a.id)).slice(-3)).toEqual(["resume_requested", "resumed", "ready"]);
    } finally {
      await client.fetch("/__test/clock", { json: { reset: true } });
    }
  });
});
