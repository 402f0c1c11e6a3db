/**
 * OpenBerth emulator host: many instances behind one port — registration, lazy start,
 * routing by path and by Host, running/not running, removal, the test controls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOpenBerthHost, type OpenBerthHost } from "../../../emulators/openberth/host.ts";
import { plainTexts } from "../../../emulators/openberth/testing/fixtures.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import { call, newAdminKey, waitFor } from "../../../emulators/openberth/testing/test-instance.ts";

let host: OpenBerthHost;
const keyA = newAdminKey();
const keyB = newAdminKey();

beforeAll(async () => {
  host = await startOpenBerthHost({ port: 0, stateDir: null, buildDelayMs: 20, version: "9.9.9-test" });
  host.register({ instanceId: "inst_alpha", adminKey: keyA, adminUserId: "usr_aaaaaaaaaaaaaaaa" });
  host.register({ instanceId: "inst_beta", adminKey: keyB, adminUserId: "usr_bbbbbbbbbbbbbbbb" });
});
afterAll(() => host.close());

const instances = async () =>
  (await (await fetch(`${host.url}/__control/instances`)).json()).instances as {
    id: string;
    running: boolean;
    loaded: boolean;
  }[];

describe("addressing", () => {
  it("spells URLs as promised", () => {
    expect(host.url).toBe(`http://localhost:${host.port}`);
    expect(host.endpointFor("inst_alpha")).toBe(`${host.url}/i/inst_alpha`);
    expect(host.domainFor("inst_alpha")).toBe(`inst-alpha.localhost:${host.port}`);
  });

  it("routes /i/<id>/… to that instance with the prefix stripped, and keeps instances apart", async () => {
    const health = await call(`${host.endpointFor("inst_alpha")}/health`, "GET", null);
    expect(health.json).toEqual({ domain: host.domainFor("inst_alpha"), gvisor: false, status: "ok", version: "9.9.9-test" });
    expect((await call(`${host.endpointFor("inst_alpha")}/api/me`, "GET", keyA)).json.id).toBe("usr_aaaaaaaaaaaaaaaa");
    expect((await call(`${host.endpointFor("inst_beta")}/api/me`, "GET", keyA)).status).toBe(401);
    expect((await call(`${host.endpointFor("inst_beta")}/api/me`, "GET", keyB)).json.id).toBe("usr_bbbbbbbbbbbbbbbb");
  });

  it("reaches the server itself at its own domain, like a real install's base URL", async () => {
    const r = await loopbackRequest(`http://${host.domainFor("inst_beta")}/health`);
    expect(JSON.parse(r.body).domain).toBe(host.domainFor("inst_beta"));
  });

  it("answers unregistered instances and stray paths with the plain 404", async () => {
    for (const path of ["/i/inst_unknown/health", "/i/inst_unknown", "/", "/api/deployments"]) {
      const r = await call(`${host.url}${path}`, "GET", null);
      expect(r.status, path).toBe(404);
      expect(r.text).toBe(plainTexts.notFound);
    }
  });
});

describe("lifecycle of an instance", () => {
  it("registers in O(1) without starting anything; the first request loads it", async () => {
    const started = Date.now();
    for (let i = 0; i < 2000; i++)
      host.register({ instanceId: `inst_bulk_${i}`, adminKey: newAdminKey(), adminUserId: `usr_${String(i).padStart(16, "0")}` });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(host.has("inst_bulk_1999")).toBe(true);
    const before = (await instances()).find((i) => i.id === "inst_bulk_7");
    expect(before).toEqual({ id: "inst_bulk_7", running: true, loaded: false });
    await call(`${host.endpointFor("inst_bulk_7")}/health`, "GET", null);
    expect((await instances()).find((i) => i.id === "inst_bulk_7")?.loaded).toBe(true);
    expect((await instances()).filter((i) => i.loaded).length).toBeLessThan(10);
  });

  it("is idempotent: registering again keeps the instance and its data", async () => {
    await call(`${host.endpointFor("inst_alpha")}/api/secrets`, "POST", keyA, { body: { name: "KEEP", value: "x" } });
    host.register({ instanceId: "inst_alpha", adminKey: keyA, adminUserId: "usr_aaaaaaaaaaaaaaaa" });
    const list = await call(`${host.endpointFor("inst_alpha")}/api/secrets`, "GET", keyA);
    expect(list.json.secrets.map((s: { name: string }) => s.name)).toContain("KEEP");
  });

  it("answers everything with 502 while not running, API and sites alike", async () => {
    const deploy = await call(`${host.endpointFor("inst_beta")}/api/deploy/code`, "POST", keyB, {
      body: { name: "site", files: { "index.html": "up" } },
    });
    await waitFor(
      async () =>
        (await call(`${host.endpointFor("inst_beta")}/api/deployments/${deploy.json.id}`, "GET", keyB)).json.status === "running",
    );
    host.setRunning("inst_beta", false);
    for (const url of [`${host.endpointFor("inst_beta")}/health`, `${host.endpointFor("inst_beta")}/api/deployments`]) {
      const r = await call(url, "GET", keyB);
      expect(r.status).toBe(502);
      expect(r.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(r.text).toBe(plainTexts.instanceNotRunning);
    }
    const site = await loopbackRequest(`${deploy.json.url}/`);
    expect(site).toMatchObject({ status: 502, body: plainTexts.instanceNotRunning });
    expect((await instances()).find((i) => i.id === "inst_beta")?.running).toBe(false);

    host.setRunning("inst_beta", true);
    expect((await loopbackRequest(`${deploy.json.url}/`)).body).toBe("up");
  });

  it("forgets a removed instance: its endpoint and sites answer 404", async () => {
    host.register({ instanceId: "inst_doomed", adminKey: keyA, adminUserId: "usr_cccccccccccccccc" });
    const d = await call(`${host.endpointFor("inst_doomed")}/api/deploy/code`, "POST", keyA, {
      body: { name: "bye", files: { "index.html": "x" } },
    });
    host.remove("inst_doomed");
    expect(host.has("inst_doomed")).toBe(false);
    const r = await call(`${host.endpointFor("inst_doomed")}/health`, "GET", null);
    expect(r).toMatchObject({ status: 404, text: plainTexts.notFound });
    expect((await loopbackRequest(`${d.json.url}/`)).status).toBe(404);
    // Registering the id again starts from scratch.
    host.register({ instanceId: "inst_doomed", adminKey: keyA, adminUserId: "usr_cccccccccccccccc" });
    expect((await call(`${host.endpointFor("inst_doomed")}/api/deployments`, "GET", keyA)).json.count).toBe(0);
  });
});

describe("/__control", () => {
  it("validates its bodies", async () => {
    expect((await fetch(`${host.url}/__control/build-delay`, { method: "POST", body: "{}" })).status).toBe(400);
    expect((await fetch(`${host.url}/__control/clock`, { method: "POST", body: "{}" })).status).toBe(400);
    expect((await fetch(`${host.url}/__control/nope`)).status).toBe(404);
  });

  it("changes the build delay for builds started afterwards", async () => {
    const base = host.endpointFor("inst_alpha");
    await fetch(`${host.url}/__control/build-delay`, { method: "POST", body: JSON.stringify({ ms: 0 }) });
    const d = await call(`${base}/api/deploy/code`, "POST", keyA, { body: { name: "instant", files: { "index.html": "x" } } });
    await waitFor(async () => (await call(`${base}/api/deployments/${d.json.id}`, "GET", keyA)).json.status === "running", 500);
    await fetch(`${host.url}/__control/build-delay`, { method: "POST", body: JSON.stringify({ ms: 20 }) });
  });
});
