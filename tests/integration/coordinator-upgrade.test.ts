/**
 * Existing workspaces move over safely (main deploys automatically): a coordinator from
 * before kept its workspace id, trace id and attempts in its key-value storage and read
 * the lifecycle from D1. Its first call — here, the alarm it had pending — imports the
 * record from D1 before anything else, and from then on it drives the workspace.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { eventPump, lifecycleOf } from "./support/infra-world";
import { seedReadyWorkspaces } from "./support/seeded-workspaces";
import { AppClient, waitFor } from "./support/app-client";

describe("a coordinator from before the upgrade", () => {
  it("imports its workspace from D1 on its pending alarm, then pauses and resumes it", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    // What the previous coordinator left behind: key-value entries and a pending alarm.
    await runInDurableObject(stub, async (_instance, state) => {
      await state.storage.put({ workspaceId: ws!.id, traceId: "00f7651916cd43dd8448eb211c80319c", attempts: 2 });
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect((await stub.snapshot()).record).toBeNull();
    expect(await lifecycleOf(ws!.id)).toMatchObject({ lifecycle_state: "ready" });

    await runDurableObjectAlarm(stub);
    const { record } = await stub.snapshot();
    expect(record).toMatchObject({
      workspaceId: ws!.id,
      visible: "ready",
      desired: "running",
      infraResourceId: ws!.resourceId,
      hasCredentials: true,
    });

    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "trial_ended",
      actor: "system",
      traceId: "01f7651916cd43dd8448eb211c80319c",
    });
    const version = await env.DB.prepare("SELECT lifecycle_version AS v FROM workspaces WHERE id = ?")
      .bind(ws!.id)
      .first<number>("v");
    expect(version).toBeGreaterThan(0);
    const pump = eventPump(ws!.id);
    await waitFor(async () => {
      await pump();
      return (await lifecycleOf(ws!.id))?.lifecycle_state === "suspended";
    });
    await stub.requestResume({ workspaceId: ws!.id, actor: "system", traceId: "02f7651916cd43dd8448eb211c80319c" });
    await waitFor(async () => {
      await pump();
      return (await lifecycleOf(ws!.id))?.lifecycle_state === "ready";
    });
    expect(await lifecycleOf(ws!.id)).toMatchObject({
      desired_state: "running",
      infra_state: "running",
      suspension_reason: null,
    });
  });

  it("the local reset control makes every coordinator forget: no alarm writes into the fresh database", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    // A pause asked for: the coordinator now has a record and an alarm due.
    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "trial_ended",
      actor: "system",
      traceId: "03f7651916cd43dd8448eb211c80319c",
    });
    expect((await stub.snapshot()).record).not.toBeNull();
    expect((await new AppClient().fetch("/__test/reset", { method: "POST" })).status).toBe(200);
    expect(await stub.snapshot()).toMatchObject({ record: null, projectedVersion: 0 });
    expect(await runDurableObjectAlarm(stub)).toBe(false);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM workspaces").first("n")).toBe(0);
  });

  it("a record from before grace was kept takes its grace from D1 (release day + 14) and keeps it through a reason change", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "trial_ended",
      actor: "system",
      traceId: "03f7651916cd43dd8448eb211c80319c",
    });
    const releaseGrace = Date.now() + 3 * 24 * 60 * 60 * 1000;
    // As such a coordinator holds it: no graceEndsAt in its record; D1 has the migration's date.
    await runInDurableObject(stub, async (_instance, state) => {
      const row = state.storage.sql.exec<{ record: string }>("SELECT record FROM lifecycle WHERE id = 1").one();
      const { graceEndsAt: _dropped, ...older } = JSON.parse(row.record) as Record<string, unknown>;
      state.storage.sql.exec("UPDATE lifecycle SET record = ? WHERE id = 1", JSON.stringify(older));
    });
    await env.DB.prepare("UPDATE workspaces SET suspension_grace_ends_at = ? WHERE id = ?").bind(releaseGrace, ws!.id).run();

    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "payment_failed",
      actor: "system",
      traceId: "04f7651916cd43dd8448eb211c80319c",
    });
    expect((await stub.snapshot()).record).toMatchObject({ suspensionReason: "payment_failed", graceEndsAt: releaseGrace });
    expect(await lifecycleOf(ws!.id)).toMatchObject({
      suspension_reason: "payment_failed",
      suspension_grace_ends_at: releaseGrace,
    });
  });
});
