/**
 * The coordinator is the one writer of a workspace's lifecycle under ANY interleaving
 * (principle 02, docs/decisions/0023): calls sent straight to its stub at the same time —
 * no queue serialising them — end exactly as if they had come one after another.
 * Randomness is seeded; a failure names its seed.
 */
import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { lifecycleStateFor } from "../../domain/lifecycle/lifecycle-decisions";
import type { InfraEvent } from "../../server/infra/infra-event";
import { clearD1Faults, setD1Faults } from "../../server/test-controls/d1-faults";
import { QUEUE_NAMES } from "../../server/queues/messages";
import worker from "../../workers/app";
import { coordinatorFor } from "../../server/bindings/coordinator";
import { seededRandom } from "../support/seeded-random";
import { type AppClient, waitFor } from "./support/app-client";
import { signedIn } from "./support/fixtures";
import { createWorkspace, eventPump, infraControl, lifecycleOf, pumpUntil, recordedEvents } from "./support/infra-world";
import { credentialCount, infraEventOf, timelineOf as timeline } from "./support/records";
import { seedReadyWorkspaces, type SeededWorkspace } from "./support/seeded-workspaces";

const rng = seededRandom();
const seedNote = `seed ${rng.seed}`;
let eventCounter = 0;

/** A fresh, valid event id (ULID alphabet) for a synthetic infra event. */
function eventId(): string {
  const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let n = eventCounter++;
  let tail = "";
  for (let i = 0; i < 22; i++, n = Math.floor(n / 32)) tail = alphabet[n % 32] + tail;
  return `01JE${tail}`;
}

function event(ws: SeededWorkspace, sequence: number, state: string): InfraEvent {
  return {
    eventId: eventId(),
    resourceId: ws.resourceId,
    workspaceId: ws.id,
    sequence,
    state,
    occurredAt: new Date().toISOString(),
  };
}

/** Runs the coordinator's alarms until none is due now (infra calls made, answers applied). */
async function settle(workspaceId: string, rounds = 6) {
  for (let i = 0; i < rounds; i++) {
    const { work } = await coordinatorFor(env, workspaceId).snapshot();
    if (work.inFlight) await waitFor(async () => (await coordinatorFor(env, workspaceId).snapshot()).work.inFlight === null);
    if (!(await runDurableObjectAlarm(coordinatorFor(env, workspaceId)))) return;
  }
}

/** What must hold whatever happened: D1 agrees with the coordinator, and with itself. */
async function expectConsistent(workspaceId: string, note: string) {
  const { record, projectedVersion } = await coordinatorFor(env, workspaceId).snapshot();
  const row = (await lifecycleOf(workspaceId))!;
  const hasCredentials = (await credentialCount(workspaceId)) > 0;
  expect(projectedVersion, note).toBe(record!.version);
  expect(
    { desired: row.desired_state, observed: row.workspace_state, visible: row.lifecycle_state, sequence: row.infra_sequence },
    note,
  ).toEqual({
    desired: record!.desired,
    observed: record!.observed,
    visible: record!.visible,
    sequence: record!.infraSequence,
  });
  if (row.lifecycle_state !== "deleted" && row.lifecycle_state !== "deprovisioning") {
    expect(row.lifecycle_state, note).toBe(
      lifecycleStateFor({ desired: record!.desired, observed: record!.observed, hasInstance: hasCredentials }),
    );
  }
  // The timeline is one chain, in order: each entry starts where the one before ended.
  const entries = await timeline(workspaceId);
  for (let i = 1; i < entries.length; i++)
    expect(entries[i]!.previous_state, `${note} timeline ${JSON.stringify(entries)}`).toBe(entries[i - 1]!.state);
  expect(entries.at(-1)?.state, note).toBe(row.lifecycle_state);
  // Deleted never comes back.
  const firstDeleted = entries.findIndex((e) => e.state === "deleted");
  if (firstDeleted >= 0) expect(entries.slice(firstDeleted + 1), note).toEqual([]);
}

