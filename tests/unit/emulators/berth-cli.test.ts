/**
 * CLI compatibility: the `berth` CLI's requests (tests/support/berth-cli.ts sends exactly what
 * API.md §9 describes) against the OpenBerth emulator, every field the CLI reads checked for
 * presence and type, and the upstream CLI/server mismatches of §9.4 reproduced.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackRequest } from "../../../emulators/openberth/testing/loopback-request.ts";
import { createUser, type TestInstance, startTestInstance } from "../../../emulators/openberth/testing/test-instance.ts";
import { BerthCli, BerthCliError, type JsonMap } from "../../support/berth-cli.ts";

let t: TestInstance;
let cli: BerthCli;
const workspace = mkdtempSync(join(tmpdir(), "berth-cli-"));

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 60 });
  cli = newCli();
  // `berth config set server <endpoint>/` + `berth config set key <adminKey>`
  cli.configSet("server", `${t.base}/`);
  cli.configSet("key", t.adminKey);
});
afterAll(async () => {
  await t.close();
  rmSync(workspace, { recursive: true, force: true });
});

function newCli(): BerthCli {
  return new BerthCli({ pollIntervalMs: 20, maxPolls: 200, devMaxPolls: 200, devProbeTries: 20 });
}

/** A project folder named `name` holding `files`. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(workspace, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

type FieldType = "string" | "number" | "boolean" | "array";
/** The fields the CLI reads, with the types it asserts (`x, _ := m["k"].(string)`). */
function expectFields(obj: JsonMap, spec: Record<string, FieldType>, optional: string[] = []): void {
  for (const [key, type] of Object.entries(spec)) {
    if (optional.includes(key) && obj[key] === undefined) continue;
    const actual = Array.isArray(obj[key]) ? "array" : typeof obj[key];
    expect(actual, `${key} in ${JSON.stringify(obj)}`).toBe(type);
  }
}

describe("configuration", () => {
  it("refuses to run without a server or key, before any request", async () => {
    const bare = newCli();
    await expect(bare.version()).rejects.toThrow("server not configured");
    bare.configSet("server", t.base);
    await expect(bare.version()).rejects.toThrow("API key not configured");
  });

  it("`berth version` reads version and domain from /health (sent with the key)", async () => {
    const v = await cli.version();
    expect(v).toEqual({ version: "0.0.0-emulator", domain: t.host.domainFor(t.id) });
  });
});

describe("berth deploy → list → status → logs → destroy", () => {
  it("deploys a folder as the CLI does and ends its polling on containerStatus running", async () => {
    const dir = project("hello-site", {
      "index.html": "<h1>Hello from berth</h1>",
      "node_modules/x/index.js": "ignored",
      ".env": "GREETING=hi",
    });
    const out = await cli.deploy(dir);
    expect(out.kind).toBe("created");
    expect(out.status).toBe("running");
    expect(out.polls).toBeGreaterThan(1);
    expectFields(out as unknown as JsonMap, { id: "string", url: "string", framework: "string", expiresAt: "string" });
    expect(out.framework).toBe("static");
    expect(out.url).toBe(`http://hello-site.${t.host.domainFor(t.id)}`);
    expect(out.serverVersion).toBe("0.0.0-emulator");

    // The directory name became the deployment name; ignored folders were not uploaded.
    const site = await loopbackRequest(`${out.url}/`);
    expect(site).toMatchObject({ status: 200, body: "<h1>Hello from berth</h1>" });
    const source = (await t.api("GET", `/api/deployments/${out.id}/source?format=json`)).json.files;
    expect(Object.keys(source).sort()).toEqual([".env", "index.html"]);
    // The project remembers its deployment, as .berth.json.
    expect(JSON.parse(readFileSync(join(dir, ".berth.json"), "utf8")).deploymentId).toBe(out.id);
  });

  it("`berth list` / `--all` return every field the CLI prints, with the right types", async () => {
    const other = await createUser(t, "cli-other");
    await t.api("POST", "/api/deploy/code", { key: other.apiKey, body: { name: "others-app", files: { "index.html": "x" } } });
    const mine = await cli.list();
    const all = await cli.list(true);
    expect(all.length).toBeGreaterThan(mine.length);
    for (const d of all) {
      expectFields(d, {
        id: "string",
        name: "string",
        framework: "string",
        status: "string",
        url: "string",
        accessMode: "string",
        createdAt: "string",
        mode: "string",
        ownerName: "string",
      });
    }
    expect(mine.every((d) => d["ownerName"] === "admin")).toBe(true);
  });

  it("`berth status` reads containerStatus and friends", async () => {
    const [first] = await cli.list();
    const s = await cli.status(first?.["id"]);
    expectFields(
      s,
      {
        id: "string",
        name: "string",
        framework: "string",
        containerStatus: "string",
        url: "string",
        createdAt: "string",
        expiresAt: "string",
        accessMode: "string",
        accessUser: "string",
      },
      ["accessUser"],
    );
    expect(s["containerStatus"]).toBe("running");
  });

  it("`berth logs` and `berth logs -f` (SSE, data: lines only, ends on destroy)", async () => {
    const dir = project("log-site", { "index.html": "logs" });
    const out = await cli.deploy(dir);
    await loopbackRequest(`${out.url}/first`);
    const text = await cli.logs(out.id);
    expect(text).toContain('"GET /first HTTP/1.1" 404');
    expect((await cli.logs(out.id, "1")).trim().split("\n")).toHaveLength(1);

    const seen: string[] = [];
    const follow = cli.followLogs(out.id, "200", { onLine: (l) => seen.push(l) });
    await waitUntil(() => seen.length >= 2);
    await loopbackRequest(`${out.url}/second`);
    await waitUntil(() => seen.some((l) => l.includes("/second")));
    await cli.destroy(out.id);
    const lines = await follow;
    expect(lines).toEqual(seen);
    expect(lines.every((l) => !l.startsWith("data:"))).toBe(true);
  });

  it("`berth logs -f` on an unknown id fails with HTTP <code>: <body>", async () => {
    await expect(cli.followLogs("nope")).rejects.toThrow('HTTP 404: {"error":"Not found."}');
  });

  it("`berth destroy <id>` and `berth destroy --all`", async () => {
    const a = await cli.deploy(project("to-destroy", { "index.html": "a" }));
    await cli.destroy(a.id);
    await expect(cli.status(a.id)).rejects.toThrow("Not found.");
    await cli.deploy(project("to-destroy-2", { "index.html": "b" }));
    const count = await cli.destroyAll();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(await cli.list()).toEqual([]);
  });
});

