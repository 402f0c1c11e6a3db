/**
 * OpenBerth emulator: container logs (`{id,logs}`, tail parsing, no build output, one access
 * line per site request) and the SSE stream (headers, replay, push, close on destroy).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import { openSse } from "../../../emulators/openberth/testing/sse-reader.ts";
import {
  createUser,
  deployRunning,
  type TestInstance,
  startTestInstance,
  stuckBuilding,
  waitFor,
  waitForStatus,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 40 });
});
afterAll(() => t.close());

const logs = async (id: string, query = "") => (await t.api("GET", `/api/deployments/${id}/logs${query}`)).json;
const logLines = async (id: string, query = "") => (await logs(id, query)).logs.split("\n").filter(Boolean) as string[];

describe("GET /api/deployments/{id}/logs", () => {
  it("says there is no container while building, then shows runtime lines only", async () => {
    const stuck = await stuckBuilding(t, "/api/deploy/code", { name: "log-building", files: { "index.html": "x" } }, 40);
    const early = await logs(stuck.id);
    expect(keysOf(early)).toEqual(expectedKeys("logsResult"));
    expect(early).toEqual({ id: stuck.id, logs: msg("logs.noContainer") });

    const d = await deployRunning(t, { name: "log-app", files: { "index.html": "x" } });
    const text: string = (await logs(d.id)).logs;
    expect(text.length).toBeGreaterThan(0);
    expect(text.endsWith("\n")).toBe(true);
    expect(text).not.toMatch(/\[build\]|Installing dependencies|Building/);
  });

  it("grows by one access-log line per site request", async () => {
    const d = await deployRunning(t, { name: "access-log", files: { "index.html": "x" } });
    const before = await logLines(d.id);
    await loopbackRequest(`${d.url}/`);
    await loopbackRequest(`${d.url}/missing.png`);
    const after = await logLines(d.id);
    expect(after.length).toBe(before.length + 2);
    expect(after.at(-2)).toMatch(/"GET \/ HTTP\/1\.1" 200 1$/);
    expect(after.at(-1)).toMatch(/"GET \/missing\.png HTTP\/1\.1" 404 \d+$/);
  });

  it("parses tail like upstream: default 200, ≤0 or junk → 200, capped at 10000", async () => {
    const d = await deployRunning(t, { name: "tail-app", files: { "index.html": "x" } });
    for (let i = 0; i < 5; i++) await loopbackRequest(`${d.url}/?n=${i}`);
    const all = await logLines(d.id);
    expect(await logLines(d.id, "?tail=2")).toEqual(all.slice(-2));
    for (const q of ["?tail=0", "?tail=-3", "?tail=abc", "?tail=2x", "?tail=99999999", "?tail=999999999999999999999"]) {
      expect(await logLines(d.id, q), q).toEqual(all);
    }
    // /api/sandbox/{id}/logs is the same handler and works for any deployment.
    expect((await t.api("GET", `/api/sandbox/${d.id}/logs?tail=1`)).json.logs).toBe(`${all.at(-1)}\n`);
  });
});

describe("GET /api/deployments/{id}/logs/stream (SSE)", () => {
  it("sends SSE headers, replays the last `tail` lines, pushes new ones, and ends on destroy", async () => {
    const d = await deployRunning(t, { name: "stream-app", files: { "index.html": "x" } });
    await loopbackRequest(`${d.url}/a`);
    await loopbackRequest(`${d.url}/b`);
    const stored = await logLines(d.id);

    const s = await openSse(`${t.base}/api/deployments/${d.id}/logs/stream?tail=2`, t.adminKey);
    expect(s.status).toBe(200);
    expect(s.headers.get("content-type")).toBe("text/event-stream");
    expect(s.headers.get("cache-control")).toBe("no-cache");
    expect(s.headers.get("connection")).toBe("keep-alive");
    expect(s.headers.get("x-accel-buffering")).toBe("no");
    expect(await s.waitForLines(2)).toEqual(stored.slice(-2));

    await loopbackRequest(`${d.url}/c`);
    const lines = await s.waitForLines(3);
    expect(lines[2]).toContain('"GET /c HTTP/1.1" 404');
    expect(s.raw()).toBe(lines.map((l) => `data: ${l}\n\n`).join(""));

    await t.api("DELETE", `/api/deployments/${d.id}`);
    await s.ended;
  });

  it("ends when a successful update replaces the container", async () => {
    const d = await deployRunning(t, { name: "stream-update", files: { "index.html": "x" } });
    const s = await openSse(`${t.base}/api/deployments/${d.id}/logs/stream`, t.adminKey);
    await s.waitForLines(1);
    await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "y" } } });
    await s.ended;
    await waitForStatus(t, d.id, "running");
  });

  it("sends docker's one-line error and closes when there is no container", async () => {
    const r = { json: await stuckBuilding(t, "/api/deploy/code", { name: "stream-early", files: { "index.html": "x" } }, 40) };
    const s = await openSse(`${t.base}/api/deployments/${r.json.id}/logs/stream`, t.adminKey);
    expect(s.status).toBe(200);
    await s.ended;
    expect(s.lines).toEqual([msg("logs.streamNoContainer", { id: r.json.id })]);
  });

  it("sends 401/403/404 as JSON before any streaming", async () => {
    const d = await deployRunning(t, { name: "stream-private", files: { "index.html": "x" } });
    const other = await createUser(t, "eve");
    const cases: [string | null, string, number, string][] = [
      [null, d.id, 401, msg("auth.unauthorized")],
      [other.apiKey, d.id, 403, msg("deployments.notYours")],
      [t.adminKey, "nope", 404, msg("deployments.notFound")],
    ];
    for (const [key, id, status, error] of cases) {
      const r = await t.api("GET", `/api/deployments/${id}/logs/stream`, { key });
      expect(r.status).toBe(status);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(r.json).toEqual({ error });
    }
  });

  it("stops pushing to a client that went away", async () => {
    const d = await deployRunning(t, { name: "stream-leave", files: { "index.html": "x" } });
    const s = await openSse(`${t.base}/api/deployments/${d.id}/logs/stream`, t.adminKey);
    await s.waitForLines(1);
    s.close();
    await s.ended;
    // The server keeps working for others after the client left.
    await loopbackRequest(`${d.url}/after-leave`);
    await waitFor(async () => (await logLines(d.id)).some((l) => l.includes("/after-leave")));
  });
});