let client: AppClient;

beforeAll(async () => {
  await infraControl("reset", {});
  ({ client } = await signedIn({ plan: "pro@1" }));
});
afterEach(async () => {
  clearD1Faults();
  await infraControl("faults", { responseDelayMs: 0 });
});

describe("events sent straight to the coordinator at once", () => {
  it("50 events, duplicated and shuffled, in 50 rounds: the highest sequence wins, each event applied once", async () => {
    const workspaces = await seedReadyWorkspaces(10);
    const cycle = ["draining", "stopped", "booting", "running", "crashed"];
    let wrong = 0;
    for (let round = 0; round < 50; round++) {
      const ws = workspaces[round % workspaces.length]!;
      const base = ws.sequence;
      const events = Array.from({ length: 50 }, (_, i) => event(ws, base + 1 + i, cycle[rng.int(cycle.length)]!));
      ws.sequence = base + 50;
      const deliveries = rng.shuffle([...events, ...rng.shuffle(events).slice(0, 25)]);
      const stub = coordinatorFor(env, ws.id);
      const outcomes = await Promise.all(
        deliveries.map((e) => stub.applyInfraEvent(e, "0af7651916cd43dd8448eb211c80319c").then((o) => [e.eventId, o] as const)),
      );
      const applied = outcomes.filter(([, o]) => o === "applied").map(([id]) => id);
      const last = events.at(-1)!;
      const row = (await lifecycleOf(ws.id))!;
      const ok =
        new Set(applied).size === applied.length &&
        applied.includes(last.eventId) &&
        row.infra_sequence === last.sequence &&
        row.infra_state === last.state;
      if (!ok) wrong++;
    }
    expect(wrong, seedNote).toBe(0);
    for (const ws of workspaces) await expectConsistent(ws.id, seedNote);
  });
});

describe("intents, events and reconciler visits at once", () => {
  it("50 rounds: desired, observed and visible agree, the timeline is one chain, deleted stays deleted", async () => {
    const workspaces = await seedReadyWorkspaces(50);
    const states = ["running", "stopped", "crashed", "draining", "booting"];
    for (const ws of workspaces) {
      const stub = coordinatorFor(env, ws.id);
      const calls: (() => Promise<unknown>)[] = [];
      for (let i = 0; i < 6; i++)
        calls.push(() =>
          stub.applyInfraEvent(event(ws, ws.sequence + 1 + i, rng.pick(states)), "0af7651916cd43dd8448eb211c80319c"),
        );
      const intents = [
        () =>
          stub.requestSuspend({
            workspaceId: ws.id,
            reason: "trial_ended",
            actor: "system",
            traceId: "1af7651916cd43dd8448eb211c80319c",
          }),
        () => stub.requestResume({ workspaceId: ws.id, actor: "system", traceId: "2af7651916cd43dd8448eb211c80319c" }),
        () =>
          stub.requestSuspend({
            workspaceId: ws.id,
            reason: "payment_failed",
            actor: "system",
            traceId: "3af7651916cd43dd8448eb211c80319c",
          }),
      ];
      const deletes = rng.next() < 0.4;
      if (deletes)
        intents.push(() =>
          stub.requestDelete({ workspaceId: ws.id, actor: "account:x", traceId: "4af7651916cd43dd8448eb211c80319c" }),
        );
      calls.push(...intents, () => stub.reconcile({ workspaceId: ws.id, traceId: "5af7651916cd43dd8448eb211c80319c" }));
      await Promise.all(rng.shuffle(calls).map((call) => call()));
      const note = `${seedNote} workspace ${ws.id}`;
      await expectConsistent(ws.id, note);
      if (deletes) {
        const { record } = await coordinatorFor(env, ws.id).snapshot();
        expect(record!.desired, note).toBe("deleted");
        expect(["deprovisioning", "deleted"], note).toContain(record!.visible);
      }
    }
    // And again once every alarm has run and every infra call has come back.
    await Promise.all(workspaces.map((ws) => settle(ws.id)));
    for (const ws of workspaces) await expectConsistent(ws.id, `${seedNote} workspace ${ws.id} (settled)`);
  });
});