describe("berth deploy on a project that was deployed before (redeploy)", () => {
  it("updates the project's deployment, and reports success at once (the old container still runs)", async () => {
    const dir = project("redeploy-site", { "index.html": "v1" });
    const first = await cli.deploy(dir);
    writeFileSync(join(dir, "index.html"), "v2");
    const second = await cli.deploy(dir);
    expect(second).toMatchObject({
      kind: "updated",
      id: first.id,
      url: first.url,
      message: "Code updated. Rebuilding...",
      status: "running",
    });
    // §9.4: containerStatus is already `running` during the rebuild, so the CLI's first poll ends it.
    expect(second.polls).toBe(1);
    await waitUntil(async () => (await loopbackRequest(`${first.url}/`)).body === "v2");
  });

  it("deploys anew when the remembered deployment is gone (`not found`)", async () => {
    const dir = project("fallback-site", { "index.html": "again" });
    const first = await cli.deploy(dir);
    await cli.destroy(first.id);
    const second = await cli.deploy(dir);
    expect(second.kind).toBe("created");
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe("running");
    expect((await loopbackRequest(`${second.url}/`)).body).toBe("again");
  });

  it("`berth update <id>` reads message and url without polling", async () => {
    const dir = project("update-only", { "index.html": "u1" });
    const d = await cli.deploy(dir);
    const u = await cli.update(d.id, dir);
    expect(u).toEqual({ message: "Code updated. Rebuilding...", url: d.url });
  });
});

