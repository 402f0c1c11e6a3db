/**
 * The 5-minute reconciler: repairs drift by asking the infra service for the truth,
 * destroys instances nobody owns, adopts instances whose setup answer was lost, re-queues
 * events never applied — with a fixed number of D1 queries per page.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../server/bindings/services";
import { runReconcile } from "../../workers/jobs/reconcile";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { startLogCapture, waitFor } from "./support/app-client";
import { readyWorkspace, signedIn, type Person } from "./support/fixtures";
import { createWorkspace, infraClient as infra, infraControl, lifecycleOf, pumpUntil } from "./support/infra-world";
import { credentialCount, infraEventOf, makeEveryWorkspaceDue, reasonsOf, recordUnappliedEvent } from "./support/records";
import { seedBareWorkspaceRows } from "./support/seeded-workspaces";

let owner: Person;
const services = (forEnv: Env = env) => createServices(forEnv, { traceId: "5bf92f3577b34da6a3ce929d0e0e4736" });

beforeAll(async () => {
  // The stand-in is shared by every test file; this file's reconciler must only see its own instances.
  await infraControl("reset", {});
  owner = await signedIn({ plan: "pro@1" });
});

describe("the reconciler", () => {
  it("repairs drift it was never told about (a lost event), and brings reality back to intent", async () => {
    const { id, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", owner, name: "Drifty" });
    // The server is paused behind Harbor's back, and its events never arrive.
    await infra().suspend(resourceId);
    await waitFor(async () => (await infra().get(resourceId))?.state === "stopped");
    await makeEveryWorkspaceDue();

    const report = await runReconcile(services());
    expect(report.due).toBeGreaterThanOrEqual(1);
    // Its coordinator reads the truth (stopped), then asks to resume: intent is "running".
    await waitFor(async () => (await infra().get(resourceId))?.state === "running", 10_000);
    await pumpUntil(id, "ready");
    expect(await reasonsOf(id)).toContain("paused");
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("ready");
  });

  it("destroys an instance whose workspace we do not have, and says so in an alert", async () => {
    const seeded = await infraControl<{ instances: { resourceId: string }[] }>("seed", {
      count: 1,
      workspaceIds: ["ws_nobody_knows"],
    });
    const orphan = seeded.instances[0]!.resourceId;
    const capture = startLogCapture();
    const report = await runReconcile(services());
    capture.stop();
    expect(report.orphansDestroyed).toBe(1);
    expect(["deleting", "deleted"]).toContain((await infra().get(orphan))?.state);
    expect(capture.lines.find((l) => l.event === "reconcile.orphan_destroyed")).toMatchObject({
      level: "alert",
      resourceId: orphan,
      why: "unknown workspace",
    });
  });

  it("adopts an instance that was set up while every answer to us was lost (no second server)", async () => {
    // The infra service sets the server up, but none of its six answers reaches us.
    await infraControl("faults", { dropNextProvisionResponses: 6 });
    const { id } = await createWorkspace(owner.client, "Forgotten");
    for (let i = 0; i < 8 && (await lifecycleOf(id))?.lifecycle_state !== "failed"; i++) {
      await waitFor(async () => (await coordinatorFor(env, id).snapshot()).work.inFlight === null);
      await runDurableObjectAlarm(coordinatorFor(env, id));
    }
    await waitFor(async () => (await lifecycleOf(id))?.lifecycle_state === "failed");
    const [original, ...others] = (await infra().list({ workspaceId: id })).instances.map((i) => i.resourceId);
    expect(others).toEqual([]);
    expect((await lifecycleOf(id))?.infra_resource_id).toBeNull();

    const report = await runReconcile(services());
    expect(report.adopted).toBe(1);
    await waitFor(async () => (await lifecycleOf(id))?.infra_resource_id === original, 10_000);
    await waitFor(async () => (await credentialCount(id)) === 1);
    await pumpUntil(id, "ready");
    expect((await infra().list({ workspaceId: id, includeDeleted: true })).instances.map((i) => i.resourceId)).toEqual([
      original,
    ]);
  });

  it("re-queues infra events received but never applied", async () => {
    const { id, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", owner, name: "Stuck event" });
    await recordUnappliedEvent({
      eventId: "01JDKSTVCK0000000000000000",
      workspaceId: id,
      resourceId,
      sequence: 99,
      state: "crashed",
      receivedAt: Date.now() - 10 * 60 * 1000,
    });
    const report = await runReconcile(services());
    expect(report.requeuedEvents).toBe(1);
    await waitFor(async () => (await infraEventOf("01JDKSTVCK0000000000000000"))?.processed_at != null);
    expect((await lifecycleOf(id))?.infra_sequence).toBe(99);
  });

  it("pages through 5,000 due workspaces with a fixed number of D1 queries per page", async () => {
    await seedBareWorkspaceRows(5_000, owner.accountId);

    // The fan-out goes to a queue that records instead of delivering: this test measures
    // the paging, not 5,000 coordinators (the tests above exercise those for real).
    const sent: unknown[] = [];
    const recordingQueue = {
      send: async (m: unknown) => void sent.push(m),
      sendBatch: async (ms: { body: unknown }[]) => void sent.push(...ms.map((m) => m.body)),
    };
    const started = Date.now();
    const report = await runReconcile(services({ ...env, RECONCILE_JOBS: recordingQueue as unknown as Queue }));
    const ms = Date.now() - started;
    console.log(
      `[reconciler] ${report.due} due workspaces in ${report.duePages} pages, ${report.dueQueries} D1 queries (${report.queriesPerDuePage} per page), ${report.queries} queries in all, ${ms} ms`,
    );
    expect(report.due).toBeGreaterThanOrEqual(5_000);
    expect(report.duePages).toBe(Math.ceil(report.due / 100));
    // One query per page, plus at most the empty page that ends the pass.
    expect(report.dueQueries).toBeLessThanOrEqual(report.duePages + 1);
    expect(sent.length).toBeGreaterThanOrEqual(5_000);
  });
});