describe("a slow infra service: calls in flight while events and intents arrive", () => {
  it("delete while the server is being set up: ends deleted, the server destroyed, none left over", async () => {
    await infraControl("faults", { responseDelayMs: { provision: 800 } });
    const { id } = await createWorkspace(client, "Deleted while setting up");
    await waitFor(async () => (await coordinatorFor(env, id).snapshot()).work.inFlight?.action === "provision");
    const pump = eventPump(id);
    await pump();
    await coordinatorFor(env, id).requestDelete({
      workspaceId: id,
      actor: "account:x",
      traceId: "6af7651916cd43dd8448eb211c80319c",
    });
    expect((await lifecycleOf(id))?.lifecycle_state).toBe("deprovisioning");
    // The answer arrives: its server is destroyed, not kept.
    await waitFor(async () => {
      await pump();
      return (await lifecycleOf(id))?.lifecycle_state === "deleted";
    }, 10_000);
    const instances = (await infraControl<{ events: { workspaceId: string; state: string }[] }>("events")).events.filter(
      (e) => e.workspaceId === id,
    );
    expect(instances.map((e) => e.state)).toContain("deleted");
    await expectConsistent(id, "delete while setting up");
  });

  it("events arrive before the slow provision answer: the answer's key is kept, no second server", async () => {
    await infraControl("faults", { responseDelayMs: { provision: 800 } });
    const { id } = await createWorkspace(client, "Events first");
    await waitFor(async () => (await coordinatorFor(env, id).snapshot()).work.inFlight?.action === "provision");
    const pump = eventPump(id);
    await waitFor(
      async () => (await pump()).some((e) => e.state === "running") || (await lifecycleOf(id))?.infra_state === "running",
      5_000,
    );
    await pumpUntil(id, "ready");
    expect(await credentialCount(id)).toBe(1);
    const provisioned = (await infraControl<{ events: { workspaceId: string; resourceId: string }[] }>("events")).events.filter(
      (e) => e.workspaceId === id,
    );
    expect(new Set(provisioned.map((e) => e.resourceId)).size).toBe(1);
    await expectConsistent(id, "events first");
  });

  it("resume while a pause is in flight: ends running", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    await infraControl("faults", { responseDelayMs: { suspend: 800 } });
    const stub = coordinatorFor(env, ws!.id);
    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "trial_ended",
      actor: "system",
      traceId: "7af7651916cd43dd8448eb211c80319c",
    });
    await waitFor(async () => (await stub.snapshot()).work.inFlight?.action === "suspend");
    await stub.requestResume({ workspaceId: ws!.id, actor: "system", traceId: "8af7651916cd43dd8448eb211c80319c" });
    const pump = eventPump(ws!.id);
    await waitFor(async () => {
      await pump();
      await settle(ws!.id, 1);
      const row = await lifecycleOf(ws!.id);
      return row?.lifecycle_state === "ready" && row.infra_state === "running" && row.desired_state === "running";
    }, 15_000);
    await expectConsistent(ws!.id, "resume during pause");
  });
});

