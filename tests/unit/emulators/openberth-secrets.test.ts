/**
 * OpenBerth emulator: secrets (§6) — scopes, creator rules, upsert with `created`, restarts,
 * list order and shadowing, delete semantics, resolution at deploy time.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, format, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import {
  createUser,
  deployRunning,
  type TestInstance,
  startTestInstance,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;
let ann: { id: string; apiKey: string };
let ben: { id: string; apiKey: string };

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
  ann = await createUser(t, "ann");
  ben = await createUser(t, "ben");
});
afterAll(() => t.close());

const setSecret = (body: Record<string, unknown>, key?: string) => t.api("POST", "/api/secrets", { body, key });
const list = async (key?: string) => (await t.api("GET", "/api/secrets", { key })).json.secrets;

describe("POST /api/secrets", () => {
  it("creates (200, created:true, no message) then updates (created:false)", async () => {
    const created = await setSecret({ name: "API_TOKEN", value: "one", description: "first" }, ann.apiKey);
    expect(created.status).toBe(200);
    expect(Object.keys(created.json)).toEqual(["name", "created"]);
    expect(created.json).toEqual({ name: "API_TOKEN", created: true });
    const updated = await setSecret({ name: "API_TOKEN", value: "two" }, ann.apiKey);
    expect(updated.json).toEqual({ name: "API_TOKEN", created: false });
  });

  it("validates name and value", async () => {
    expect((await setSecret({ value: "v" })).json).toEqual({ error: msg("secrets.nameRequired") });
    expect((await setSecret({ name: "N" })).json).toEqual({ error: msg("secrets.valueRequired") });
    expect((await t.api("POST", "/api/secrets")).json).toEqual({ error: msg("json.invalidJson", { detail: "EOF" }) });
  });

  it("lets anyone create a global, but only its creator or an admin update it", async () => {
    expect((await setSecret({ name: "SHARED", value: "1", global: true }, ann.apiKey)).json).toEqual({
      name: "SHARED",
      created: true,
    });
    const byBen = await setSecret({ name: "SHARED", value: "2", global: true }, ben.apiKey);
    expect(byBen).toMatchObject({ status: 403, json: { error: msg("secrets.onlyCreatorUpdate") } });
    expect((await setSecret({ name: "SHARED", value: "3", global: true }, ann.apiKey)).json.created).toBe(false);
    expect((await setSecret({ name: "SHARED", value: "4", global: true })).json.created).toBe(false);
  });

  it("refuses to shadow across scopes", async () => {
    await setSecret({ name: "GLOBAL_ONLY", value: "g", global: true });
    expect((await setSecret({ name: "GLOBAL_ONLY", value: "u" }, ben.apiKey)).json).toEqual({
      error: msg("secrets.existsAsGlobal", { name: "GLOBAL_ONLY" }),
    });
    await setSecret({ name: "MINE", value: "u" }, ben.apiKey);
    expect((await setSecret({ name: "MINE", value: "g", global: true }, ben.apiKey)).json).toEqual({
      error: msg("secrets.existsAsUser", { name: "MINE" }),
    });
  });

  it("restarts every running deployment of any user that lists an updated name", async () => {
    await setSecret({ name: "ROTATE_ME", value: "v1", global: true });
    const a = await deployRunning(t, { name: "uses-rotate-a", secrets: ["ROTATE_ME"], files: { "index.html": "a" } }, ann.apiKey);
    const b = await deployRunning(t, { name: "uses-rotate-b", secrets: ["ROTATE_ME"], files: { "index.html": "b" } }, ben.apiKey);
    await deployRunning(t, { name: "no-secret", files: { "index.html": "c" } });
    const r = await setSecret({ name: "ROTATE_ME", value: "v2", global: true });
    expect(keysOf(r.json)).toEqual(expectedKeys("secretSetResult", ["restarted"]));
    expect([...r.json.restarted].sort()).toEqual([a.name, b.name].sort());
  });
});

describe("GET /api/secrets", () => {
  it("lists the caller's user secrets and all globals, globals first then by name, never values", async () => {
    const fresh = await createUser(t, "lister");
    await setSecret({ name: "ZETA", value: "z" }, fresh.apiKey);
    await setSecret({ name: "ALPHA", value: "a", description: "mine" }, fresh.apiKey);
    const secrets = await list(fresh.apiKey);
    const scopes = secrets.map((s: { scope: string }) => s.scope);
    expect(scopes).toEqual([...scopes].sort());
    const globals = secrets.filter((s: { scope: string }) => s.scope === "global").map((s: { name: string }) => s.name);
    expect(globals).toEqual([...globals].sort());
    const users = secrets.filter((s: { scope: string }) => s.scope === "user").map((s: { name: string }) => s.name);
    expect(users).toEqual(["ALPHA", "ZETA"]);
    for (const s of secrets) {
      expect(keysOf(s)).toEqual(expectedKeys("secretMeta"));
      expect(s.createdAt).toMatch(format("createdAt"));
      expect(s.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect(JSON.stringify(secrets)).not.toMatch(/"value"/);
    // Admins do not see other users' user secrets.
    expect((await list()).some((s: { name: string }) => s.name === "ZETA")).toBe(false);
    expect(await list((await createUser(t, "nobody-yet")).apiKey)).toEqual(expect.any(Array));
  });
});

describe("DELETE /api/secrets/{name}", () => {
  it("deletes from the caller's scope and answers 200 even when nothing was there", async () => {
    await setSecret({ name: "TEMP", value: "x" }, ben.apiKey);
    const r = await t.api("DELETE", "/api/secrets/TEMP", { key: ben.apiKey });
    expect(r.text).toBe('{"name":"TEMP","status":"deleted"}\n');
    expect(keysOf(r.json)).toEqual(expectedKeys("secretDeleteResult"));
    expect((await list(ben.apiKey)).some((s: { name: string }) => s.name === "TEMP")).toBe(false);
    expect((await t.api("DELETE", "/api/secrets/NEVER_EXISTED", { key: ben.apiKey })).status).toBe(200);
  });

  it("limits globals to their creator or an admin; admins get 200 for missing ones", async () => {
    await setSecret({ name: "ANNS_GLOBAL", value: "x", global: true }, ann.apiKey);
    const byBen = await t.api("DELETE", "/api/secrets/ANNS_GLOBAL?global=true", { key: ben.apiKey });
    expect(byBen).toMatchObject({ status: 403, json: { error: msg("secrets.onlyCreatorDelete") } });
    expect((await t.api("DELETE", "/api/secrets/GHOST?global=true", { key: ben.apiKey })).json).toEqual({
      error: msg("secrets.notFound"),
    });
    expect((await t.api("DELETE", "/api/secrets/ANNS_GLOBAL?global=true", { key: ann.apiKey })).status).toBe(200);
    expect((await t.api("DELETE", "/api/secrets/GHOST?global=true")).status).toBe(200);
    // Without ?global=true a global is untouched.
    await setSecret({ name: "STAYS", value: "x", global: true });
    await t.api("DELETE", "/api/secrets/STAYS");
    expect((await list()).some((s: { name: string }) => s.name === "STAYS")).toBe(true);
  });
});

describe("secrets at deploy time", () => {
  it("resolves the user's secret first, then a global; a missing name is a 400", async () => {
    await setSecret({ name: "ONLY_ANN", value: "x" }, ann.apiKey);
    const ok = await t.api("POST", "/api/deploy/code", {
      key: ann.apiKey,
      body: { name: "ann-secret", secrets: ["ONLY_ANN", "SHARED"], files: { "index.html": "x" } },
    });
    expect(ok.status).toBe(202);
    const missing = await t.api("POST", "/api/deploy/code", {
      key: ben.apiKey,
      body: { name: "ben-secret", secrets: ["ONLY_ANN"], files: { "index.html": "x" } },
    });
    expect(missing.json).toEqual({ error: msg("deploy.secretNotFound", { name: "ONLY_ANN" }) });
  });
});
