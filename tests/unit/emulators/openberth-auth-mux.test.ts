/**
 * OpenBerth emulator: authentication, the Go mux's 404/405, CSRF/CORS middlewares, Go's JSON
 * encoding and decoding errors, /health and /api/me.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, fields, format, keysOf, msg, plainTexts } from "../../../emulators/openberth/testing/fixtures.ts";
import { call, createUser, type TestInstance, startTestInstance } from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;
let user: { id: string; apiKey: string };

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
  user = await createUser(t, "alice");
});
afterAll(() => t.close());

describe("/health and /api/me", () => {
  it("answers /health without auth, in Go's exact bytes", async () => {
    const r = await t.api("GET", "/health", { key: null });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(keysOf(r.json)).toEqual(expectedKeys("health"));
    // A Go map: keys sorted, trailing newline.
    expect(r.text).toBe(`{"domain":"${t.host.domainFor(t.id)}","gvisor":false,"status":"ok","version":"0.0.0-emulator"}\n`);
  });

  it("describes the caller on /api/me (displayName falls back to name; hasPassword false for keys)", async () => {
    const r = await t.api("GET", "/api/me");
    expect(keysOf(r.json)).toEqual(expectedKeys("me"));
    expect(r.json).toMatchObject({ id: t.adminId, name: "admin", displayName: "admin", role: "admin", hasPassword: false });
    expect(r.json.serverVersion).toBe("0.0.0-emulator");
  });

  it("serves the / banner", async () => {
    const r = await t.api("GET", "/", { key: null });
    expect(r.status).toBe(200);
    expect(r.json.health).toBe("/health");
  });
});

describe("authentication", () => {
  it("refuses anonymous callers with the exact 401 JSON (Go-escaped)", async () => {
    const r = await t.api("GET", "/api/deployments", { key: null });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: msg("auth.unauthorized") });
    expect(r.text).toBe('{"error":"Missing or invalid API key. Use Authorization: Bearer \\u003ckey\\u003e"}\n');
  });

  it("refuses unknown sc_ keys and non-sc_ tokens", async () => {
    for (const key of [`sc_${"0".repeat(48)}`, "sat_whatever", "not-a-key"]) {
      const r = await t.api("GET", "/api/deployments", { key });
      expect(r.status).toBe(401);
    }
  });

  it("accepts X-API-Key as well as Bearer", async () => {
    const r = await t.api("GET", "/api/me", { key: user.apiKey, xApiKey: true });
    expect(r.status).toBe(200);
    expect(r.json.name).toBe("alice");
  });

  it("only takes the case-sensitive `Bearer ` prefix, and falls back to X-API-Key", async () => {
    const lower = await call(`${t.base}/api/me`, "GET", null, { headers: { Authorization: `bearer ${t.adminKey}` } });
    expect(lower.status).toBe(401);
    const fallback = await call(`${t.base}/api/me`, "GET", null, {
      headers: { Authorization: "Basic Zm9vOmJhcg==", "X-API-Key": t.adminKey },
    });
    expect(fallback.status).toBe(200);
  });

  it("gives non-admins 403 on every /api/admin/* route", async () => {
    for (const [method, path] of [
      ["GET", "/api/admin/users"],
      ["POST", "/api/admin/users"],
      ["GET", "/api/admin/settings"],
      ["POST", "/api/admin/settings"],
      ["GET", "/api/admin/host-stats"],
      ["POST", "/api/admin/users/alice/rotate-key"],
    ] as const) {
      const r = await t.api(method, path, { key: user.apiKey, body: method === "POST" ? {} : undefined });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json).toEqual({ error: msg("auth.adminRequired") });
    }
  });

  it("exchanges no login code (none is ever issued), once past CSRF", async () => {
    // Without any auth header the CSRF middleware refuses it first (the upstream quirk).
    expect((await t.api("POST", "/api/login/exchange", { key: null, body: { code: "lc_x" } })).status).toBe(403);
    const missing = await t.api("POST", "/api/login/exchange", { key: "anything", body: {} });
    expect(missing.json).toEqual({ error: msg("auth.loginExchangeInvalid") });
    const unknown = await t.api("POST", "/api/login/exchange", { key: "anything", body: { code: "lc_nope" } });
    expect(unknown.json).toEqual({ error: msg("auth.loginCodeInvalid") });
  });

  it("rotates a key: the new one works at once, the old one stops", async () => {
    const bob = await createUser(t, "bob-rotate");
    const r = await t.api("POST", "/api/me/rotate-key", { key: bob.apiKey, body: {} });
    expect(r.status).toBe(200);
    expect(keysOf(r.json)).toEqual(expectedKeys("meRotateResult"));
    expect(r.json.apiKey).toMatch(format("apiKey"));
    expect((await t.api("GET", "/api/me", { key: bob.apiKey })).status).toBe(401);
    expect((await t.api("GET", "/api/me", { key: r.json.apiKey })).status).toBe(200);
  });
});

describe("the Go mux", () => {
  it("answers unknown paths with a plain-text 404", async () => {
    for (const path of ["/api/nope", "/api/deployments/x/nope", "/nothing"]) {
      const r = await t.api("GET", path);
      expect(r.status).toBe(404);
      expect(r.headers.get("content-type")).toBe(plainTexts.contentType);
      expect(r.text).toBe(plainTexts.notFound);
    }
  });

  it("answers known paths with the wrong method with 405 and Allow", async () => {
    for (const [route, allow] of Object.entries(plainTexts.allow)) {
      const [method = "", path = ""] = route.split(" ");
      const r = await t.api(method, path);
      expect(r.status, route).toBe(405);
      expect(r.text).toBe(plainTexts.methodNotAllowed);
      expect(r.headers.get("allow"), route).toBe(allow);
      expect(r.headers.get("content-type")).toBe(plainTexts.contentType);
    }
  });

  it("serves HEAD on GET routes", async () => {
    const r = await t.api("HEAD", "/health");
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
  });

  it("redirects unclean paths to their clean form", async () => {
    const r = await fetch(`${t.base}/api//deployments`, {
      redirect: "manual",
      headers: { Authorization: `Bearer ${t.adminKey}` },
    });
    expect(r.status).toBe(301);
    expect(r.headers.get("location")).toBe(`/i/${t.id}/api/deployments`);
  });
});

describe("CSRF and CORS middlewares", () => {
  it("refuses unsafe requests without a key header unless Origin is this server", async () => {
    const bare = await t.api("POST", "/api/secrets", { key: null, body: {} });
    expect(bare.status).toBe(403);
    expect(bare.text).toBe(plainTexts.csrf);
    expect(bare.headers.get("content-type")).toBe(plainTexts.contentType);

    // Even paths the mux does not know: the middleware runs first.
    expect((await t.api("DELETE", "/api/nope", { key: null })).status).toBe(403);

    const sameOrigin = await t.api("POST", "/api/secrets", { key: null, body: {}, headers: { Origin: new URL(t.base).origin } });
    expect(sameOrigin.status).toBe(401);
    const referer = await t.api("POST", "/api/secrets", { key: null, body: {}, headers: { Referer: `${t.base}/dashboard` } });
    expect(referer.status).toBe(401);
    const foreign = await t.api("POST", "/api/secrets", { key: null, body: {}, headers: { Origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
  });

  it("never applies to callers that send any key header, or to safe methods", async () => {
    expect((await t.api("POST", "/api/secrets", { key: "anything", body: {} })).status).toBe(401);
    expect((await t.api("GET", "/api/deployments", { key: null })).status).toBe(401);
  });

  it("answers preflights and adds CORS headers on the browser-facing paths only", async () => {
    const pre = await t.api("OPTIONS", "/api/deployments", { key: null });
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")).toBe(
      "Content-Type, Authorization, Accept, Mcp-Session-Id, X-API-Key",
    );
    expect((await t.api("GET", "/api/secrets")).headers.get("access-control-allow-origin")).toBe("*");

    const admin = await t.api("GET", "/api/admin/users");
    expect(admin.headers.get("access-control-allow-origin")).toBeNull();
    const adminPre = await t.api("OPTIONS", "/api/admin/users", { key: null });
    expect(adminPre.status).toBe(405);
    const deploy = await t.api("OPTIONS", "/api/deploy", { key: null });
    expect(deploy.status).toBe(405);
  });
});

describe("Go's JSON", () => {
  it("escapes <, > and & like Go's encoder", async () => {
    const r = await t.api("POST", "/api/deploy/code", {
      body: { name: "escape-check", title: "<b>Tom & Jerry</b>", files: { "index.html": "x" } },
    });
    expect(r.status).toBe(202);
    expect(r.text).toContain('"title":"\\u003cb\\u003eTom \\u0026 Jerry\\u003c/b\\u003e"');
    expect(r.text.endsWith("}\n")).toBe(true);
  });

  it("reports decoder errors as `Invalid JSON: <decoder text>`", async () => {
    const cases: [string, string][] = [
      ["", msg("json.emptyBody")],
      ["   ", "EOF"],
      ["{", msg("json.truncatedBody")],
      ['{"files": {"a": "b"', "unexpected EOF"],
      ["x", "invalid character 'x' looking for beginning of value"],
      ["{name: 1}", "invalid character 'n' looking for beginning of object key string"],
      ['{"name" 1}', "invalid character '1' after object key"],
      ['{"name": "a" "b"}', "invalid character '\"' after object key:value pair"],
      ['{"secrets": ["a" "b"]}', "invalid character '\"' after array element"],
      ['{"secrets": ["a",', "unexpected EOF"],
      ['{"files": 3}', "json: cannot unmarshal number into Go struct field CodeDeployRequest.files of type map[string]string"],
      ['{"port": "3000"}', "json: cannot unmarshal string into Go struct field CodeDeployRequest.port of type int"],
      ['{"port": 1.5}', "json: cannot unmarshal number 1.5 into Go struct field CodeDeployRequest.port of type int"],
      [
        '{"protect_users": "alice,bob"}',
        "json: cannot unmarshal string into Go struct field CodeDeployRequest.protect_users of type []string",
      ],
      ["[]", "json: cannot unmarshal array into Go value of type httphandler.CodeDeployRequest"],
    ];
    for (const [body, detail] of cases) {
      const r = await t.api("POST", "/api/deploy/code", { body, headers: { "Content-Type": "application/json" } });
      expect(r.status, body).toBe(400);
      expect(r.json, body).toEqual({ error: msg("json.invalidJson", { detail }) });
    }
  });

  it("matches keys case-insensitively and ignores unknown ones, like encoding/json", async () => {
    const r = await t.api("POST", "/api/deploy/code", {
      body: { NAME: "folded-key", Files: { "index.html": "ok" }, whatever: [1, 2] },
    });
    expect(r.status).toBe(202);
    expect(r.json.name).toBe("folded-key");
  });

  it("keeps the error shape {error} on every JSON failure", async () => {
    const r = await t.api("GET", "/api/deployments/doesnotexist");
    expect(keysOf(r.json)).toEqual(fields("error.always"));
  });
});
