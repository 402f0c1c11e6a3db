/**
 * Infra events: signed deliveries to /webhooks/infra, through the queue, applied by the
 * workspace's coordinator only when newer than the last applied sequence.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, startLogCapture, waitFor } from "./support/app-client";
import { readyWorkspace } from "./support/fixtures";
import { deliverEvent, lifecycleOf, shuffle, signEvent } from "./support/infra-world";
import { infraEventOf, infraEventsOf } from "./support/records";

let client: AppClient;
let workspaceId: string;
let resourceId: string;

const ulidLike = (n: number) => `01JDK${String(n).padStart(21, "0")}`;
const countEvents = async () => (await infraEventsOf()).length;
/** This file's synthetic events of the workspace (their ids start 01JDK). */
const syntheticEvents = async () => (await infraEventsOf(workspaceId)).filter((e) => e.event_id.startsWith("01JDK"));

beforeAll(async () => {
  ({ client, id: workspaceId, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", name: "Event target" }));
});

describe("the webhook refuses anything not signed by the infra service", () => {
  const event = () => ({
    eventId: ulidLike(1),
    resourceId,
    workspaceId,
    sequence: 999,
    state: "stopped",
    occurredAt: new Date().toISOString(),
  });

  it.each([
    ["no signature", async (body: string) => ({})],
    ["a wrong secret", async (body: string) => ({ "Infra-Signature": await signEvent(body, "not-the-secret") })],
    [
      "a stale signature (6 minutes old)",
      async (body: string) => ({
        "Infra-Signature": await signEvent(body, env.INFRA_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 360),
      }),
    ],
    [
      "a signature from the future",
      async (body: string) => ({
        "Infra-Signature": await signEvent(body, env.INFRA_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) + 360),
      }),
    ],
    ["garbage", async () => ({ "Infra-Signature": "t=abc,v1=zz" })],
    ["a signature of another body", async (body: string) => ({ "Infra-Signature": await signEvent(`${body} `) })],
  ])("%s → 401, nothing written", async (_label, headersFor) => {
    const before = await countEvents();
    const body = JSON.stringify(event());
    const res = await client.fetch("/webhooks/infra", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", ...(await headersFor(body)) },
    });
    expect(res.status).toBe(401);
    expect(await countEvents()).toBe(before);
    expect((await lifecycleOf(workspaceId))?.lifecycle_state).toBe("ready");
  });

  it.each([
    ["not JSON", "{nope"],
    ["missing fields", JSON.stringify({ eventId: ulidLike(2) })],
    ["a negative sequence", JSON.stringify({ ...event(), eventId: ulidLike(3), sequence: -1 })],
    ["a bad event id", JSON.stringify({ ...event(), eventId: "not-a-ulid" })],
  ])("signed but %s → 400, nothing written", async (_label, body) => {
    const before = await countEvents();
    const res = await client.fetch("/webhooks/infra", {
      method: "POST",
      body,
      headers: { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) },
    });
    expect(res.status).toBe(400);
    expect(await countEvents()).toBe(before);
  });

  it("GET is not a way in", async () => {
    expect((await client.fetch("/webhooks/infra")).status).toBe(405);
  });
});

describe("ordering: only the newest sequence wins", () => {
  it("50 events delivered at once, duplicated and shuffled, end in the state of the highest sequence, each applied once", async () => {
    const capture = startLogCapture();
    const base = (await lifecycleOf(workspaceId))!.infra_sequence;
    // A realistic run of changes: pause, resume, pause… ending paused at the highest sequence.
    const cycle = ["draining", "stopped", "booting", "running"];
    const events = Array.from({ length: 50 }, (_, i) => ({
      eventId: ulidLike(100 + i),
      resourceId,
      workspaceId,
      sequence: base + 1 + i,
      state: i === 49 ? "stopped" : cycle[i % 4]!,
      occurredAt: new Date(Date.now() + i).toISOString(),
    }));
    const deliveries = shuffle([...events, ...events, ...shuffle(events).slice(0, 20)]);
    const responses = await Promise.all(deliveries.map((e) => deliverEvent(e)));
    expect(responses.every((r) => r.status === 202)).toBe(true);

    await waitFor(async () => (await syntheticEvents()).filter((e) => e.processed_at !== null).length === 50, 20_000);
    capture.stop();

    const row = await lifecycleOf(workspaceId);
    expect(row).toMatchObject({
      infra_sequence: base + 50,
      infra_state: "stopped",
      workspace_state: "suspended",
      lifecycle_state: "suspended",
    });
    // Each event recorded once; outcomes are applied or stale, never lost.
    const outcomes = (await syntheticEvents()).map((e) => e.outcome);
    expect(outcomes).toHaveLength(50);
    expect([...new Set(outcomes)].sort()).toEqual(expect.arrayContaining(["applied"]));
    // The last timeline entry is the pause, and no step was applied twice.
    const applied = capture.lines
      .filter((l) => l.event === "infra.event_processed" && l.outcome === "applied")
      .map((l) => l.eventId);
    expect(new Set(applied).size).toBe(applied.length);
  });

  it("a redelivered event is acknowledged and changes nothing; an older one is processed as stale", async () => {
    const row = (await lifecycleOf(workspaceId))!;
    const outcomeOf = async (id: string) => {
      const event = await infraEventOf(id);
      return event && { processed_at: event.processed_at, outcome: event.outcome };
    };
    // The very same event again: already processed, so the webhook does not queue it twice.
    const original = (await infraEventsOf(workspaceId)).find((e) => e.outcome === "applied")!;
    const applied = original.event_id;
    const before = await outcomeOf(applied);
    const again = {
      eventId: applied,
      resourceId,
      workspaceId,
      sequence: original.sequence,
      state: original.infra_state,
      occurredAt: new Date(original.occurred_at).toISOString(),
    };
    expect((await deliverEvent(again)).status).toBe(202);
    expect(await outcomeOf(applied)).toEqual(before);
    // A new event older than what was applied: processed, judged stale, nothing moves.
    const stale = {
      eventId: ulidLike(990),
      resourceId,
      workspaceId,
      sequence: row.infra_sequence - 10,
      state: "running",
      occurredAt: new Date().toISOString(),
    };
    expect((await deliverEvent(stale)).status).toBe(202);
    const processed = await waitFor(async () => {
      const r = await outcomeOf(stale.eventId);
      return r?.processed_at ? r : null;
    });
    expect(processed.outcome).toBe("stale");
    expect(await lifecycleOf(workspaceId)).toMatchObject({
      infra_sequence: row.infra_sequence,
      lifecycle_state: row.lifecycle_state,
    });
  });

  it("an event about an instance we do not know is recorded (no foreign-key failure) and flagged", async () => {
    const capture = startLogCapture();
    const event = {
      eventId: ulidLike(900),
      resourceId: "inst_00000000000000000000000000",
      workspaceId: "ws_gone_long_ago",
      sequence: 3,
      state: "running",
      occurredAt: new Date().toISOString(),
    };
    expect((await deliverEvent(event)).status).toBe(202);
    const alert = await waitFor(async () => capture.lines.find((l) => l.event === "infra.event_for_unknown_instance"));
    capture.stop();
    expect(alert).toMatchObject({ level: "alert", resourceId: event.resourceId });
    const row = (await infraEventOf(event.eventId))!;
    expect({ workspace_id: row.workspace_id, outcome: row.outcome }).toEqual({
      workspace_id: "ws_gone_long_ago",
      outcome: "orphan",
    });
  });
});
