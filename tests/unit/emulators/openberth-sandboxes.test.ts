/**
 * OpenBerth emulator: sandboxes — create, the shared guard, push (applied in order), exec on
 * the real files, install, promote.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, fields, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import {
  createUser,
  deployRunning,
  sandboxRunning,
  type TestInstance,
  startTestInstance,
  stuckBuilding,
  waitForStatus,
  withBuildDelay,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;
let mallory: { id: string; apiKey: string };

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 30 });
  mallory = await createUser(t, "mallory");
});
afterAll(() => t.close());

const push = (id: string, changes: unknown, key?: string) => t.api("POST", `/api/sandbox/${id}/push`, { body: { changes }, key });
const exec = (id: string, command: string) => t.api("POST", `/api/sandbox/${id}/exec`, { body: { command } });
const sources = async (id: string) => (await t.api("GET", `/api/deployments/${id}/source?format=json`)).json.files;

describe("POST /api/sandbox", () => {
  it("answers 202 with a sandbox- subdomain, language, and a 4 h default TTL", async () => {
    const r = await t.api("POST", "/api/sandbox", {
      body: { name: "Play Ground", language: "static", files: { "index.html": "sb" } },
    });
    expect(r.status).toBe(202);
    expect(Object.keys(r.json)).toEqual(["id", "name", "subdomain", "framework", "language", "status", "url", "expiresAt"]);
    expect(keysOf(r.json)).toEqual(expectedKeys("deployResult.sandbox", ["language", "expiresAt"]));
    expect(r.json).toMatchObject({
      name: "play-ground",
      subdomain: "sandbox-play-ground",
      framework: "static",
      language: "static",
      status: "building",
    });
    const info = await waitForStatus(t, r.json.id, "running");
    expect(info).toMatchObject({ mode: "sandbox", ttlHours: 4, containerStatus: "running" });
    const hours = (Date.parse(`${info.expiresAt.replace(" ", "T")}Z`) - Date.now()) / 3600_000;
    expect(hours).toBeGreaterThan(3.9);
    expect(hours).toBeLessThanOrEqual(4);
    const listed = (await t.api("GET", "/api/deployments")).json.deployments.find((d: { id: string }) => d.id === r.json.id);
    expect(listed.mode).toBe("sandbox");
  });

  it("names an unnamed sandbox sandbox-<id6> with a sandbox-sandbox-<id6>-<id4> subdomain", async () => {
    const r = await t.api("POST", "/api/sandbox", { body: { files: { "index.html": "x" } } });
    const id: string = r.json.id;
    expect(r.json.name).toBe(`sandbox-${id.slice(0, 6)}`);
    expect(r.json.subdomain).toBe(`sandbox-sandbox-${id.slice(0, 6)}-${id.slice(0, 4)}`);
  });

  it("needs a dev command for Node projects, and validates like code deploy", async () => {
    const noDev = await t.api("POST", "/api/sandbox", {
      body: { name: "node-no-dev", files: { "package.json": JSON.stringify({ scripts: { start: "node s.js" } }) } },
    });
    expect(noDev).toMatchObject({ status: 400, json: { error: msg("sandbox.noDevCommand") } });
    const withDev = await t.api("POST", "/api/sandbox", {
      body: {
        name: "node-dev",
        files: { "package.json": JSON.stringify({ scripts: { start: "node s.js", dev: "node --watch s.js" } }) },
      },
    });
    expect(withDev.json).toMatchObject({ framework: "node", language: "node" });
    expect((await t.api("POST", "/api/sandbox", { body: { name: "empty" } })).json).toEqual({ error: msg("deploy.noFiles") });
    const portString = await t.api("POST", "/api/sandbox", { body: { name: "p", port: "3000", files: { "index.html": "x" } } });
    expect(portString.json.error).toBe(
      msg("json.invalidJson", { detail: "json: cannot unmarshal string into Go struct field .port of type int" }),
    );
  });
});

describe("the sandbox guard", () => {
  it("answers each refusal with its own text", async () => {
    const deploy = await deployRunning(t, { name: "not-a-sandbox", files: { "index.html": "x" } });
    const building = {
      json: await stuckBuilding(t, "/api/sandbox", { name: "guard-building", files: { "index.html": "x" } }, 30),
    };
    const sb = await sandboxRunning(t, { name: "guard-ok", files: { "index.html": "x" } });
    for (const op of ["push", "install", "exec"]) {
      const body = { changes: [{ op: "write", path: "a", content: "b" }], packages: ["zod"], command: "ls" };
      const cases: [string, string | undefined, string][] = [
        ["nope", undefined, msg("sandbox.notFound")],
        [sb.id, mallory.apiKey, msg("sandbox.notYours")],
        [deploy.id, undefined, msg("sandbox.notASandbox")],
        [building.json.id, undefined, msg("sandbox.notRunning", { status: "building" })],
      ];
      for (const [id, key, error] of cases) {
        const r = await t.api("POST", `/api/sandbox/${id}/${op}`, { body, key });
        expect(r.json, `${op} ${id}`).toEqual({ error });
      }
    }
    await t.api("POST", `/api/deployments/${sb.id}/lock`, { body: { locked: true } });
    expect((await exec(sb.id, "ls")).json).toEqual({ error: msg("deployments.locked") });
  });
});

describe("push, exec, install", () => {
  it("applies pushed changes in order and reads them back with exec", async () => {
    const sb = await sandboxRunning(t, { name: "editor", files: { "index.html": "<h1>v1</h1>", "old.js": "x" } });
    const r = await push(sb.id, [
      { op: "write", path: "src/app.js", content: "console.log('pushed')" },
      { op: "write", path: "index.html", content: "<h1>v2</h1>" },
      { op: "delete", path: "old.js" },
    ]);
    expect(r.status).toBe(200);
    expect(keysOf(r.json)).toEqual(expectedKeys("pushResult"));
    expect(r.json).toEqual({ id: sb.id, updated: 2, deleted: 1 });

    const cat = await exec(sb.id, "cat src/app.js");
    expect(Object.keys(cat.json)).toEqual(fields("execResult.always"));
    expect(cat.json).toEqual({ id: sb.id, output: "console.log('pushed')", exitCode: 0 });
    expect((await exec(sb.id, "ls")).json.output).toBe("index.html\nsrc\n");
    expect((await exec(sb.id, "ls src /app/src")).json.output).toBe("src:\napp.js\n\n/app/src:\napp.js\n");
    expect((await exec(sb.id, "pwd")).json.output).toBe("/app\n");
    expect((await exec(sb.id, `echo "hello   world" 'single quoted' plain`)).json.output).toBe(
      "hello   world single quoted plain\n",
    );
    expect((await exec(sb.id, "cd src && cat app.js; echo; pwd")).json.output).toBe("console.log('pushed')\n/app/src\n");
    expect((await exec(sb.id, "echo generated > gen.txt && cat gen.txt")).json.output).toBe("generated\n");
    expect((await exec(sb.id, "ls -a")).json.output).toBe(".\n..\ngen.txt\nindex.html\nsrc\n");

    const missing = await exec(sb.id, "cat nope.txt");
    expect(missing.json).toEqual({ id: sb.id, output: "cat: nope.txt: No such file or directory\n", exitCode: 1 });
    const unknown = await exec(sb.id, "frobnicate --now");
    expect(unknown.json).toEqual({ id: sb.id, output: msg("sandbox.commandNotFound", { cmd: "frobnicate" }), exitCode: 127 });
    expect((await exec(sb.id, "")).json).toEqual({ error: msg("sandbox.noCommand") });

    // The sandbox serves its files live: the pushed page is what visitors get.
    expect((await loopbackRequest(`${sb.url}/`)).body).toBe("<h1>v2</h1>");
  });

  it("stops at a bad op or path, keeping the changes before it", async () => {
    const sb = await sandboxRunning(t, { name: "partial", files: { "index.html": "x" } });
    const bad = await push(sb.id, [
      { op: "write", path: "first.txt", content: "1" },
      { op: "rename", path: "first.txt" },
      { op: "write", path: "never.txt", content: "2" },
    ]);
    expect(bad).toMatchObject({ status: 400, json: { error: msg("sandbox.invalidOp", { op: "rename" }) } });
    const files = await sources(sb.id);
    expect(files["first.txt"]).toBe("1");
    expect(files["never.txt"]).toBeUndefined();

    const escape = await push(sb.id, [{ op: "write", path: "../../etc/passwd", content: "x" }]);
    expect(escape.json).toEqual({ error: msg("deploy.invalidPath", { path: "../../etc/passwd" }) });
    expect((await push(sb.id, [])).json).toEqual({ error: msg("sandbox.noChanges") });
    expect((await t.api("POST", `/api/sandbox/${sb.id}/push`, { body: {} })).json).toEqual({ error: msg("sandbox.noChanges") });
  });

  it("reports depsInstalled when a dependency manifest changes", async () => {
    const pkg = JSON.stringify({ scripts: { dev: "vite" }, devDependencies: { vite: "6" } });
    const sb = await sandboxRunning(t, { name: "deps", files: { "package.json": pkg, "index.html": "x" } });
    const r = await push(sb.id, [{ op: "write", path: "package.json", content: pkg.replace("6", "7") }]);
    expect(keysOf(r.json)).toEqual(expectedKeys("pushResult", ["depsInstalled", "installOutput"]));
    expect(r.json.depsInstalled).toBe(true);
  });

  it("installs and uninstalls packages (always 200), editing package.json for Node", async () => {
    const pkg = JSON.stringify({ scripts: { dev: "vite" }, devDependencies: { vite: "6" } });
    const sb = await sandboxRunning(t, { name: "installer", files: { "package.json": pkg } });
    const ok = await t.api("POST", `/api/sandbox/${sb.id}/install`, { body: { packages: ["zod", "@scope/pkg@2.0.0"] } });
    expect(keysOf(ok.json)).toEqual(expectedKeys("installResult"));
    expect(ok.json.message).toBe(msg("sandbox.installed", { packages: "zod @scope/pkg@2.0.0" }));
    expect(JSON.parse((await sources(sb.id))["package.json"]).dependencies).toEqual({ zod: "^1.0.0", "@scope/pkg": "2.0.0" });

    const un = await t.api("POST", `/api/sandbox/${sb.id}/install`, { body: { packages: ["zod"], uninstall: true } });
    expect(un.json.message).toBe(msg("sandbox.uninstalled", { packages: "zod" }));
    const failed = await t.api("POST", `/api/sandbox/${sb.id}/install`, { body: { packages: ["fail-install-pkg"] } });
    expect(failed.status).toBe(200);
    expect(failed.json.message).toBe(msg("sandbox.installFailed", { detail: "exit status 1" }));

    const bad = await t.api("POST", `/api/sandbox/${sb.id}/install`, { body: { packages: ["ok", "rm -rf /"] } });
    expect(bad.json).toEqual({ error: msg("sandbox.invalidPackage", { name: "rm -rf /" }) });
    expect((await t.api("POST", `/api/sandbox/${sb.id}/install`, { body: { packages: [] } })).json).toEqual({
      error: msg("sandbox.noPackages"),
    });
  });
});

describe("POST /api/sandbox/{id}/promote", () => {
  it("turns the same row into a deploy, drops the sandbox- prefix, and rebuilds", async () => {
    const sb = await sandboxRunning(t, { name: "promo", files: { "index.html": "<p>promo</p>" } });
    await push(sb.id, [{ op: "write", path: "extra.html", content: "pushed before promote" }]);
    const r = await withBuildDelay(t, 300, 30, async () => {
      const res = await t.api("POST", `/api/sandbox/${sb.id}/promote`);
      const building = await t.api("GET", `/api/deployments/${sb.id}`);
      expect(building.json).toMatchObject({ mode: "deploy", status: "building", containerStatus: "not_found" });
      return res;
    });
    expect(r.status).toBe(202);
    expect(Object.keys(r.json)).toEqual(fields("deployResult.promote.always"));
    expect(r.json).toMatchObject({ id: sb.id, name: "promo", subdomain: "promo", framework: "static", status: "building" });
    expect(r.json.url).toBe(`http://promo.${t.host.domainFor(t.id)}`);

    const running = await waitForStatus(t, sb.id, "running");
    expect(running.ttlHours).toBe(72);
    expect((await loopbackRequest(`${r.json.url}/extra.html`)).body).toBe("pushed before promote");
    expect((await loopbackRequest(`${sb.url}/`)).status).toBe(502);
  });

  it("keeps the sandbox- subdomain when the plain one is taken, and takes ttl from the body", async () => {
    await deployRunning(t, { name: "busy", files: { "index.html": "x" } });
    const sb = await sandboxRunning(t, { name: "busy", files: { "index.html": "y" } });
    const r = await t.api("POST", `/api/sandbox/${sb.id}/promote`, { body: { ttl: "1d" } });
    expect(r.json.subdomain).toBe("sandbox-busy");
    expect((await waitForStatus(t, sb.id, "running")).ttlHours).toBe(24);
  });

  it("refuses non-sandboxes and sandboxes that are not running", async () => {
    const deploy = await deployRunning(t, { name: "plain-deploy", files: { "index.html": "x" } });
    expect((await t.api("POST", `/api/sandbox/${deploy.id}/promote`)).json).toEqual({ error: msg("sandbox.promoteNotASandbox") });
    const early = await stuckBuilding(t, "/api/sandbox", { name: "too-early", files: { "index.html": "x" } }, 30);
    const r = await t.api("POST", `/api/sandbox/${early.id}/promote`);
    expect(r.json).toEqual({ error: msg("sandbox.notRunning", { status: "building" }) });
    expect((await t.api("POST", "/api/sandbox/nope/promote")).json).toEqual({ error: msg("sandbox.notFound") });
  });

  it("answers 500 when the pushed code no longer has a recognizable project", async () => {
    const sb = await sandboxRunning(t, { name: "emptied", files: { "index.html": "x" } });
    await push(sb.id, [
      { op: "write", path: "README.md", content: "docs" },
      { op: "delete", path: "index.html" },
    ]);
    const r = await t.api("POST", `/api/sandbox/${sb.id}/promote`);
    expect(r).toMatchObject({ status: 500, json: { error: msg("sandbox.promoteUndetectable") } });
  });
});
