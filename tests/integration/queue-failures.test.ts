/**
 * The queue's failure path, for real: D1 fails under the infra-events consumer (the
 * binding-edge fault wrapper, nothing of ours mocked), the message is retried, lands in
 * the dead-letter queue, is recorded and alerted on — and once D1 is back the reconciler
 * heals what the lost event was about.
 *
 * The workerd project runs these queues with 2 retries and no backoff (vitest.config.ts,
 * QUEUE_RETRY_DELAY_SECONDS=0 in scripts/local-world.ts).
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../server/bindings/services";
import { QUEUE_NAMES } from "../../server/queues/messages";
import { clearD1Faults, d1FaultsStatus, setD1Faults } from "../../server/test-controls/d1-faults";
import { MAX_DEAD_LETTER_BODY } from "../../workers/dead-letters";
import { runReconcile } from "../../workers/jobs/reconcile";
import { handleQueueBatch } from "../../workers/queue-consumer";
import { type AppClient, startLogCapture, waitFor } from "./support/app-client";
import { signedIn } from "./support/fixtures";
import { createWorkspace, deliverEvent, infraControl, lifecycleOf, recordedEvents } from "./support/infra-world";
import { deadLetterOf as deadLetter, infraEventOf, makeEveryWorkspaceDue } from "./support/records";

/**
 * Part of the SQL of routeInfraEvent (app/.server/repositories/workspace-lifecycle.ts):
 * the consumer's lookup of which workspace an event belongs to. If that query changes,
 * the first test fails at "a failure was injected".
 */
const EVENT_ROUTING_SQL = '"infra_resource_id" = ? or "workspace_instances"."workspace_id" = ?';
const RETRIES = 2;

let client: AppClient;

beforeAll(async () => {
  // The stand-in is shared by every test file; this file's reconciler must only see its own instances.
  await infraControl("reset", {});
  ({ client } = await signedIn());
});

afterEach(() => void clearD1Faults());

describe("a queue message that keeps failing", () => {
  it("is retried, dead-lettered, recorded and alerted on; the reconciler then heals the workspace", async () => {
    const { id } = await createWorkspace(client, "Dead letters");
    // The stand-in boots the server; its events are delivered by hand, all but the last.
    const events = await waitFor(async () => {
      const recorded = await recordedEvents({ workspaceId: id });
      return recorded.some((e) => e.state === "running") && recorded;
    });
    const running = events.find((e) => e.state === "running")!;
    for (const event of events.filter((e) => e.sequence < running.sequence)) expect((await deliverEvent(event)).status).toBe(202);
    await waitFor(async () => (await lifecycleOf(id))?.infra_sequence === running.sequence - 1);
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("provisioning");

    // D1 now fails the consumer's lookup of the event's workspace, every time.
    const capture = startLogCapture();
    try {
      setD1Faults({ failMatching: EVENT_ROUTING_SQL });
      const accepted = await deliverEvent(running);
      // The webhook's own statements are untouched: the event is recorded and queued.
      expect(accepted.status).toBe(202);
      const traceId = accepted.headers.get("X-Trace-Id")!;

      const failures = await waitFor(async () => {
        const lines = capture.lines.filter((l) => l.event === "queue.message_failed" && l.traceId === traceId);
        return lines.length === RETRIES + 1 && lines;
      });
      // One message, tried 1 + 2 times, each time failing on the injected D1 error.
      const messageId = failures[0]!.messageId as string;
      expect(failures.map((l) => [l.messageId, l.queue, l.attempts])).toEqual(
        [1, 2, 3].map((n) => [messageId, QUEUE_NAMES.infraEvents, n]),
      );
      // Drizzle wraps the binding's error ("Failed query: …", the injected one as its cause).
      for (const l of failures) expect((l.error as { message: string }).message).toContain(EVENT_ROUTING_SQL);
      expect(d1FaultsStatus().injected).toBe(RETRIES + 1);

      // …then it arrives on the dead-letter queue: recorded once, with an alert.
      const alert = await waitFor(async () =>
        capture.lines.find((l) => l.event === "queue.dead_letter" && l.messageId === messageId),
      );
      expect(alert).toMatchObject({
        level: "alert",
        alert: true,
        queue: QUEUE_NAMES.deadLetters,
        fromQueue: QUEUE_NAMES.infraEvents,
        type: "infra.event",
        recorded: true,
        traceId,
      });
      const row = (await deadLetter(messageId))!;
      expect(row).toMatchObject({ queue: QUEUE_NAMES.infraEvents, attempts: 1, trace_id: traceId });
      expect(JSON.parse(row.body)).toEqual({ type: "infra.event", traceId, event: running });
      expect(Math.abs(row.received_at - Date.now())).toBeLessThan(30_000);
      // No more retries of it anywhere.
      expect(capture.lines.filter((l) => l.event === "queue.message_failed" && l.messageId === messageId)).toHaveLength(
        RETRIES + 1,
      );
    } finally {
      capture.stop();
    }

    // The event was never applied: the workspace still looks like it is setting up.
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("provisioning");
    const stuck = await infraEventOf(running.eventId);
    expect(stuck?.processed_at).toBeNull();

    // D1 is back; the reconciler's pass asks the infra service for the truth.
    clearD1Faults();
    await makeEveryWorkspaceDue();
    const report = await runReconcile(createServices(env, { traceId: "6bf92f3577b34da6a3ce929d0e0e4736" }));
    expect(report.due).toBeGreaterThanOrEqual(1);
    const healed = await waitFor(async () => {
      const now = await lifecycleOf(id);
      return now?.lifecycle_state === "ready" && now;
    });
    expect(healed).toMatchObject({
      infra_state: "running",
      infra_sequence: running.sequence,
      infra_resource_id: running.resourceId,
    });
  });
});

