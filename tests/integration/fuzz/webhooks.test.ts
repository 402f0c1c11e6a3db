/**
 * Abuse of /webhooks/infra, for good: every delivery that is not a fresh, correctly signed
 * JSON event from the infra service answers 4xx (401 unsigned or badly signed, 400
 * malformed, 413 too big, 405 not a POST), writes no infra_events row and changes no
 * workspace; the accepted ones (a replay, the same id again, events out of order) are
 * applied once.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { AppClient, waitFor } from "../support/app-client";
import { readyWorkspace } from "../support/fixtures";
import { deliverEvent, lifecycleOf, signEvent } from "../support/infra-world";
import { infraEventOf, infraEventsOf, timelineOf } from "../support/records";
import { refusalMessage } from "./answers";

let workspaceId: string;
let resourceId: string;
const client = new AppClient();
const SEED = Number(import.meta.env.VITE_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
const SCALE = Math.max(1, Math.floor(Number(import.meta.env.VITE_FUZZ_RUNS ?? 1)) || 1);

let next = 0;
/** A fresh event id (Crockford base32, 26 characters) of this file's own. */
const eventId = () => `01JF${String(Date.now() % 1e9).padStart(9, "0")}${String(next++).padStart(13, "0")}`;

async function event(overrides: Record<string, unknown> = {}) {
  const row = (await lifecycleOf(workspaceId))!;
  return {
    eventId: eventId(),
    resourceId,
    workspaceId,
    sequence: row.infra_sequence + 1,
    state: "running",
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** What a refused delivery must leave as it was. */
async function world() {
  const row = await lifecycleOf(workspaceId);
  return { rows: (await infraEventsOf()).length, workspace: row, timeline: (await timelineOf(workspaceId)).length };
}

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>, method = "POST") {
  return client.fetch("/webhooks/infra", { method, body: method === "GET" || method === "HEAD" ? undefined : body, headers });
}

async function expectRefused(res: Response, status: number, method = "POST") {
  const text = await res.text();
  expect(res.status).toBe(status);
  if (method !== "HEAD")
    expect(refusalMessage(text, res.headers.get("content-type") ?? ""), `a refusal says why: ${text.slice(0, 200)}`).toBeTruthy();
}

/** Waits until the consumer has judged the event; returns its outcome. */
async function processed(id: string): Promise<string | null> {
  const row = await waitFor(async () => {
    const r = await infraEventOf(id);
    return r?.processed_at ? r : null;
  }, 15_000);
  return row.outcome;
}

beforeAll(async () => {
  ({ id: workspaceId, resourceId } = await readyWorkspace({ plan: "pro@1", role: "owner", name: "Webhook abuse" }));
}, 60_000);

describe("refused deliveries write nothing and change no workspace", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, number, (body: string) => Promise<Record<string, string>>][] = [
    ["unsigned", 401, async () => ({})],
    ["an empty signature", 401, async () => ({ "Infra-Signature": "" })],
    ["signed with a wrong secret", 401, async (b) => ({ "Infra-Signature": await signEvent(b, "not-the-secret") })],
    [
      "a stale timestamp (6 minutes old)",
      401,
      async (b) => ({ "Infra-Signature": await signEvent(b, env.INFRA_WEBHOOK_SECRET, now() - 360) }),
    ],
    [
      "a timestamp from the future (6 minutes ahead)",
      401,
      async (b) => ({ "Infra-Signature": await signEvent(b, env.INFRA_WEBHOOK_SECRET, now() + 360) }),
    ],
    ["a timestamp from 1970", 401, async (b) => ({ "Infra-Signature": await signEvent(b, env.INFRA_WEBHOOK_SECRET, 1) })],
    ["the signature of another body", 401, async (b) => ({ "Infra-Signature": await signEvent(`${b}\n`) })],
    ["a signature with no timestamp", 401, async (b) => ({ "Infra-Signature": (await signEvent(b)).replace(/^t=\d+,/, "") })],
    ["a signature in upper case", 401, async (b) => ({ "Infra-Signature": (await signEvent(b)).toUpperCase() })],
    ["a v0 signature", 401, async (b) => ({ "Infra-Signature": (await signEvent(b)).replace("v1=", "v0=") })],
  ];
  it.each(cases)("%s → %i", async (_label, status, headersFor) => {
    const body = JSON.stringify(await event({ state: "stopped", sequence: 10_000 }));
    const before = await world();
    await expectRefused(await post(body, { "Content-Type": "application/json", ...(await headersFor(body)) }), status);
    expect(await world()).toEqual(before);
  });

  it("a replay of a processed delivery with its old signature, after the tolerance → 401", async () => {
    const e = await event();
    const body = JSON.stringify(e);
    const old = Math.floor(Date.now() / 1000) - 301;
    const before = await world();
    await expectRefused(
      await post(body, {
        "Content-Type": "application/json",
        "Infra-Signature": await signEvent(body, env.INFRA_WEBHOOK_SECRET, old),
      }),
      401,
    );
    expect(await world()).toEqual(before);
  });

  it.each([
    ["17 KB of event", async () => JSON.stringify({ ...(await event()), pad: "x".repeat(17 * 1024) })],
    ["1 MB of spaces", async () => `${" ".repeat(1024 * 1024)}${JSON.stringify(await event())}`],
  ])("oversized: %s, signed → 413", async (_label, make) => {
    const body = await make();
    const before = await world();
    await expectRefused(await post(body, { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) }), 413);
    expect(await world()).toEqual(before);
  });

  it.each([
    ["nested arrays, 8,000 deep", () => `${"[".repeat(8_000)}${"]".repeat(8_000)}`],
    ["nested objects, 1,500 deep", () => `${'{"a":'.repeat(1_500)}1${"}".repeat(1_500)}`],
    ["an event inside 2,000 arrays", async () => `${"[".repeat(2_000)}${JSON.stringify(await event())}${"]".repeat(2_000)}`],
    ["not JSON", () => "{nope"],
    ["JSON null", () => "null"],
    ["a lone surrogate in the event id", async () => JSON.stringify({ ...(await event()), eventId: "\ud800".repeat(26) })],
    ["a sequence of 0", async () => JSON.stringify(await event({ sequence: 0 }))],
    ["a sequence of 1.5", async () => JSON.stringify(await event({ sequence: 1.5 }))],
    ["a sequence as text", async () => JSON.stringify(await event({ sequence: "9" }))],
    [
      "an unsafe sequence (2^53 + 1)",
      async () => JSON.stringify(await event()).replace(/"sequence":\d+/, '"sequence":9007199254740993'),
    ],
    ["a date that isn't one", async () => JSON.stringify(await event({ occurredAt: "yesterday" }))],
    ["an empty state", async () => JSON.stringify(await event({ state: "" }))],
    ["a 101-character resource id", async () => JSON.stringify(await event({ resourceId: "r".repeat(101) }))],
  ])("signed but malformed: %s → 400", async (_label, make) => {
    const body = await make();
    const before = await world();
    await expectRefused(await post(body, { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) }), 400);
    expect(await world()).toEqual(before);
  });

  it.each(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS"])("%s, even signed → 405", async (method) => {
    const body = JSON.stringify(await event());
    const before = await world();
    const res = await post(body, { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) }, method);
    await expectRefused(res, 405, method);
    expect(await world()).toEqual(before);
  });

  it("any Infra-Signature header that isn't the right one → 401 (property)", async () => {
    const body = JSON.stringify(await event({ sequence: 20_000, state: "stopped" }));
    const good = await signEvent(body);
    const before = await world();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: "binary-ascii", maxLength: 200 }),
          fc.constantFrom(
            good.slice(0, -1),
            `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`,
            good.replace(",", ";"),
            `t=${good}`,
          ),
          fc.tuple(fc.integer(), fc.stringMatching(/^[0-9a-f]{64}$/)).map(([t, h]) => `t=${t},v1=${h}`),
        ),
        async (header) => {
          fc.pre(header !== good && /^[\t\x20-\x7e]*$/.test(header));
          const res = await post(body, { "Content-Type": "application/json", "Infra-Signature": header });
          await res.arrayBuffer();
          expect(res.status, `seed ${SEED}, header ${JSON.stringify(header)}`).toBe(401);
        },
      ),
      { seed: SEED, numRuns: 15 * SCALE },
    );
    expect(await world()).toEqual(before);
  });
});

