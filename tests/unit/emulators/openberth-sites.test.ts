/**
 * OpenBerth emulator: deployments served by Host header — files, content types, directory
 * indexes, 502 without a container, old files during an update, and visitor protection.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import {
  createUser,
  deployRunning,
  type TestInstance,
  startTestInstance,
  stuckBuilding,
  waitForStatus,
  withBuildDelay,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

const SITE = {
  "index.html": "<h1>Home</h1>",
  "style.css": "body{color:red}",
  "app.js": "console.log('hi')",
  "data.json": '{"ok":true}',
  "docs/index.html": "<h1>Docs</h1>",
  "docs/guide.html": "<h1>Guide</h1>",
  "img/logo.svg": "<svg/>",
};

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
});
afterAll(() => t.close());

describe("serving a static deployment", () => {
  it("serves its files by Host header with the right content types", async () => {
    const d = await deployRunning(t, { name: "www", files: SITE });
    const home = await loopbackRequest(`${d.url}/`);
    expect(home).toMatchObject({ status: 200, body: "<h1>Home</h1>" });
    expect(home.headers["content-type"]).toBe("text/html; charset=utf-8");
    const types: [string, string][] = [
      ["/style.css", "text/css; charset=utf-8"],
      ["/app.js", "text/javascript; charset=utf-8"],
      ["/data.json", "application/json"],
      ["/img/logo.svg", "image/svg+xml"],
    ];
    for (const [path, type] of types) {
      const r = await loopbackRequest(`${d.url}${path}`);
      expect(r.status, path).toBe(200);
      expect(r.headers["content-type"], path).toBe(type);
      expect(r.body).toBe(SITE[path.slice(1) as keyof typeof SITE]);
    }
  });

  it("serves dir/index.html for /dir/, redirects /dir, and 404s missing files", async () => {
    const d = await deployRunning(t, { name: "www-dirs", files: SITE });
    expect((await loopbackRequest(`${d.url}/docs/`)).body).toBe("<h1>Docs</h1>");
    const redirect = await loopbackRequest(`${d.url}/docs`);
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe("/docs/");
    expect((await loopbackRequest(`${d.url}/docs/guide.html`)).body).toBe("<h1>Guide</h1>");
    const missing = await loopbackRequest(`${d.url}/nope.html`);
    expect(missing.status).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^text\/plain/);
    expect((await loopbackRequest(`${d.url}/`, { method: "POST" })).status).toBe(405);
  });

  it("matches the Host case-insensitively, with or without the port", async () => {
    const d = await deployRunning(t, { name: "www-host", files: SITE });
    const url = new URL(d.url);
    const upper = await loopbackRequest(`${d.url}/`, { headers: { host: url.host.toUpperCase() } });
    expect(upper.body).toBe("<h1>Home</h1>");
    const noPort = await loopbackRequest(`${d.url}/`, { headers: { host: url.hostname } });
    expect(noPort.body).toBe("<h1>Home</h1>");
  });

  it("answers 502 for unknown subdomains, building deployments and failed first builds", async () => {
    const domain = t.host.domainFor(t.id);
    expect((await loopbackRequest(`http://nobody-here.${domain}/`)).status).toBe(502);
    const building = await stuckBuilding(t, "/api/deploy/code", { name: "www-building", files: SITE }, 20);
    expect((await loopbackRequest(`${building.url}/`)).status).toBe(502);
    const failed = await t.api("POST", "/api/deploy/code", { body: { name: "www-fail-build", files: SITE } });
    await waitForStatus(t, failed.json.id, "failed");
    expect((await loopbackRequest(`${failed.json.url}/`)).status).toBe(502);
  });

  it("keeps serving the old files while updating, then the new ones", async () => {
    const d = await deployRunning(t, { name: "www-update", files: { "index.html": "old" } });
    await withBuildDelay(t, 300, 20, async () => {
      await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "new" } } });
      expect((await loopbackRequest(`${d.url}/`)).body).toBe("old");
    });
    await waitForStatus(t, d.id, "running");
    expect((await loopbackRequest(`${d.url}/`)).body).toBe("new");
  });

  it("stops serving once destroyed", async () => {
    const d = await deployRunning(t, { name: "www-gone", files: SITE });
    await t.api("DELETE", `/api/deployments/${d.id}`);
    expect((await loopbackRequest(`${d.url}/`)).status).toBe(502);
  });
});

describe("visitor protection", () => {
  it("basic_auth asks for credentials and checks them", async () => {
    const d = await deployRunning(t, {
      name: "www-basic",
      protect_mode: "basic_auth",
      protect_username: "ada",
      protect_password: "lovelace",
      files: SITE,
    });
    const anon = await loopbackRequest(`${d.url}/`);
    expect(anon.status).toBe(401);
    expect(anon.headers["www-authenticate"]).toBe('Basic realm="restricted"');
    const basic = (user: string, pass: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`,
    });
    expect((await loopbackRequest(`${d.url}/`, { headers: basic("ada", "wrong") })).status).toBe(401);
    expect((await loopbackRequest(`${d.url}/`, { headers: basic("ada", "lovelace") })).body).toBe("<h1>Home</h1>");
  });

  it("api_key wants the X-Api-Key header", async () => {
    const d = await deployRunning(t, { name: "www-key", files: SITE });
    const key = (await t.api("POST", `/api/deployments/${d.id}/protect`, { body: { mode: "api_key" } })).json.apiKey;
    const anon = await loopbackRequest(`${d.url}/`);
    expect(anon).toMatchObject({ status: 401, body: "Unauthorized\n" });
    expect((await loopbackRequest(`${d.url}/?api_key=${key}`)).status).toBe(401);
    expect((await loopbackRequest(`${d.url}/`, { headers: { "x-api-key": key } })).status).toBe(200);
  });

  it("user mode lets the owner, admins and listed users in (by API key), nobody else", async () => {
    const owner = await createUser(t, "site-owner");
    const listed = await createUser(t, "site-friend");
    const stranger = await createUser(t, "site-stranger");
    const d = await deployRunning(
      t,
      { name: "www-users", protect_mode: "user", protect_users: ["site-friend"], files: SITE },
      owner.apiKey,
    );
    const as = (key: string) => ({ authorization: `Bearer ${key}` });
    expect((await loopbackRequest(`${d.url}/`)).status).toBe(401);
    expect((await loopbackRequest(`${d.url}/`, { headers: as(stranger.apiKey) })).status).toBe(401);
    for (const key of [owner.apiKey, listed.apiKey, t.adminKey]) {
      expect((await loopbackRequest(`${d.url}/`, { headers: as(key) })).status).toBe(200);
    }
  });

  it("public again after protect mode public", async () => {
    const d = await deployRunning(t, { name: "www-public", protect_mode: "api_key", files: SITE });
    await t.api("POST", `/api/deployments/${d.id}/protect`, { body: { mode: "public" } });
    expect((await loopbackRequest(`${d.url}/`)).status).toBe(200);
  });
});
