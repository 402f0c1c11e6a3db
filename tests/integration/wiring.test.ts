import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { AppClient, startLogCapture, waitFor } from "./support/app-client";

describe("one deployable: form action → queue → consumer → coordinator", () => {
  const capture = startLogCapture();
  afterEach(() => void capture.lines.splice(0));

  it("carries the request's trace id all the way to the coordinator's stored effect", async () => {
    const client = new AppClient();
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const res = await client.fetch("/__test/probe", {
      form: { workspaceId: "ws_wiring", probeId: "probe-1" },
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ enqueued: true, traceId });
    const effect = await waitFor(async () => {
      const read = await client.fetch("/__test/probe?workspaceId=ws_wiring");
      const { effects } = (await read.json()) as { effects: { probeId: string; traceId: string }[] };
      return effects.find((e) => e.probeId === "probe-1");
    });
    expect(effect.traceId).toBe(traceId);

    // The same trace id appears in the request's, the consumer's and the coordinator's logs.
    const withTrace = capture.lines.filter((l) => l.traceId === traceId);
    expect(withTrace.map((l) => l.event)).toEqual(
      expect.arrayContaining(["probe.enqueued", "queue.probe_delivered", "coordinator.diagnostic_recorded"]),
    );
    // Counters are emitted as metric lines carrying the same trace id.
    const metrics = withTrace.filter((l) => l.kind === "metric").map((l) => l.metric);
    expect(metrics).toEqual(expect.arrayContaining(["requests", "queue_messages"]));
  });

  it("a redelivered message changes nothing (the coordinator is idempotent)", async () => {
    const client = new AppClient();
    for (let i = 0; i < 3; i++) {
      await client.fetch("/__test/probe", { form: { workspaceId: "ws_twice", probeId: "same" } });
    }
    await waitFor(async () => capture.lines.filter((l) => l.event === "queue.probe_delivered").length === 3);
    const read = await client.fetch("/__test/probe?workspaceId=ws_twice");
    expect(((await read.json()) as { effects: unknown[] }).effects).toHaveLength(1);
  });

  it("a message of the wrong shape is dropped with an alert, not retried forever", async () => {
    await env.INFRA_EVENTS.send({ type: "nonsense", traceId: "not-a-trace" });
    const alert = await waitFor(async () => capture.lines.find((l) => l.event === "queue.message_malformed"));
    expect(alert).toMatchObject({ level: "alert", alert: true });
  });
});
