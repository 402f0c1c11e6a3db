/**
 * OpenBerth emulator: protect (§3.9/§4.4) and lock (§4.5): state checks, response shapes,
 * generated sk_ keys, how protection shows up on DeployInfo, and what a lock blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, format, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import {
  deployRunning,
  type TestInstance,
  startTestInstance,
  stuckBuilding,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
});
afterAll(() => t.close());

const protect = (id: string, body: unknown) => t.api("POST", `/api/deployments/${id}/protect`, { body });
const info = async (id: string) => (await t.api("GET", `/api/deployments/${id}`)).json;

describe("POST /api/deployments/{id}/protect", () => {
  it("sets each mode with upstream's response and message, reflected on DeployInfo", async () => {
    const d = await deployRunning(t, { name: "guarded", files: { "index.html": "x" } });

    const basic = await protect(d.id, { mode: "basic_auth", username: "ada", password: "s3cret!!" });
    expect(basic.status).toBe(200);
    expect(keysOf(basic.json)).toEqual(expectedKeys("protectResult", ["username"]));
    expect(basic.json).toEqual({
      id: d.id,
      accessMode: "basic_auth",
      username: "ada",
      message: msg("protect.basicAuth", { username: "ada" }),
    });
    expect(await info(d.id)).toMatchObject({ accessMode: "basic_auth", accessUser: "ada" });

    const key = await protect(d.id, { mode: "api_key" });
    expect(key.json.apiKey).toMatch(format("protectKey"));
    expect(key.json.message).toBe(msg("protect.apiKey", { key: key.json.apiKey }));
    const listed = await info(d.id);
    expect(listed.accessMode).toBe("api_key");
    expect(listed.accessUser).toBeUndefined();
    expect(JSON.stringify(listed)).not.toContain(key.json.apiKey);

    const custom = await protect(d.id, { mode: "api_key", apiKey: "chosen-key" });
    expect(custom.json.apiKey).toBe("chosen-key");

    const users = await protect(d.id, { mode: "user", users: ["alice", "bob"] });
    expect(keysOf(users.json)).toEqual(expectedKeys("protectResult", ["users"]));
    expect(users.json.users).toEqual(["alice", "bob"]);
    expect(users.json.message).toBe(msg("protect.userList", { users: "alice,bob" }));
    expect((await info(d.id)).accessUsers).toBe("alice,bob");
    const row = (await t.api("GET", "/api/deployments")).json.deployments.find((x: { id: string }) => x.id === d.id);
    expect(row.accessUsers).toBe("alice,bob");

    const ownerOnly = await protect(d.id, { mode: "user" });
    expect(ownerOnly.json).toEqual({ id: d.id, accessMode: "user", message: msg("protect.userOwnerOnly") });

    const pub = await protect(d.id, { mode: "public" });
    expect(pub.json).toEqual({ id: d.id, accessMode: "public", message: msg("protect.public") });
    const cleared = await info(d.id);
    expect(cleared.accessMode).toBe("public");
    expect(cleared.accessUsers).toBeUndefined();
  });

  it("validates the mode and basic_auth parameters, and needs running and unlocked", async () => {
    const d = await deployRunning(t, { name: "guard-errors", files: { "index.html": "x" } });
    expect((await protect(d.id, { mode: "magic" })).json).toEqual({ error: msg("deploy.invalidMode") });
    expect((await protect(d.id, { mode: "basic_auth", username: "u" })).json).toEqual({ error: msg("deploy.basicAuthRequired") });
    expect((await protect(d.id, undefined)).json).toEqual({ error: msg("json.invalidJson", { detail: "EOF" }) });
    const users = await protect(d.id, { mode: "user", users: "alice,bob" });
    expect(users.json.error).toBe(
      msg("json.invalidJson", { detail: "json: cannot unmarshal string into Go struct field .users of type []string" }),
    );

    const building = {
      json: await stuckBuilding(t, "/api/deploy/code", { name: "guard-building", files: { "index.html": "x" } }, 20),
    };
    expect((await protect(building.json.id, { mode: "public" })).json).toEqual({
      error: msg("deployments.cannotProtect", { status: "building" }),
    });

    await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: true } });
    expect((await protect(d.id, { mode: "public" })).json).toEqual({ error: msg("deployments.locked") });
  });
});

describe("POST /api/deployments/{id}/lock", () => {
  it("locks and unlocks with {id,locked,message}", async () => {
    const d = await deployRunning(t, { name: "lockable", files: { "index.html": "x" } });
    const lock = await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: true } });
    expect(Object.keys(lock.json)).toEqual(["id", "locked", "message"]);
    expect(keysOf(lock.json)).toEqual(expectedKeys("lockResult"));
    expect(lock.json).toEqual({ id: d.id, locked: true, message: msg("deployments.locked.message") });
    expect((await info(d.id)).locked).toBe(true);

    const unlock = await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: false } });
    expect(unlock.json).toEqual({ id: d.id, locked: false, message: msg("deployments.unlocked.message") });
  });

  it("needs a body and a running deployment", async () => {
    const d = await deployRunning(t, { name: "lock-errors", files: { "index.html": "x" } });
    expect((await t.api("POST", `/api/deployments/${d.id}/lock`)).json).toEqual({
      error: msg("json.invalidJson", { detail: "EOF" }),
    });
    const failed = {
      json: await stuckBuilding(t, "/api/deploy/code", { name: "lock-building", files: { "index.html": "x" } }, 20),
    };
    const early = await t.api("POST", `/api/deployments/${failed.json.id}/lock`, { body: { locked: true } });
    expect(early.json).toEqual({ error: msg("deployments.cannotLock", { status: "building" }) });
  });

  it("blocks update, PATCH, protect and destroy — but not lock/unlock itself", async () => {
    const d = await deployRunning(t, { name: "locked-down", files: { "index.html": "x" } });
    await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: true } });
    const blocked: [string, string, unknown][] = [
      ["POST", `/api/deploy/${d.id}/update/code`, { files: { "index.html": "y" } }],
      ["PATCH", `/api/deployments/${d.id}`, { title: "x" }],
      ["POST", `/api/deployments/${d.id}/protect`, { mode: "public" }],
      ["DELETE", `/api/deployments/${d.id}`, undefined],
      ["DELETE", `/api/sandbox/${d.id}`, undefined],
    ];
    for (const [method, path, body] of blocked) {
      expect((await t.api(method, path, { body })).json, `${method} ${path}`).toEqual({ error: msg("deployments.locked") });
    }
    expect((await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: false } })).status).toBe(200);
    expect((await t.api("DELETE", `/api/deployments/${d.id}`)).status).toBe(200);
  });
});