describe("the D1 fault wrapper", () => {
  it("reaches the Durable Object: it shares this isolate and the faults' module state", async () => {
    // Delays only: a failure inside the coordinator's blockConcurrencyWhile would reset the object.
    setD1Faults({ delayMs: [150, 150] });
    const coordinator = env.WORKSPACE_COORDINATOR.get(env.WORKSPACE_COORDINATOR.idFromName("ws_fault_probe"));
    const started = Date.now();
    // A coordinator it has never seen: it must read D1 to find out the workspace is gone.
    expect(await coordinator.reconcile({ workspaceId: "ws_fault_probe", traceId: "8bf92f3577b34da6a3ce929d0e0e4736" })).toBe(
      "gone",
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    // This test made no query of its own: the round trips counted here are the object's.
    expect(d1FaultsStatus().roundTrips).toBeGreaterThanOrEqual(1);
  });

  it("is set over HTTP too, and reaches the pages' database", async () => {
    const set = await client.fetch("/__test/d1-faults", {
      json: { failMatching: 'from "cron_runs"', failTimes: 1, delayMs: [5, 20], seed: 1 },
    });
    expect(await set.json()).toMatchObject({ active: true, failuresLeft: 1, faults: { delayMs: [5, 20], seed: 1 } });
    expect((await client.fetch("/__test/cron-runs")).status).toBe(500);
    expect((await client.fetch("/__test/cron-runs")).status).toBe(200);
    expect(await (await client.fetch("/__test/d1-faults")).json()).toMatchObject({ active: true, injected: 1, failuresLeft: 0 });
    expect((await client.fetch("/__test/d1-faults", { json: { failTimes: -1 } })).status).toBe(400);
    expect(await (await client.fetch("/__test/d1-faults", { json: {} })).json()).toMatchObject({ active: false });
  });
});

describe("the dead-letter consumer", () => {
  const letter = (id: string, body: unknown) => {
    const outcome = { acked: 0, retried: 0 };
    const message = {
      id,
      timestamp: new Date(),
      body,
      attempts: 1,
      ack: () => void outcome.acked++,
      retry: () => void outcome.retried++,
    } as unknown as Message<unknown>;
    return { message, outcome };
  };
  const consume = (messages: Message<unknown>[]) =>
    handleQueueBatch(
      { queue: QUEUE_NAMES.deadLetters, messages, ackAll() {}, retryAll() {} } as unknown as MessageBatch<unknown>,
      env,
    );

  it("records any body — malformed, odd or huge — without throwing, and a redelivery changes nothing", async () => {
    const cyclic: Record<string, unknown> = { type: "reconcile.workspace" };
    cyclic.self = cyclic;
    const bodies: [string, unknown, string][] = [
      ["dl-null", null, "unknown"],
      ["dl-text", "just text", "unknown"],
      ["dl-type", { type: 42, traceId: "<script>" }, "unknown"],
      ["dl-unknown-type", { type: "billing.nonsense" }, "unknown"],
      ["dl-cyclic", cyclic, QUEUE_NAMES.reconcileJobs],
      [
        "dl-huge",
        { type: "diagnostic.probe", traceId: "7bf92f3577b34da6a3ce929d0e0e4736", pad: "x".repeat(100_000) },
        QUEUE_NAMES.infraEvents,
      ],
    ];
    const capture = startLogCapture();
    try {
      const first = bodies.map(([id, body]) => letter(id, body));
      await consume(first.map((l) => l.message));
      const again = letter("dl-type", { type: "infra.event" });
      await consume([again.message]);
      for (const { outcome } of [...first, again]) expect(outcome).toEqual({ acked: 1, retried: 0 });
      expect(capture.lines.filter((l) => l.event === "queue.dead_letter").map((l) => l.messageId)).toEqual(
        bodies.map(([id]) => id),
      );
      expect(capture.lines.find((l) => l.event === "queue.dead_letter_duplicate")).toMatchObject({ messageId: "dl-type" });
    } finally {
      capture.stop();
    }
    for (const [id, , queue] of bodies) expect((await deadLetter(id))?.queue, id).toBe(queue);
    expect(await deadLetter("dl-type")).toMatchObject({ body: '{"type":42,"traceId":"<script>"}', trace_id: null });
    expect((await deadLetter("dl-text"))?.body).toBe('"just text"');
    expect((await deadLetter("dl-cyclic"))?.body).toMatch(/^\[unserialisable/);
    const huge = (await deadLetter("dl-huge"))!;
    expect(huge.trace_id).toBe("7bf92f3577b34da6a3ce929d0e0e4736");
    expect(huge.body.length).toBeLessThan(MAX_DEAD_LETTER_BODY + 100);
    expect(huge.body).toMatch(/…\[truncated \d+ chars\]$/);
  });
});
