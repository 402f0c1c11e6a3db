/**
 * OpenBerth emulator: state survives a restart of the host on the same stateDir, loads
 * lazily, turns interrupted builds into failures, and is deleted by remove().
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startOpenBerthHost } from "../../../emulators/openberth/host.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import {
  call,
  createUser,
  deployRunning,
  newAdminKey,
  sandboxRunning,
  startTestInstance,
  stuckBuilding,
} from "../../../emulators/openberth/testing/test-instance.ts";

const stateDir = mkdtempSync(join(tmpdir(), "openberth-emulator-"));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

describe("persistence", () => {
  it("brings users, keys, deployments (with files and logs), secrets and settings back after a restart", async () => {
    const originalKey = newAdminKey();
    const t = await startTestInstance({ stateDir, buildDelayMs: 20, instanceId: "inst_persist", adminKey: originalKey });
    const adminId = t.adminId;
    const user = await createUser(t, "olga");
    const site = await deployRunning(
      t,
      { name: "kept-site", title: "Kept", files: { "index.html": "<h1>persisted</h1>" } },
      user.apiKey,
    );
    await loopbackRequest(`${site.url}/`);
    const sb = await sandboxRunning(t, { name: "kept-sb", files: { "index.html": "sb" } });
    await t.api("POST", `/api/sandbox/${sb.id}/push`, {
      body: { changes: [{ op: "write", path: "notes.txt", content: "pushed" }] },
    });
    const building = await stuckBuilding(t, "/api/deploy/code", { name: "interrupted", files: { "index.html": "x" } }, 20);
    await t.api("POST", "/api/secrets", { key: user.apiKey, body: { name: "OLGA_SECRET", value: "v", description: "d" } });
    await t.api("POST", "/api/secrets", { body: { name: "GLOBAL_ONE", value: "g", global: true } });
    await t.api("POST", "/api/admin/settings", { body: { "network.quota_enabled": "true" } });
    const rotated = (await t.api("POST", "/api/me/rotate-key", { body: {} })).json.apiKey as string;
    const logsBefore = (await t.api("GET", `/api/deployments/${site.id}/logs`, { key: user.apiKey })).json.logs;
    await t.close();

    const dir = join(stateDir, "openberth", "inst_persist");
    expect(existsSync(join(dir, "state.json"))).toBe(true);
    expect(readFileSync(join(dir, "state.json"), "utf8")).not.toContain(rotated);

    const host = await startOpenBerthHost({ port: 0, stateDir, buildDelayMs: 20 });
    try {
      // The spec still carries the original key; the saved (rotated) one wins.
      host.register({ instanceId: "inst_persist", adminKey: originalKey, adminUserId: adminId });
      const base = host.endpointFor("inst_persist");
      const instances = (await (await fetch(`${host.url}/__control/instances`)).json()).instances;
      expect(instances).toEqual([{ id: "inst_persist", running: true, loaded: false }]);

      expect((await call(`${base}/api/me`, "GET", originalKey)).status).toBe(401);
      expect((await call(`${base}/api/me`, "GET", rotated)).json.id).toBe(adminId);
      expect((await call(`${base}/api/me`, "GET", user.apiKey)).json.name).toBe("olga");

      const list = (await call(`${base}/api/deployments`, "GET", rotated)).json.deployments;
      const byName = Object.fromEntries(list.map((d: { name: string }) => [d.name, d]));
      expect(byName["kept-site"]).toMatchObject({ status: "running", title: "Kept", ownerName: "olga" });
      expect(byName["kept-sb"]).toMatchObject({ status: "running", mode: "sandbox" });
      expect(byName["interrupted"].status).toBe("failed");
      const interrupted = (await call(`${base}/api/deployments/${building.id}`, "GET", rotated)).json;
      expect(interrupted.containerStatus).toBe("not_found");

      // The URL carries the new port, but the site and its logs are the same.
      const siteUrl = byName["kept-site"].url as string;
      expect((await loopbackRequest(`${siteUrl}/`)).body).toBe("<h1>persisted</h1>");
      const logsAfter = (await call(`${base}/api/deployments/${site.id}/logs`, "GET", user.apiKey)).json.logs;
      expect(logsAfter.startsWith(logsBefore)).toBe(true);
      const files = (await call(`${base}/api/deployments/${sb.id}/source?format=json`, "GET", rotated)).json.files;
      expect(files).toEqual({ "index.html": "sb", "notes.txt": "pushed" });
      const exec = await call(`${base}/api/sandbox/${sb.id}/exec`, "POST", rotated, { body: { command: "cat notes.txt" } });
      expect(exec.json.output).toBe("pushed");

      const secrets = (await call(`${base}/api/secrets`, "GET", user.apiKey)).json.secrets.map((s: { name: string }) => s.name);
      expect(secrets).toEqual(["GLOBAL_ONE", "OLGA_SECRET"]);
      expect((await call(`${base}/api/admin/settings`, "GET", rotated)).json).toEqual({ "network.quota_enabled": "true" });
      const users = (await call(`${base}/api/admin/users`, "GET", rotated)).json.users.map((u: { name: string }) => u.name);
      expect(users).toEqual(["admin", "olga"]);

      // remove() deletes the saved data.
      host.remove("inst_persist");
      expect(existsSync(dir)).toBe(false);
    } finally {
      await host.close();
    }
    expect(existsSync(dir)).toBe(false);
  });

  it("writes nothing when stateDir is null", async () => {
    const t = await startTestInstance({ stateDir: null, instanceId: "inst_memory" });
    await t.api("POST", "/api/secrets", { body: { name: "X", value: "y" } });
    await t.close();
    expect(existsSync(join(stateDir, "openberth", "inst_memory"))).toBe(false);
  });

  it("seeds a fresh instance from its spec when nothing was saved", async () => {
    const key = newAdminKey();
    const host = await startOpenBerthHost({ port: 0, stateDir, buildDelayMs: 20 });
    try {
      host.register({ instanceId: "inst_fresh", adminKey: key, adminUserId: "usr_1111111111111111" });
      expect((await call(`${host.endpointFor("inst_fresh")}/api/me`, "GET", key)).json.id).toBe("usr_1111111111111111");
    } finally {
      await host.close();
    }
    expect(existsSync(join(stateDir, "openberth", "inst_fresh", "state.json"))).toBe(true);
  });
});
