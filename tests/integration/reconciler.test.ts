/**
 * The 5-minute reconciler: repairs drift by asking the infra service for the truth,
 * destroys instances nobody owns, adopts instances whose setup answer was lost, re-queues
 * events never applied — with a fixed number of D1 queries per page.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createInfraClient } from "../../server/infra/infra-client";
import { createServices } from "../../server/bindings/services";
import { runReconcile } from "../../workers/jobs/reconcile";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { AppClient, signIn, startLogCapture, waitFor } from "./support/app-client";
import { createWorkspace, infraControl, lifecycleOf, pumpUntil } from "./support/infra-world";

let client: AppClient;
const infra = () => createInfraClient({ baseUrl: env.INFRA_API_URL, token: env.INFRA_API_TOKEN });
const services = (forEnv: Env = env) => createServices(forEnv, { traceId: "5bf92f3577b34da6a3ce929d0e0e4736" });

beforeAll(async () => {
  // The stand-in is shared by every test file; this file's reconciler must only see its own instances.
  await infraControl("reset", {});
  client = new AppClient();
  await signIn(client, { email: "reconcile@example.com", name: "Reconcile" });
  await env.DB.prepare("UPDATE accounts SET plan_id = 'pro@1' WHERE email = 'reconcile@example.com'").run();
});

describe("the reconciler", () => {
  it("repairs drift it was never told about (a lost event), and brings reality back to intent", async () => {
    const { id } = await createWorkspace(client, "Drifty");
    await pumpUntil(id, "ready");
    const resourceId = (await lifecycleOf(id))!.infra_resource_id!;
    // The server is paused behind Harbor's back, and its events never arrive.
    await infra().suspend(resourceId);
    await waitFor(async () => (await infra().get(resourceId))?.state === "stopped");
    await env.DB.prepare("UPDATE workspace_instances SET last_reconciled_at = NULL").run();

    const report = await runReconcile(services());
    expect(report.due).toBeGreaterThanOrEqual(1);
    // Its coordinator reads the truth (stopped), then asks to resume: intent is "running".
    await waitFor(async () => (await infra().get(resourceId))?.state === "running", 10_000);
    await pumpUntil(id, "ready");
    const reasons = await env.DB.prepare("SELECT reason FROM workspace_events WHERE workspace_id = ? ORDER BY created_at")
      .bind(id)
      .all<{ reason: string }>();
    expect(reasons.results.map((r) => r.reason)).toContain("paused");
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
    const { id } = await createWorkspace(client, "Forgotten");
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
    await waitFor(
      async () =>
        (await env.DB.prepare("SELECT 1 AS ok FROM workspace_credentials WHERE workspace_id = ?").bind(id).first()) !== null,
    );
    await pumpUntil(id, "ready");
    expect((await infra().list({ workspaceId: id, includeDeleted: true })).instances.map((i) => i.resourceId)).toEqual([
      original,
    ]);
  });

  it("re-queues infra events received but never applied", async () => {
    const { id } = await createWorkspace(client, "Stuck event");
    await pumpUntil(id, "ready");
    const resourceId = (await lifecycleOf(id))!.infra_resource_id!;
    await env.DB.prepare(
      "INSERT INTO infra_events (event_id, workspace_id, infra_resource_id, sequence, infra_state, occurred_at, received_at) VALUES (?, ?, ?, ?, 'crashed', ?, ?)",
    )
      .bind("01JDKSTVCK0000000000000000", id, resourceId, 99, Date.now(), Date.now() - 10 * 60 * 1000)
      .run();
    const report = await runReconcile(services());
    expect(report.requeuedEvents).toBe(1);
    await waitFor(
      async () =>
        (
          await env.DB.prepare("SELECT processed_at FROM infra_events WHERE event_id = '01JDKSTVCK0000000000000000'").first<{
            processed_at: number | null;
          }>()
        )?.processed_at != null,
    );
    expect((await lifecycleOf(id))?.infra_sequence).toBe(99);
  });

  it("pages through 5,000 due workspaces with a fixed number of D1 queries per page", async () => {
    const accountId = (await env.DB.prepare("SELECT id FROM accounts WHERE email = 'reconcile@example.com'").first<{
      id: string;
    }>())!.id;
    const statements: D1PreparedStatement[] = [];
    for (let start = 0; start < 5_000; start += 10) {
      const ids = Array.from({ length: 10 }, (_, i) => `ws_bulk_${String(start + i).padStart(5, "0")}`);
      statements.push(
        env.DB.prepare(
          `INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state) VALUES ${ids.map(() => "(?, ?, ?, ?, ?, 'ready')").join(", ")}`,
        ).bind(...ids.flatMap((id) => [id, id.replaceAll("_", "-"), id, accountId, accountId])),
        env.DB.prepare(
          `INSERT INTO workspace_instances (workspace_id, region, desired_state, workspace_state) VALUES ${ids.map(() => "(?, 'eu-west', 'running', 'ready')").join(", ")}`,
        ).bind(...ids),
      );
    }
    for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));

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