describe("the same events through the real queue consumer at once", () => {
  /** One invocation of the Worker's real queue handler, as Cloudflare makes it. */
  async function consume(messages: { id: string; body: unknown }[]) {
    const batch = createMessageBatch(
      QUEUE_NAMES.infraEvents,
      messages.map((m) => ({ ...m, timestamp: new Date(), attempts: 1 })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    return result;
  }

  it("one event handled by two consumer invocations at once has one effect", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const e = event(ws!, 2, "stopped");
    const message = { type: "infra.event", traceId: "9af7651916cd43dd8448eb211c80319c", event: e };
    await Promise.all([consume([{ id: "m1", body: message }]), consume([{ id: "m2", body: message }])]);
    const entries = (await timeline(ws!.id)).filter((t) => t.state === "suspended");
    expect(entries).toHaveLength(1);
    expect((await lifecycleOf(ws!.id))?.infra_sequence).toBe(2);
  });

  it("five batches of one workspace's events at once: 40 rounds, 0 wrong", async () => {
    const workspaces = await seedReadyWorkspaces(8);
    const states = ["draining", "stopped", "booting", "running"];
    let wrong = 0;
    for (let round = 0; round < 40; round++) {
      const ws = workspaces[round % workspaces.length]!;
      const events = Array.from({ length: 10 }, (_, i) => event(ws, ws.sequence + 1 + i, rng.pick(states)));
      ws.sequence += 10;
      const messages = rng.shuffle(events).map((e, i) => ({
        id: `r${round}-${i}`,
        body: { type: "infra.event", traceId: "aaf7651916cd43dd8448eb211c80319c", event: e },
      }));
      await Promise.all([0, 1, 2, 3, 4].map((b) => consume(messages.filter((_, i) => i % 5 === b))));
      const row = (await lifecycleOf(ws.id))!;
      if (row.infra_sequence !== events.at(-1)!.sequence || row.infra_state !== events.at(-1)!.state) wrong++;
    }
    expect(wrong, seedNote).toBe(0);
  });
});

describe("found one at a time (no concurrency needed)", () => {
  it("a 'deleted' event that overtakes its 'deleting' ends deleted", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    await stub.requestDelete({ workspaceId: ws!.id, actor: "account:x", traceId: "baf7651916cd43dd8448eb211c80319c" });
    expect(await stub.applyInfraEvent(event(ws!, 3, "deleted"), "baf7651916cd43dd8448eb211c80319c")).toBe("applied");
    expect(await stub.applyInfraEvent(event(ws!, 2, "deleting"), "baf7651916cd43dd8448eb211c80319c")).toBe("stale");
    const row = await lifecycleOf(ws!.id);
    expect(row).toMatchObject({ lifecycle_state: "deleted", workspace_state: "deleted" });
    expect(row?.deleted_at).not.toBeNull();
  });

  it("a pause asked for after a delete leaves it being deleted", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    await stub.requestDelete({ workspaceId: ws!.id, actor: "account:x", traceId: "caf7651916cd43dd8448eb211c80319c" });
    await stub.requestSuspend({
      workspaceId: ws!.id,
      reason: "trial_ended",
      actor: "system",
      traceId: "caf7651916cd43dd8448eb211c80319c",
    });
    await stub.requestResume({ workspaceId: ws!.id, actor: "system", traceId: "caf7651916cd43dd8448eb211c80319c" });
    expect(await lifecycleOf(ws!.id)).toMatchObject({ desired_state: "deleted", lifecycle_state: "deprovisioning" });
  });

  it("the same change from two writers at once writes one timeline entry", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    const twice = (s: number) =>
      Promise.all([
        stub.applyInfraEvent(event(ws!, s, "stopped"), "daf7651916cd43dd8448eb211c80319c"),
        stub.applyInfraEvent(event(ws!, s, "stopped"), "daf7651916cd43dd8448eb211c80319c"),
      ]);
    await twice(2);
    await Promise.all([
      stub.requestSuspend({
        workspaceId: ws!.id,
        reason: "downgrade",
        actor: "system",
        traceId: "eaf7651916cd43dd8448eb211c80319c",
      }),
      stub.requestSuspend({
        workspaceId: ws!.id,
        reason: "downgrade",
        actor: "system",
        traceId: "eaf7651916cd43dd8448eb211c80319c",
      }),
    ]);
    const entries = await timeline(ws!.id);
    expect(entries.filter((e) => e.reason === "paused")).toHaveLength(1);
    expect(entries.filter((e) => e.reason === "downgrade")).toHaveLength(1);
  });

  it("every timeline entry carries the trace id of the call that caused it", async () => {
    const [ws] = await seedReadyWorkspaces(1);
    const stub = coordinatorFor(env, ws!.id);
    const traces = ["f1f7651916cd43dd8448eb211c80319c", "f2f7651916cd43dd8448eb211c80319c", "f3f7651916cd43dd8448eb211c80319c"];
    await Promise.all([
      stub.applyInfraEvent(event(ws!, 2, "stopped"), traces[0]!),
      stub.requestSuspend({ workspaceId: ws!.id, reason: "downgrade", actor: "system", traceId: traces[1]! }),
      stub.applyInfraEvent(event(ws!, 3, "crashed"), traces[2]!),
    ]);
    const byReason = Object.fromEntries((await timeline(ws!.id)).map((r) => [r.reason, r.trace_id]));
    expect(byReason.downgrade).toBe(traces[1]);
    expect(byReason.crashed).toBe(traces[2]);
  });
});