describe("accepted deliveries are applied once", () => {
  it("a fresh event: 202, one row, applied", async () => {
    const e = await event();
    const before = await world();
    expect((await deliverEvent(e, client)).status).toBe(202);
    expect(await processed(e.eventId)).toBe("applied");
    expect((await world()).rows).toBe(before.rows + 1);
    expect((await lifecycleOf(workspaceId))?.infra_sequence).toBe(e.sequence);
  });

  it("an exact replay of a processed delivery (same body, same signature, within the tolerance): 202, nothing more", async () => {
    const e = await event();
    const body = JSON.stringify(e);
    const headers = { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) };
    expect((await post(body, headers)).status).toBe(202);
    expect(await processed(e.eventId)).toBe("applied");
    const before = await world();
    const row = await infraEventOf(e.eventId);
    for (let i = 0; i < 3; i++) expect((await post(body, headers)).status).toBe(202);
    expect(await world()).toEqual(before);
    expect(await infraEventOf(e.eventId)).toEqual(row);
  });

  it("the same event id with another body, after it was processed: nothing of the second body is kept or applied", async () => {
    const e = await event();
    expect((await deliverEvent(e, client)).status).toBe(202);
    expect(await processed(e.eventId)).toBe("applied");
    const before = await world();
    const row = await infraEventOf(e.eventId);
    const res = await deliverEvent({ ...e, sequence: e.sequence + 50, state: "stopped" }, client);
    expect(res.status).toBeLessThan(500);
    await res.arrayBuffer();
    // Given time to be (wrongly) applied.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await world()).toEqual(before);
    expect(await infraEventOf(e.eventId)).toEqual(row);
  });

  it("the same event id with another body, both at once: one row, and the body applied is the one recorded", async () => {
    const e = await event();
    const other = { ...e, sequence: e.sequence + 7 };
    const before = await world();
    const [a, b] = await Promise.all([deliverEvent(e, client), deliverEvent(other, client)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    await processed(e.eventId);
    await new Promise((r) => setTimeout(r, 1_000));
    const recorded = (await infraEventOf(e.eventId))!;
    expect((await world()).rows).toBe(before.rows + 1);
    expect((await lifecycleOf(workspaceId))?.infra_sequence, "the workspace follows the event as recorded").toBe(
      recorded.sequence,
    );
  });

  it("out of order: the newer wins, the older is recorded and judged stale", async () => {
    const newer = await event({ sequence: (await lifecycleOf(workspaceId))!.infra_sequence + 10 });
    const older = { ...(await event({ sequence: newer.sequence - 5, state: "stopped" })) };
    const before = await world();
    expect((await deliverEvent(newer, client)).status).toBe(202);
    expect(await processed(newer.eventId)).toBe("applied");
    expect((await deliverEvent(older, client)).status).toBe(202);
    expect(await processed(older.eventId)).toBe("stale");
    const after = await world();
    expect(after.rows).toBe(before.rows + 2);
    expect(after.timeline).toBe(before.timeline);
    expect(after.workspace).toMatchObject({ infra_sequence: newer.sequence, lifecycle_state: "ready" });
  });
});

// Found by this suite: the 16 KB limit was counted in UTF-16 units, not bytes.
it('oversized in bytes but not in characters: 45 KB of "€", signed → 413, nothing written', async () => {
  const body = JSON.stringify({ ...(await event()), pad: "€".repeat(15_000) });
  expect(new TextEncoder().encode(body).length).toBeGreaterThan(16 * 1024);
  const before = await world();
  const res = await post(body, { "Content-Type": "application/json", "Infra-Signature": await signEvent(body) });
  await res.arrayBuffer();
  expect(res.status).toBe(413);
  expect(await world()).toEqual(before);
});

describe("wrong content types", () => {
  it.each(["text/plain", "application/x-www-form-urlencoded", `multipart/form-data; boundary=x`, "application/xml"])(
    "%s, unsigned → 401, nothing written",
    async (contentType) => {
      const body = JSON.stringify(await event());
      const before = await world();
      await expectRefused(await post(body, { "Content-Type": contentType }), 401);
      expect(await world()).toEqual(before);
    },
  );

  // Found by this suite: a correctly signed event sent as text/plain (or with no content
  // type) was recorded and applied; the contract says bodies are application/json.
  it.each(["text/plain", "application/x-www-form-urlencoded", "(none)"])(
    "%s, correctly signed → refused (4xx), nothing written",
    async (contentType) => {
      const body = JSON.stringify(await event({ state: "running" }));
      const before = await world();
      const headers: Record<string, string> = { "Infra-Signature": await signEvent(body) };
      if (contentType !== "(none)") headers["Content-Type"] = contentType;
      // Bytes, so that no content type is added for a string body.
      const res = await post(new TextEncoder().encode(body) as Uint8Array<ArrayBuffer>, headers);
      await res.arrayBuffer();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await world()).toEqual(before);
    },
  );
});
