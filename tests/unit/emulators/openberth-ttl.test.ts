/**
 * OpenBerth emulator: TTLs and the expiry sweep, driven by the controllable clock.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msg } from "../../../emulators/openberth/testing/fixtures.ts";
import {
  deployRunning,
  sandboxRunning,
  type TestInstance,
  startTestInstance,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
});
afterAll(() => t.close());

const HOUR = 3_600_000;
const control = async (path: string, body?: unknown) =>
  (
    await fetch(`${t.host.url}/__control/${path}`, {
      method: "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  ).json();
const exists = async (id: string) => (await t.api("GET", `/api/deployments/${id}`)).status === 200;

describe("expiry", () => {
  it("hard-deletes expired deployments (locked ones too) when the clock passes expiresAt", async () => {
    const short = await deployRunning(t, { name: "one-hour", ttl: "1h", files: { "index.html": "x" } });
    const locked = await deployRunning(t, { name: "locked-hour", ttl: "1", files: { "index.html": "x" } });
    await t.api("POST", `/api/deployments/${locked.id}/lock`, { body: { locked: true } });
    const forever = await deployRunning(t, { name: "forever", ttl: "0", files: { "index.html": "x" } });
    const days = await deployRunning(t, { name: "two-days", ttl: "2d", files: { "index.html": "x" } });
    expect(forever.expiresAt).toBeUndefined(); // code deploy omits an empty expiresAt

    const early = await control("clock", { advanceMs: 59 * 60_000 });
    expect(early.expired).toBe(0);
    expect(await exists(short.id)).toBe(true);

    const r = await control("clock", { advanceMs: 2 * 60_000 });
    expect(r.expired).toBe(2);
    expect(r.offsetMs).toBe(61 * 60_000);
    expect((await t.api("GET", `/api/deployments/${short.id}`)).json).toEqual({ error: msg("deployments.notFound") });
    expect(await exists(locked.id)).toBe(false);
    expect(await exists(forever.id)).toBe(true);
    expect(await exists(days.id)).toBe(true);

    await control("clock", { advanceMs: 48 * HOUR });
    expect(await exists(days.id)).toBe(false);
    expect(await exists(forever.id)).toBe(true);
    await control("clock", { reset: true });
  });

  it("stamps createdAt and expiresAt from the emulator clock", async () => {
    await control("clock", { advanceMs: 10 * 24 * HOUR });
    const d = await deployRunning(t, { name: "future", ttl: "3h", files: { "index.html": "x" } });
    const info = (await t.api("GET", `/api/deployments/${d.id}`)).json;
    const created = Date.parse(info.createdAt);
    expect(created - Date.now()).toBeGreaterThan(10 * 24 * HOUR - 60_000);
    expect(Date.parse(`${info.expiresAt.replace(" ", "T")}Z`) - created).toBeGreaterThanOrEqual(3 * HOUR - 1000);
    await control("clock", { reset: true });
    await t.api("DELETE", `/api/deployments/${d.id}`);
  });

  it("expires sandboxes after their 4 h default, and PATCH ttl moves the deadline from now", async () => {
    const sb = await sandboxRunning(t, { name: "temp", files: { "index.html": "x" } });
    const kept = await deployRunning(t, { name: "extended", ttl: "1h", files: { "index.html": "x" } });
    await t.api("PATCH", `/api/deployments/${kept.id}`, { body: { ttl: "10h" } });
    await control("clock", { advanceMs: 4 * HOUR + 60_000 });
    expect(await exists(sb.id)).toBe(false);
    expect(await exists(kept.id)).toBe(true);
    await control("clock", { advanceMs: 6 * HOUR });
    expect(await exists(kept.id)).toBe(false);
    await control("clock", { reset: true });
  });

  it("sweeps on demand (/__control/sweep) and through the loopback /internal/cleanup", async () => {
    const d = await deployRunning(t, { name: "manual-sweep", ttl: "1h", files: { "index.html": "x" } });
    await fetch(`${t.host.url}/__control/clock`, { method: "POST", body: JSON.stringify({ advanceMs: 2 * HOUR }) }); // sweeps too
    expect(await exists(d.id)).toBe(false);
    expect(await control("sweep")).toEqual({ expired: 0 });
    const cleanup = await t.api("POST", "/internal/cleanup", { key: null });
    expect(cleanup.json).toEqual({ cleaned: 0 });
    expect((await t.api("POST", "/internal/cleanup", { key: null, headers: { "X-Forwarded-For": "1.2.3.4" } })).status).toBe(404);
    await control("clock", { reset: true });
  });
});