describe("an event whose resource and workspace disagree", () => {
  it("is refused, recorded as a mismatch, alerted, and changes nothing", async () => {
    const [a, b] = await seedReadyWorkspaces(2);
    const forged = { ...event(b!, 5, "stopped"), workspaceId: a!.id };
    const before = [await lifecycleOf(a!.id), await lifecycleOf(b!.id)];
    const { deliverEvent } = await import("./support/infra-world");
    expect((await deliverEvent(forged)).status).toBe(202);
    await waitFor(async () => (await infraEventOf(forged.eventId))?.processed_at != null);
    expect((await infraEventOf(forged.eventId))?.outcome).toBe("mismatch");
    expect([await lifecycleOf(a!.id), await lifecycleOf(b!.id)]).toEqual(before);
  });
});

describe("the alarm and an event, with D1 answering in 5–20 ms", () => {
  it("20 provision answers each met by their own events at the same moment: every workspace Ready with its key", async () => {
    const owners = await Promise.all(
      [0, 1, 2, 3].map(async (i) => (await signedIn({ name: `Race ${i}`, plan: "pro@1" })).client),
    );
    // Every D1 call of the Worker (pages, queue, coordinator) waits 5–20 ms: a production-like pace.
    setD1Faults({ delayMs: [5, 20], seed: rng.seed });
    // The answer to each provision comes 800 ms late; the server is up before that.
    const answerDelay = 800;
    await infraControl("faults", { responseDelayMs: { provision: answerDelay } });
    const created = await Promise.all(
      owners.flatMap((owner, i) =>
        [0, 1, 2, 3, 4].map(async (j) => ({ ...(await createWorkspace(owner, `Race ${i}-${j}`)), askedAt: Date.now() })),
      ),
    );
    const ready = await Promise.all(
      created.map(async ({ id, askedAt }) => {
        // The adversarial schedule: the server's events reach the coordinator (as another
        // consumer would hand them over) within ±30 ms of the provision answer.
        const events = await waitFor(async () => {
          const recorded = await recordedEvents({ workspaceId: id });
          return recorded.some((e) => e.state === "running") ? recorded : null;
        });
        const at = askedAt + answerDelay + rng.int(61) - 30;
        await new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));
        await Promise.all(events.map((e) => coordinatorFor(env, id).applyInfraEvent(e, "0cf7651916cd43dd8448eb211c80319c")));
        return pumpUntil(id, "ready", 8_000).then(
          () => true,
          () => false,
        );
      }),
    );
    clearD1Faults();
    expect(ready.filter((ok) => !ok).length, seedNote).toBe(0);
    for (const { id } of created) {
      expect(await credentialCount(id), seedNote).toBe(1);
      await expectConsistent(id, `${seedNote} ${id}`);
    }
  });
});
