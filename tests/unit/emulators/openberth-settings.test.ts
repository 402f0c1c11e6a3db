/**
 * OpenBerth emulator: admin settings (§7) and how they feed deployments (quota defaults,
 * CPU limits), plus the backup routes' admin and passphrase checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, keysOf, msg, settingsFixture } from "../../../emulators/openberth/testing/fixtures.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import { deployRunning, type TestInstance, startTestInstance } from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
});
afterAll(() => t.close());

const get = async () => (await t.api("GET", "/api/admin/settings")).json;
const post = (body: unknown) => t.api("POST", "/api/admin/settings", { body });

describe("/api/admin/settings", () => {
  it("starts empty and returns only keys that were set, the OIDC secret masked", async () => {
    expect(await get()).toEqual({});
    const r = await post({ "oidc.issuer": "https://idp.example", "oidc.client_secret": "hunter2", "session.ttl_hours": "" });
    expect(r.json).toEqual({ message: msg("settings.updated") });
    expect(keysOf(r.json)).toEqual(expectedKeys("settingsSetResult"));
    expect(await get()).toEqual({
      "oidc.issuer": "https://idp.example",
      "oidc.client_secret": settingsFixture.masked["oidc.client_secret"],
      "session.ttl_hours": "",
    });
  });

  it("accepts every allowlisted key and refuses any other with its name", async () => {
    const all = Object.fromEntries(settingsFixture.allowed.map((k) => [k, "v"]));
    expect((await post(all)).status).toBe(200);
    expect(Object.keys(await get()).sort()).toEqual([...settingsFixture.allowed].sort());
    const bad = await post({ "oidc.mode": "sso_only", "evil.key": "x" });
    expect(bad).toMatchObject({ status: 400, json: { error: msg("settings.notAllowed", { key: "evil.key" }) } });
  });

  it("takes string values only: anything else is the fixed `Invalid JSON.`", async () => {
    for (const body of [{ "network.quota_enabled": true }, { "container.default_cpus": 1 }, [], "", "{"]) {
      const r = await t.api("POST", "/api/admin/settings", {
        body: typeof body === "string" ? body : JSON.stringify(body),
        headers: { "Content-Type": "application/json" },
      });
      expect(r.json, JSON.stringify(body)).toEqual({ error: msg("json.invalidJsonFixed") });
    }
  });

  it("feeds new deployments: the default quota when enabled, and the default CPUs", async () => {
    await post({ "network.quota_enabled": "true", "network.default_quota": "3g", "container.default_cpus": "2" });
    const d = await deployRunning(t, { name: "settings-fed", files: { "index.html": "x" } });
    const info = (await t.api("GET", `/api/deployments/${d.id}`)).json;
    expect(info.networkQuota).toBe("3g");
    expect(info.quotaRemaining).toBe(3 * 2 ** 30);
    expect((await t.api("GET", `/api/deployments/${d.id}/stats`)).json.live.cpuLimitCores).toBe(2);
    // PATCH network_quota "" falls back to the admin default while quotas are enabled.
    expect((await t.api("PATCH", `/api/deployments/${d.id}`, { body: { network_quota: "" } })).json.networkQuota).toBe("3g");
    await post({ "network.quota_enabled": "false" });
    expect((await t.api("PATCH", `/api/deployments/${d.id}`, { body: { network_quota: "" } })).json.networkQuota).toBe("");
  });
});

describe("backup routes", () => {
  it("check the admin and the passphrase, then say they are not supported", async () => {
    // A GET with a JSON body (sic): fetch cannot send one, node:http can.
    const short = await loopbackRequest(`${t.base}/api/admin/backup`, {
      headers: { Authorization: `Bearer ${t.adminKey}`, "Content-Type": "application/json" },
      body: JSON.stringify({ passphrase: "short" }),
    });
    expect(JSON.parse(short.body)).toEqual({ error: msg("backup.passphraseTooShort") });
    const garbled = await loopbackRequest(`${t.base}/api/admin/backup`, {
      headers: { Authorization: `Bearer ${t.adminKey}` },
      body: "{nope",
    });
    expect(JSON.parse(garbled.body)).toEqual({ error: msg("backup.invalidBody") });
    const ok = await t.api("POST", `/api/admin/deployments/whatever/backup`, { body: { passphrase: "a-long-passphrase" } });
    expect(ok.status).toBe(501);
    expect(keysOf(ok.json)).toEqual(["error"]);
  });
});
