/**
 * OpenBerth emulator: admin user management (§5) and the caller's own account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, format, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { createUser, type TestInstance, startTestInstance } from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
});
afterAll(() => t.close());

describe("the seeded admin", () => {
  it("is the only user of a new instance", async () => {
    const r = await t.api("GET", "/api/admin/users");
    expect(r.json.users).toHaveLength(1);
    expect(r.json.users[0]).toMatchObject({
      id: t.adminId,
      name: "admin",
      role: "admin",
      maxDeployments: 100,
      defaultTtlHours: 72,
      displayName: "",
    });
  });
});

describe("POST /api/admin/users", () => {
  it("creates a `user` with defaults and answers 201 {id,name,apiKey,maxDeployments}", async () => {
    const r = await t.api("POST", "/api/admin/users", { body: { name: "frank@example.com" } });
    expect(r.status).toBe(201);
    expect(Object.keys(r.json)).toEqual(["apiKey", "id", "maxDeployments", "name"]);
    expect(keysOf(r.json)).toEqual(expectedKeys("userCreateResult"));
    expect(r.json.id).toMatch(format("userId"));
    expect(r.json.apiKey).toMatch(format("apiKey"));
    expect(r.json.maxDeployments).toBe(10);
    const me = await t.api("GET", "/api/me", { key: r.json.apiKey });
    expect(me.json).toMatchObject({ name: "frank@example.com", role: "user" });

    const custom = await t.api("POST", "/api/admin/users", {
      body: { name: "grace", maxDeployments: 3, ttlHours: 5, password: "longenough" },
    });
    expect(custom.json.maxDeployments).toBe(3);
    const listed = (await t.api("GET", "/api/admin/users")).json.users.find((u: { name: string }) => u.name === "grace");
    expect(listed.defaultTtlHours).toBe(5);
  });

  it("validates the body and refuses duplicates with 409", async () => {
    expect((await t.api("POST", "/api/admin/users", { body: {} })).json).toEqual({ error: msg("users.nameRequired") });
    expect((await t.api("POST", "/api/admin/users")).json).toEqual({ error: msg("users.nameRequired") });
    expect((await t.api("POST", "/api/admin/users", { body: { name: "x", maxDeployments: "3" } })).json).toEqual({
      error: msg("users.nameRequired"),
    });
    expect((await t.api("POST", "/api/admin/users", { body: { name: "short", password: "1234567" } })).json).toEqual({
      error: msg("users.passwordTooShort"),
    });
    await createUser(t, "henry");
    const dup = await t.api("POST", "/api/admin/users", { body: { name: "henry" } });
    expect(dup).toMatchObject({ status: 409, json: { error: msg("users.exists", { name: "henry" }) } });
    // No API can create another admin.
    const sneaky = await t.api("POST", "/api/admin/users", { body: { name: "root", role: "admin" } });
    expect((await t.api("GET", "/api/me", { key: sneaky.json.apiKey })).json.role).toBe("user");
  });
});

describe("GET /api/admin/users", () => {
  it("lists users in creation order, without keys", async () => {
    const r = await t.api("GET", "/api/admin/users");
    for (const u of r.json.users) expect(keysOf(u)).toEqual(expectedKeys("user"));
    expect(r.text).not.toMatch(/sc_[0-9a-f]{48}|apiKey/);
    const created = r.json.users.map((u: { createdAt: string }) => u.createdAt);
    expect([...created].sort()).toEqual(created);
    expect(r.json.users[0].name).toBe("admin");
  });
});

describe("PATCH /api/admin/users/{name}", () => {
  it("updates displayName and maxDeployments; the list and ownerName follow", async () => {
    await createUser(t, "ivy");
    const r = await t.api("PATCH", "/api/admin/users/ivy", { body: { displayName: "Ivy I.", maxDeployments: 7 } });
    expect(r.json).toEqual({ message: msg("users.updated"), name: "ivy" });
    expect(keysOf(r.json)).toEqual(expectedKeys("userUpdateResult"));
    const ivy = (await t.api("GET", "/api/admin/users")).json.users.find((u: { name: string }) => u.name === "ivy");
    expect(ivy).toMatchObject({ displayName: "Ivy I.", maxDeployments: 7 });
  });

  it("answers Invalid JSON. (fixed text) before looking the user up", async () => {
    expect((await t.api("PATCH", "/api/admin/users/ghost")).json).toEqual({ error: msg("json.invalidJsonFixed") });
    expect((await t.api("PATCH", "/api/admin/users/ghost", { body: {} })).json).toEqual({ error: msg("users.notFound") });
    expect((await t.api("PATCH", "/api/admin/users/ivy", { body: { password: "short" } })).json).toEqual({
      error: msg("users.passwordTooShort"),
    });
  });
});

describe("POST /api/admin/users/{name}/rotate-key", () => {
  it("issues a new key and kills the old one at once", async () => {
    const jack = await createUser(t, "jack");
    const r = await t.api("POST", "/api/admin/users/jack/rotate-key");
    expect(keysOf(r.json)).toEqual(expectedKeys("userRotateResult"));
    expect(r.json.name).toBe("jack");
    expect((await t.api("GET", "/api/me", { key: jack.apiKey })).status).toBe(401);
    expect((await t.api("GET", "/api/me", { key: r.json.apiKey })).status).toBe(200);
    expect((await t.api("POST", "/api/admin/users/ghost/rotate-key")).json).toEqual({ error: msg("users.notFound") });
  });
});

describe("DELETE /api/admin/users/{name}", () => {
  it("refuses with the 409 counts body while the user owns anything, then deletes", async () => {
    const kim = await createUser(t, "kim");
    await t.api("POST", "/api/deploy/code", { key: kim.apiKey, body: { name: "kim-1", files: { "index.html": "x" } } });
    await t.api("POST", "/api/sandbox", { key: kim.apiKey, body: { name: "kim-2", files: { "index.html": "x" } } });
    await t.api("POST", "/api/secrets", { key: kim.apiKey, body: { name: "KIM", value: "x" } });
    await t.api("POST", "/api/secrets", { key: kim.apiKey, body: { name: "KIM_GLOBAL", value: "x", global: true } });

    const refused = await t.api("DELETE", "/api/admin/users/kim");
    expect(refused.status).toBe(409);
    expect(keysOf(refused.json)).toEqual(expectedKeys("userDeleteConflict"));
    expect(refused.text).toBe(`{"createdGlobals":1,"deployments":2,"error":"${msg("users.hasResources")}","userSecrets":1}\n`);

    // The cleanup sequence of API.md §5.
    await t.api("DELETE", "/api/deployments", { key: kim.apiKey });
    await t.api("DELETE", "/api/secrets/KIM", { key: kim.apiKey });
    await t.api("DELETE", "/api/secrets/KIM_GLOBAL?global=true");
    const ok = await t.api("DELETE", "/api/admin/users/kim");
    expect(ok.json).toEqual({ deleted: "kim" });
    expect((await t.api("GET", "/api/me", { key: kim.apiKey })).status).toBe(401);
    expect((await t.api("DELETE", "/api/admin/users/kim")).json).toEqual({ error: msg("users.notFound") });
  });
});

describe("the caller's own account", () => {
  it("changes a password with the current one required once set", async () => {
    const lou = await createUser(t, "lou");
    const first = await t.api("POST", "/api/me/password", { key: lou.apiKey, body: { newPassword: "first-password" } });
    expect(first.json).toEqual({ message: msg("users.passwordUpdated") });
    expect((await t.api("POST", "/api/me/password", { key: lou.apiKey, body: { newPassword: "short" } })).json).toEqual({
      error: msg("users.newPasswordTooShort"),
    });
    expect((await t.api("POST", "/api/me/password", { key: lou.apiKey, body: { newPassword: "second-password" } })).json).toEqual(
      {
        error: msg("users.currentPasswordRequired"),
      },
    );
    const wrong = await t.api("POST", "/api/me/password", {
      key: lou.apiKey,
      body: { currentPassword: "nope-nope", newPassword: "second-password" },
    });
    expect(wrong).toMatchObject({ status: 403, json: { error: msg("users.currentPasswordIncorrect") } });
    const right = await t.api("POST", "/api/me/password", {
      key: lou.apiKey,
      body: { currentPassword: "first-password", newPassword: "second-password" },
    });
    expect(right.status).toBe(200);
    expect((await t.api("POST", "/api/me/password", { key: lou.apiKey })).json).toEqual({ error: msg("json.invalidJsonFixed") });
  });
});
