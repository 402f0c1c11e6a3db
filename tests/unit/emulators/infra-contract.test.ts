/**
 * The infra emulator against docs/infra-contract.md (shapes in tests/fixtures/infra),
 * driven through Harbor's own infra client and checked with Harbor's own webhook
 * signature verifier — the adapters production uses.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createInfraClient, InfraError } from "../../../server/infra/infra-client";
import { verifyInfraSignature } from "../../../server/infra/webhook-signature";
import { startInfraEmulator, type InfraEmulator } from "../../../emulators/infra/infra-server.ts";
import { startOpenBerthHost, type OpenBerthHost } from "../../../emulators/openberth/host.ts";
import contract from "../../fixtures/infra/contract.json";
import { eventually, startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver.ts";

const TOKEN = "infra-test-token";
const SECRET = "infra-test-webhook-secret";
const fast = {
  timings: { provisionStepMs: 40, stepMs: 60 },
  retry: { baseMs: 40, maxMs: 200, maxAttempts: 3, timeoutMs: 2_000 },
};

let dir: string;
let host: OpenBerthHost;
let infra: InfraEmulator;
let receiver: WebhookReceiver;

async function startInfra(stateDir: string) {
  return startInfraEmulator({
    port: 0,
    stateDir,
    fleet: host,
    apiToken: TOKEN,
    webhookSecret: SECRET,
    webhookUrl: receiver.url,
    ...fast,
  });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "infra-"));
  host = await startOpenBerthHost({ port: 0, stateDir: path.join(dir, "ob"), buildDelayMs: 20 });
  infra = await startInfra(path.join(dir, "infra"));
  receiver.deliveries.splice(0);
  receiver.respondWith(200);
});
afterEach(async () => {
  await infra.close();
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = () => createInfraClient({ baseUrl: infra.url, token: TOKEN });
const raw = (p: string, init: RequestInit = {}) =>
  fetch(`${infra.url}${p}`, {
    ...init,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json", ...init.headers },
  });
const control = (p: string, body: unknown = {}) =>
  fetch(`${infra.url}/__control/${p}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "Content-Type": "application/json" },
  }).then((r) => r.json());
const statesFor = (resourceId: string) =>
  receiver.deliveries.filter((d) => d.body.resourceId === resourceId).map((d) => d.body.state);
const waitForState = (resourceId: string, state: string, timeoutMs = 3_000) =>
  eventually(() => statesFor(resourceId).includes(state), timeoutMs);

describe("authentication and errors", () => {
  it("refuses a missing or wrong token with the contract's error shape", async () => {
    for (const auth of [undefined, "Bearer nope", `Basic ${TOKEN}`]) {
      const res = await fetch(`${infra.url}/v1/instances`, { headers: auth ? { Authorization: auth } : {} });
      expect(res.status).toBe(contract.errors.unauthorized.status);
      const body = await res.json();
      expect(Object.keys(body.error).sort()).toEqual([...contract.errorFields].sort());
      expect(body.error.code).toBe(contract.errors.unauthorized.code);
    }
  });

  it.each([
    ["not JSON", "{", { "Idempotency-Key": "ws_1" }],
    ["no workspaceId", JSON.stringify({ region: "eu-west" }), { "Idempotency-Key": "ws_1" }],
    ["unknown region", JSON.stringify({ workspaceId: "ws_1", region: "mars" }), { "Idempotency-Key": "ws_1" }],
    ["no Idempotency-Key", JSON.stringify({ workspaceId: "ws_1", region: "eu-west" }), {}],
    [
      "overlong workspaceId",
      JSON.stringify({ workspaceId: "w".repeat(101), region: "eu-west" }),
      { "Idempotency-Key": "w".repeat(101) },
    ],
  ])("provision with %s → 400 invalid_request", async (_label, body, headers) => {
    const res = await raw("/v1/instances", { method: "POST", body, headers });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe(contract.errors.badRequest.code);
  });

  it("an Idempotency-Key that is not the workspace id → 409 idempotency_mismatch", async () => {
    const res = await raw("/v1/instances", {
      method: "POST",
      body: JSON.stringify({ workspaceId: "ws_a", region: "eu-west" }),
      headers: { "Idempotency-Key": "ws_b" },
    });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe(contract.errors.idempotencyMismatch.code);
  });

  it("an unknown instance → 404 not_found, and the client reads it as null", async () => {
    const res = await raw("/v1/instances/inst_00000000000000000000000000");
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe(contract.errors.notFound.code);
    expect(await client().get("inst_00000000000000000000000000")).toBeNull();
  });
});

describe("provisioning", () => {
  it("answers at once with the instance and its admin key, then boots and pushes signed events", async () => {
    const started = Date.now();
    const { instance, created } = await client().provision("ws_prov", "eu-west");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(created).toBe(true);
    expect(Object.keys(instance).sort()).toEqual([...contract.provisionFields].sort());
    expect(instance.resourceId).toMatch(new RegExp(contract.formats.resourceId));
    expect(instance.adminKey).toMatch(new RegExp(contract.formats.adminKey));
    expect(instance.adminUserId).toMatch(new RegExp(contract.formats.adminUserId));
    expect(instance.createdAt).toMatch(new RegExp(contract.formats.time));
    expect(instance).toMatchObject({
      workspaceId: "ws_prov",
      region: "eu-west",
      state: "queued",
      sequence: 1,
      endpointUrl: host.endpointFor(instance.resourceId),
    });

    await waitForState(instance.resourceId, "running");
    const events = receiver.deliveries.filter((d) => d.body.resourceId === instance.resourceId);
    expect(events.map((d) => d.body.state)).toEqual(contract.provisionStates);
    expect(events.map((d) => d.body.sequence)).toEqual([1, 2, 3, 4]);
    for (const d of events) {
      expect(Object.keys(d.body).sort()).toEqual([...contract.eventFields].sort());
      expect(d.body.eventId).toMatch(new RegExp(contract.formats.eventId));
      expect(d.body.workspaceId).toBe("ws_prov");
      expect(d.headers[contract.signatureHeader.toLowerCase()]).toMatch(new RegExp(contract.formats.signature));
      // Harbor's own verifier accepts it…
      expect(await verifyInfraSignature(d.headers["infra-signature"] as string, d.raw, SECRET, Date.now())).toEqual({ ok: true });
      // …and refuses it with another secret, another body, or too late.
      expect((await verifyInfraSignature(d.headers["infra-signature"] as string, d.raw, "other", Date.now())).ok).toBe(false);
      expect((await verifyInfraSignature(d.headers["infra-signature"] as string, `${d.raw} `, SECRET, Date.now())).ok).toBe(
        false,
      );
      expect(await verifyInfraSignature(d.headers["infra-signature"] as string, d.raw, SECRET, Date.now() + 301_000)).toEqual({
        ok: false,
        reason: "stale",
      });
    }

    // The instance really is an OpenBerth server, reachable with its own admin key.
    const health = await fetch(`${instance.endpointUrl}/health`);
    expect(health.status).toBe(200);
    const me = await fetch(`${instance.endpointUrl}/api/me`, { headers: { Authorization: `Bearer ${instance.adminKey}` } });
    expect(await me.json()).toMatchObject({ id: instance.adminUserId, name: "admin", role: "admin" });
    expect((await client().get(instance.resourceId))?.state).toBe("running");
  });

  it("is idempotent by workspace id: the same instance and key, no second server", async () => {
    const first = await client().provision("ws_twice", "us-east");
    const second = await client().provision("ws_twice", "us-east");
    expect(second.created).toBe(false);
    expect(second.instance.resourceId).toBe(first.instance.resourceId);
    expect(second.instance.adminKey).toBe(first.instance.adminKey);
    expect((await client().list({ workspaceId: "ws_twice" })).instances).toHaveLength(1);
  });

  it("refuses another region for the same workspace", async () => {
    await client().provision("ws_region", "eu-west");
    await expect(client().provision("ws_region", "us-east")).rejects.toMatchObject({
      status: 409,
      code: "region_conflict",
      retryable: false,
    });
  });
});

describe("suspend, resume, destroy", () => {
  it("really stops, restarts and removes the OpenBerth server", async () => {
    const { instance } = await client().provision("ws_life", "eu-west");
    await waitForState(instance.resourceId, "running");

    const suspended = await client().suspend(instance.resourceId);
    expect(Object.keys(suspended).sort()).toEqual([...contract.instanceFields].sort());
    expect(suspended.state).toBe("draining");
    await waitForState(instance.resourceId, "stopped");
    expect((await fetch(`${instance.endpointUrl}/health`)).status).toBe(502);
    expect((await client().suspend(instance.resourceId)).state).toBe("stopped"); // a no-op

    expect((await client().resume(instance.resourceId)).state).toBe("booting");
    await eventually(() => statesFor(instance.resourceId).filter((s) => s === "running").length === 2, 3_000);
    expect((await fetch(`${instance.endpointUrl}/health`)).status).toBe(200);

    expect((await client().destroy(instance.resourceId)).state).toBe("deleting");
    await waitForState(instance.resourceId, "deleted");
    expect((await fetch(`${instance.endpointUrl}/health`)).status).toBe(404);
    expect((await client().get(instance.resourceId))?.state).toBe("deleted");
    expect((await client().destroy(instance.resourceId)).state).toBe("deleted"); // a no-op

    const states = statesFor(instance.resourceId);
    expect(states).toEqual([
      ...contract.provisionStates,
      ...contract.suspendStates,
      ...contract.resumeStates,
      ...contract.destroyStates,
    ]);
    const sequences = receiver.deliveries.filter((d) => d.body.resourceId === instance.resourceId).map((d) => d.body.sequence);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));

    // A workspace whose instance was destroyed can be provisioned afresh.
    const again = await client().provision("ws_life", "eu-west");
    expect(again.created).toBe(true);
    expect(again.instance.resourceId).not.toBe(instance.resourceId);
  });

  it("refuses actions that make no sense in the current state", async () => {
    const { instance } = await client().provision("ws_early", "eu-west");
    await expect(client().suspend(instance.resourceId)).rejects.toMatchObject({ status: 409, code: "invalid_state" });
    await client().destroy(instance.resourceId);
    await expect(client().resume(instance.resourceId)).rejects.toMatchObject({ status: 409, code: "invalid_state" });
  });
});

describe("listing every instance", () => {
  it("pages through thousands of instances in a stable order", async () => {
    const seeded = await control("seed", { count: 2_500 });
    expect(seeded.created).toBe(2_500);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await client().list({ cursor, limit: 500 });
      for (const i of page.instances) expect(Object.keys(i).sort()).toEqual([...contract.instanceFields].sort());
      seen.push(...page.instances.map((i) => i.resourceId));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(5);
    expect(seen).toHaveLength(2_500);
    expect(new Set(seen).size).toBe(2_500);
    expect([...seen].sort()).toEqual(seen);
    // Seeded instances start their OpenBerth servers lazily, on first use.
    const one = seeded.instances[0];
    expect((await fetch(`${one.endpointUrl}/api/me`, { headers: { Authorization: `Bearer ${one.adminKey}` } })).status).toBe(200);
  });

  it("filters by workspace, leaves deleted instances out unless asked, and rejects bad paging", async () => {
    const { instance } = await client().provision("ws_list", "eu-west");
    await client().destroy(instance.resourceId);
    await waitForState(instance.resourceId, "deleted");
    expect((await client().list({ workspaceId: "ws_list" })).instances).toEqual([]);
    expect((await client().list({ workspaceId: "ws_list", includeDeleted: true })).instances.map((i) => i.state)).toEqual([
      "deleted",
    ]);
    expect((await raw("/v1/instances?limit=0")).status).toBe(400);
    expect((await raw("/v1/instances?limit=501")).status).toBe(400);
    expect((await raw("/v1/instances?cursor=garbage")).status).toBe(400);
  });
});

describe("fault controls", () => {
  it("fail the next provision: 503, retryable, nothing created; the retry succeeds", async () => {
    await control("faults", { failNextProvisions: 1 });
    const error = await client()
      .provision("ws_fail", "eu-west")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraError);
    expect(error).toMatchObject({ status: 503, code: "unavailable", retryable: true, retryAfterMs: 1_000 });
    expect((await client().list({ workspaceId: "ws_fail" })).instances).toEqual([]);
    expect((await client().provision("ws_fail", "eu-west")).created).toBe(true);
  });

  it("succeed but drop the response: the retry with the same key adopts the same instance", async () => {
    await control("faults", { dropNextProvisionResponses: 1 });
    const error = await client()
      .provision("ws_drop", "eu-west")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "unreachable", retryable: true });
    const retry = await client().provision("ws_drop", "eu-west");
    expect(retry.created).toBe(false);
    expect((await client().list({ workspaceId: "ws_drop" })).instances.map((i) => i.resourceId)).toEqual([
      retry.instance.resourceId,
    ]);
  });

  it("delay answers per operation: a provision stays in flight while its work is already under way", async () => {
    const faults = await control("faults", { responseDelayMs: { provision: 500, suspend: 300 } });
    expect(faults.responseDelayMs).toEqual({ provision: 500, suspend: 300 });
    const started = Date.now();
    let answered = false;
    const pending = client()
      .provision("ws_slow", "eu-west")
      .finally(() => (answered = true));
    // The instance exists and boots (its events flow) before the answer arrives; other operations answer at once.
    const listed = await eventually(async () => (await client().list({ workspaceId: "ws_slow" })).instances[0], 2_000);
    await waitForState(listed.resourceId, "queued");
    expect(answered).toBe(false);
    const { instance, created } = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(490);
    expect(created).toBe(true);
    expect(instance.resourceId).toBe(listed.resourceId);

    await waitForState(instance.resourceId, "running");
    const suspendStarted = Date.now();
    await client().suspend(instance.resourceId);
    expect(Date.now() - suspendStarted).toBeGreaterThanOrEqual(290);
    // The suspend began at once: it is already draining (or done) when the late answer comes.
    await waitForState(instance.resourceId, "stopped");
  });

  it("delay every answer by a number; bad values are refused; reset clears it", async () => {
    await control("faults", { responseDelayMs: 300 });
    let started = Date.now();
    await client().list();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    for (const bad of [-1, "slow", { provision: "x" }, { reboot: 10 }, [100]]) {
      const res = await fetch(`${infra.url}/__control/faults`, {
        method: "POST",
        body: JSON.stringify({ responseDelayMs: bad }),
      });
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    await control("reset");
    started = Date.now();
    await client().list();
    expect(Date.now() - started).toBeLessThan(250);
    expect((await control("faults", {})).responseDelayMs).toBe(0);
  });

  it("delay events", async () => {
    await control("faults", { eventDelayMs: 400 });
    const started = Date.now();
    const { instance } = await client().provision("ws_delay", "eu-west");
    await waitForState(instance.resourceId, "queued");
    const first = receiver.deliveries.find((d) => d.body.resourceId === instance.resourceId)!;
    expect(first.at - started).toBeGreaterThanOrEqual(390);
  });

  it("duplicate events: every event arrives twice, with the same event id", async () => {
    await control("faults", { duplicateEvents: true });
    const { instance } = await client().provision("ws_dup", "eu-west");
    await eventually(() => statesFor(instance.resourceId).filter((s) => s === "running").length === 2, 3_000);
    const ids = receiver.deliveries.filter((d) => d.body.resourceId === instance.resourceId).map((d) => d.body.eventId as string);
    expect(ids).toHaveLength(8);
    expect(new Set(ids).size).toBe(4);
  });

  it("reorder events: a batch arrives newest first", async () => {
    await control("faults", { reorderEvents: true });
    const { instance } = await client().provision("ws_reorder", "eu-west");
    await eventually(() => statesFor(instance.resourceId).length === 4, 4_000);
    const sequences = receiver.deliveries
      .filter((d) => d.body.resourceId === instance.resourceId)
      .map((d) => d.body.sequence as number);
    expect(sequences).not.toEqual([1, 2, 3, 4]);
    expect([...sequences].sort()).toEqual([1, 2, 3, 4]);
  });

  it("crash an instance: crashed, its server down, then back when it recovers", async () => {
    const { instance } = await client().provision("ws_crash", "eu-west");
    await waitForState(instance.resourceId, "running");
    await control(`instances/${instance.resourceId}/crash`, { recoverAfterMs: 150 });
    await waitForState(instance.resourceId, "crashed");
    expect((await fetch(`${instance.endpointUrl}/health`)).status).toBe(502);
    await eventually(() => statesFor(instance.resourceId).filter((s) => s === "running").length === 2, 3_000);
    expect(statesFor(instance.resourceId).slice(-3)).toEqual(["crashed", "booting", "running"]);
    expect((await fetch(`${instance.endpointUrl}/health`)).status).toBe(200);
  });

  it("emit a state the map does not know", async () => {
    const { instance } = await client().provision("ws_odd", "eu-west");
    await waitForState(instance.resourceId, "running");
    await control(`instances/${instance.resourceId}/emit`, { state: "melting" });
    await waitForState(instance.resourceId, "melting");
    expect((await client().get(instance.resourceId))?.state).toBe("melting");
  });

  it("retries with backoff until the cap, then dead-letters the event", async () => {
    receiver.respondWith(500);
    const { instance } = await client().provision("ws_dead", "eu-west");
    const dead = await eventually(async () => {
      const { deadLetters } = await (await fetch(`${infra.url}/__control/dead-letters`)).json();
      return deadLetters.length >= 4 ? deadLetters : null;
    }, 8_000);
    expect(dead.map((d: { event: { state: string } }) => d.event.state).sort()).toEqual([...contract.provisionStates].sort());
    for (const d of dead) expect(d).toMatchObject({ attempts: fast.retry.maxAttempts, lastError: "HTTP 500" });
    const attempts = receiver.deliveries.filter((d) => d.body.resourceId === instance.resourceId && d.body.state === "queued");
    expect(attempts).toHaveLength(fast.retry.maxAttempts);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!); // exponential
  });

  it("a delivery that fails and then succeeds is delivered once, not dead-lettered", async () => {
    let failures = 2;
    receiver.respondWith(() => (failures-- > 0 ? 503 : 200));
    const { instance } = await client().provision("ws_retry", "eu-west");
    await waitForState(instance.resourceId, "running", 5_000);
    const { deadLetters } = await (await fetch(`${infra.url}/__control/dead-letters`)).json();
    expect(deadLetters).toEqual([]);
  });
});

describe("housekeeping controls", () => {
  it("lists delivery attempts, redirects deliveries, and resets everything", async () => {
    const { instance } = await client().provision("ws_house", "eu-west");
    await waitForState(instance.resourceId, "running");
    const { deliveries } = await (await fetch(`${infra.url}/__control/deliveries`)).json();
    expect(deliveries.filter((d: { status: number }) => d.status === 200).length).toBeGreaterThanOrEqual(4);

    const other = await startWebhookReceiver();
    try {
      await control("webhook", { url: other.url });
      await client().suspend(instance.resourceId);
      await eventually(() => other.deliveries.some((d) => d.body.state === "stopped"), 3_000);
      expect(statesFor(instance.resourceId)).not.toContain("stopped");
    } finally {
      await other.close();
    }

    await control("reset");
    expect((await client().list({ includeDeleted: true })).instances).toEqual([]);
    expect(await client().get(instance.resourceId)).toBeNull();
    expect((await fetch(`${host.endpointFor(instance.resourceId)}/health`)).status).toBe(404);
    expect((await (await fetch(`${infra.url}/__control/dead-letters`)).json()).deadLetters).toEqual([]);
  });
});

describe("restarts", () => {
  it("keeps instances, their servers and undelivered events across a restart", async () => {
    const { instance } = await client().provision("ws_restart", "eu-west");
    await waitForState(instance.resourceId, "running");
    // Pause it, and stop the emulator before the pause's events are delivered.
    await control("faults", { eventDelayMs: 1_500 });
    await client().suspend(instance.resourceId);
    await eventually(async () => (await client().get(instance.resourceId))?.state === "stopped", 3_000);
    await infra.close();
    await host.close();
    expect(statesFor(instance.resourceId)).not.toContain("stopped");

    host = await startOpenBerthHost({ port: 0, stateDir: path.join(dir, "ob"), buildDelayMs: 20 });
    infra = await startInfra(path.join(dir, "infra"));
    const after = await client().get(instance.resourceId);
    expect(after).toMatchObject({ state: "stopped", workspaceId: "ws_restart" });
    expect((await fetch(`${host.endpointFor(instance.resourceId)}/health`)).status).toBe(502);
    // The events recorded before the restart are still delivered.
    await waitForState(instance.resourceId, "stopped", 4_000);
    // Resume: the same server with the same admin key comes back.
    await client().resume(instance.resourceId);
    await eventually(async () => (await client().get(instance.resourceId))?.state === "running", 3_000);
    const endpoint = host.endpointFor(instance.resourceId);
    const me = await fetch(`${endpoint}/api/me`, { headers: { Authorization: `Bearer ${instance.adminKey}` } });
    expect(me.status).toBe(200);
  });
});