describe("secrets, protect, lock, quota, pull, rotate-key", () => {
  it("`berth secret set/list/delete`", async () => {
    const set = await cli.secretSet("CLI_TOKEN", "v1", { description: "from the cli" });
    expect(set).toEqual({ message: "Secret saved", restarted: [] });
    const withUser = await cli.deploy(project("secret-user", { "index.html": "s" }), { secrets: ["CLI_TOKEN"] });
    const again = await cli.secretSet("CLI_TOKEN", "v2");
    expect(again.restarted).toEqual(["secret-user"]);
    const list = await cli.secretList();
    const mine = list.find((s) => s["name"] === "CLI_TOKEN");
    expect(mine).toBeDefined();
    for (const s of list) expectFields(s, { name: "string", scope: "string", description: "string", updatedAt: "string" });
    await cli.secretSet("CLI_GLOBAL", "g", { global: true });
    await cli.secretDelete("CLI_TOKEN");
    await cli.secretDelete("CLI_GLOBAL", true);
    expect((await cli.secretList()).map((s) => s["name"])).not.toContain("CLI_TOKEN");
    await cli.destroy(withUser.id);
  });

  it("`berth protect`, `lock`, `unlock`, `quota`", async () => {
    const d = await cli.deploy(project("guarded-cli", { "index.html": "g" }));
    const p = await cli.protect(d.id, { mode: "api_key" });
    expect(p.message).toMatch(/^API key protection enabled/);
    expect(p.apiKey).toMatch(/^sk_[0-9a-f]{48}$/);
    expect((await cli.protect(d.id, { mode: "user", users: "alice, bob" })).message).toBe(
      "User protection enabled. Restricted to: alice,bob",
    );
    expect(await cli.lock(d.id)).toBe("Deployment locked.");
    await expect(cli.destroy(d.id)).rejects.toThrow("Deployment is locked. Unlock it first.");
    expect(await cli.lock(d.id, false)).toBe("Deployment unlocked.");
    expect(await cli.quota(d.id, "5g")).toBe("5g");
    expect(await cli.quota(d.id, null)).toBe("");
  });

  it("`berth pull` names the file from Content-Disposition", async () => {
    const d = await cli.deploy(project("pull-me", { "index.html": "pulled" }));
    const zip = await cli.pull(d.id);
    expect(zip.filename).toBe("pull-me-source.zip");
    expect(zip.bytes.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    const tgz = await cli.pull(d.id, "tar.gz");
    expect(tgz.filename).toBe("pull-me-source.tar.gz");
    expect(gunzipSync(tgz.bytes).toString("latin1")).toContain("pulled");
  });

  it("`berth rotate-key` rewrites the config, and the old key stops working", async () => {
    const user = await createUser(t, "cli-rotator");
    const own = newCli();
    own.configSet("server", t.base);
    own.configSet("key", user.apiKey);
    const fresh = await own.rotateKey();
    expect(own.config.key).toBe(fresh);
    expect((await own.version()).version).toBe("0.0.0-emulator");
    expect((await t.api("GET", "/api/me", { key: user.apiKey })).status).toBe(401);
  });
});

describe("berth dev → push → promote", () => {
  it("creates a sandbox, waits for it, probes the dev server, pushes, promotes", async () => {
    const dir = project("playground", { "index.html": "<h1>dev v1</h1>" });
    const dev = await cli.dev(dir);
    expect(dev).toMatchObject({ framework: "static", ready: true });
    expect(dev.url).toBe(`http://sandbox-playground.${t.host.domainFor(t.id)}`);
    expect(JSON.parse(readFileSync(join(dir, ".berth.json"), "utf8")).sandboxId).toBe(dev.id);

    const pushed = await cli.devPush(dev.id, [{ op: "write", path: "index.html", content: "<h1>dev v2</h1>" }]);
    expect(pushed).toEqual({ updated: 1, deleted: 0, depsInstalled: false });
    expect((await loopbackRequest(`${dev.url}/`)).body).toBe("<h1>dev v2</h1>");

    const promoted = await cli.promote(dev.id);
    expect(promoted).toMatchObject({ id: dev.id, framework: "static", status: "running" });
    expect(promoted.url).toBe(`http://playground.${t.host.domainFor(t.id)}`);
    expect((await loopbackRequest(`${promoted.url}/`)).body).toBe("<h1>dev v2</h1>");
    expect((await cli.status(dev.id))["mode"]).toBe("deploy");
  });
});

describe("upstream CLI/server mismatches (API.md §9.4), reproduced", () => {
  it("a GET on /api/sandbox gets the mux's plain-text 405, which the CLI reports as `invalid response from server`", async () => {
    await expect(cli.request("GET", "/api/sandbox")).rejects.toThrow(new BerthCliError("invalid response from server"));
  });

  it("`berth backup` POSTs to a GET route: 405 plain text → `HTTP 405`", async () => {
    await expect(cli.backup("a-long-enough-passphrase")).rejects.toThrow("HTTP 405");
  });

  it("`berth login`'s code exchange has no auth and no Origin: CSRF answers 403 plain text", async () => {
    await expect(cli.loginExchange("lc_whatever")).rejects.toThrow("invalid response from server");
  });

  it("`berth dev --port 3000` sends the port as a JSON string, which the server rejects", async () => {
    const dir = project("dev-port", { "index.html": "p" });
    await expect(cli.dev(dir, { port: "3000" })).rejects.toThrow(
      "Invalid JSON: json: cannot unmarshal string into Go struct field .port of type int",
    );
  });

  it("a failed first build keeps containerStatus not_found, so the CLI polls until it gives up", async () => {
    const impatient = new BerthCli({ pollIntervalMs: 20, maxPolls: 15 });
    impatient.configSet("server", t.base);
    impatient.configSet("key", t.adminKey);
    const out = await impatient.deploy(project("will-fail-build", { "index.html": "x" }));
    expect(out.status).toBe("timeout");
    expect((await impatient.status(out.id))["status"]).toBe("failed");
  });
});

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("waitUntil: timed out");
    await new Promise((r) => setTimeout(r, 15));
  }
}
