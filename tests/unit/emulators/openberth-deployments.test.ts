/**
 * OpenBerth emulator: creating deployments (multipart tarball and JSON code), the async
 * build, list/get with the ownership matrix, PATCH, destroy, limits and collisions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, fields, format, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { tarGz } from "../../../emulators/openberth/testing/tar-gz-builder.ts";
import {
  createUser,
  deployRunning,
  multipartUpload,
  type TestInstance,
  startTestInstance,
  waitForStatus,
  withBuildDelay,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;
let alice: { id: string; apiKey: string };

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 30 });
  alice = await createUser(t, "alice");
});
afterAll(() => t.close());

const site = (html = "<h1>hello</h1>") => tarGz({ "index.html": html });
const upload = (fields: [string, string][], data: Buffer | null, key = t.adminKey) =>
  multipartUpload(`${t.base}/api/deploy`, key, fields, data ? { data } : null);

describe("POST /api/deploy (multipart)", () => {
  it("takes a chunked upload with fields before the file, answers 202 and builds asynchronously", async () => {
    // Builds are slowed down here so the `building` state can be observed.
    const r = await withBuildDelay(t, 300, 30, async () => {
      const res = await upload(
        [
          ["name", "My Cool_App!!"],
          ["title", "Hello"],
        ],
        site(),
      );
      const building = await t.api("GET", `/api/deployments/${res.json.id}`);
      expect(building.json).toMatchObject({ status: "building", containerStatus: "not_found" });
      expect(building.json.port).toBeUndefined();
      return res;
    });
    expect(r.status).toBe(202);
    // A hand-built Go map: keys in byte order, expiresAt always present.
    expect(Object.keys(r.json)).toEqual(["expiresAt", "framework", "id", "name", "status", "subdomain", "url"]);
    expect(keysOf(r.json)).toEqual(expectedKeys("deployResult.multipart"));
    expect(r.json).toMatchObject({ name: "my-cool-app", subdomain: "my-cool-app", framework: "static", status: "building" });
    expect(r.json.id).toMatch(format("deploymentId"));
    expect(r.json.url).toBe(`http://my-cool-app.${t.host.domainFor(t.id)}`);
    expect(r.json.expiresAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const running = await waitForStatus(t, r.json.id, "running");
    expect(running.containerStatus).toBe("running");
    expect(running.port).toBeGreaterThanOrEqual(10000);
    expect(running.port).toBeLessThanOrEqual(59999);
    expect(running.title).toBe("Hello");
    expect(running.ttlHours).toBe(72);
    expect(running.createdAt).toMatch(format("createdAt"));
  });

  it("reads repeated env/secrets fields, a comma-separated protect_users, and fields after the file", async () => {
    await t.api("POST", "/api/secrets", { body: { name: "DB_URL", value: "postgres://x" } });
    await t.api("POST", "/api/secrets", { body: { name: "TOKEN", value: "t" } });
    const r = await multipartUpload(
      `${t.base}/api/deploy`,
      t.adminKey,
      [
        ["name", "users-app"],
        ["env", "A=1"],
        ["env", "B=2"],
        ["secrets", "DB_URL"],
        ["secrets", "TOKEN"],
      ],
      { data: site() },
    );
    expect(r.status).toBe(202);

    // protect_users as one comma string, sent after the file part.
    const boundary = "b0undary";
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="tarball"; filename="x.tar.gz"\r\n\r\n`),
      site(),
      Buffer.from(
        `\r\n--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nteam-app\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="protect_mode"\r\n\r\nuser\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="protect_users"\r\n\r\nalice,bob\r\n--${boundary}--\r\n`,
      ),
    ]);
    const after = await t.api("POST", "/api/deploy", {
      body,
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(after.status).toBe(202);
    expect(keysOf(after.json)).toEqual(expectedKeys("deployResult.multipart", ["accessMode"]));
    expect(after.json.accessMode).toBe("user");
    const info = await t.api("GET", `/api/deployments/${after.json.id}`);
    expect(info.json.accessUsers).toBe("alice,bob");
  });

  it("returns the generated sk_ key once for api_key protection", async () => {
    const r = await upload(
      [
        ["name", "keyed"],
        ["protect_mode", "api_key"],
      ],
      site(),
    );
    expect(keysOf(r.json)).toEqual(expectedKeys("deployResult.multipart", ["accessMode", "apiKey"]));
    expect(r.json.apiKey).toMatch(format("protectKey"));
    const info = await t.api("GET", `/api/deployments/${r.json.id}`);
    expect(info.json.accessMode).toBe("api_key");
    expect(JSON.stringify(info.json)).not.toContain(r.json.apiKey);
  });

  it("names an unnamed upload app-<id6> with an app-<id6>-<id4> subdomain", async () => {
    const r = await upload([], site());
    const id: string = r.json.id;
    expect(r.json.name).toBe(`app-${id.slice(0, 6)}`);
    expect(r.json.subdomain).toBe(`app-${id.slice(0, 6)}-${id.slice(0, 4)}`);
  });

  it("sanitizes names: lower-case, [^a-z0-9-] → -, runs collapsed, trimmed, 40 characters", async () => {
    const r = await upload([["name", `--Über__Long ${"x".repeat(60)}--`]], site());
    expect(r.json.name).toBe(`ber-long-${"x".repeat(31)}`);
    expect(r.json.name.length).toBe(40);
  });

  it("really untars: GNU long names, pax paths, ustar prefixes, directories; drops symlinks and ../", async () => {
    const deep = `${"d".repeat(60)}/${"e".repeat(60)}`;
    const archive = tarGz(
      [
        { name: "./", dir: true },
        { name: "./index.html", content: "root" },
        { name: `${deep}/gnu.txt`, content: "gnu" },
        { name: "assets/", dir: true },
        { name: "assets/app.css", content: "body{}" },
        { name: "link", symlinkTo: "/etc/passwd" },
        { name: "../escape.txt", content: "nope" },
      ],
      { longNames: "gnu" },
    );
    const r = await upload([["name", "tar-check"]], archive);
    expect(r.status).toBe(202);
    const pax = await upload(
      [["name", "pax-check"]],
      tarGz(
        [
          { name: `${deep}/pax.txt`, content: "pax" },
          { name: "index.html", content: "i" },
        ],
        { longNames: "pax" },
      ),
    );
    const prefix = await upload(
      [["name", "prefix-check"]],
      tarGz(
        [
          { name: `${deep}/prefix.txt`, content: "prefix" },
          { name: "index.html", content: "i" },
        ],
        { longNames: "ustar-prefix" },
      ),
    );
    const files = async (id: string) => (await t.api("GET", `/api/deployments/${id}/source?format=json`)).json.files;
    expect(await files(r.json.id)).toEqual({ "index.html": "root", [`${deep}/gnu.txt`]: "gnu", "assets/app.css": "body{}" });
    expect((await files(pax.json.id))[`${deep}/pax.txt`]).toBe("pax");
    expect((await files(prefix.json.id))[`${deep}/prefix.txt`]).toBe("prefix");
  });

  it("checks in upstream's order with upstream's messages", async () => {
    const notMultipart = await t.api("POST", "/api/deploy", { body: { name: "x" } });
    expect(notMultipart.json).toEqual({ error: msg("deploy.parseUpload", { detail: msg("deploy.notMultipart") }) });

    expect((await upload([["name", "no-file"]], null)).json).toEqual({ error: msg("deploy.noTarball") });
    const notGzip = await upload([["name", "bad-gzip"]], Buffer.from("definitely not gzip"));
    expect(notGzip.json).toEqual({ error: msg("deploy.extract", { detail: msg("deploy.gzipInvalidHeader") }) });
    expect((await upload([["name", "empty-tar"]], tarGz({ "README.md": "hi" }))).json).toEqual({ error: msg("deploy.detect") });
    const secret = await upload(
      [
        ["name", "needs-secret"],
        ["secrets", "NOPE"],
      ],
      site(),
    );
    expect(secret.json).toEqual({ error: msg("deploy.secretNotFound", { name: "NOPE" }) });
    const badMode = await upload(
      [
        ["name", "bad-mode"],
        ["protect_mode", "magic"],
      ],
      site(),
    );
    expect(badMode).toMatchObject({ status: 400, json: { error: msg("deploy.invalidMode") } });
    const noPass = await upload(
      [
        ["name", "no-pass"],
        ["protect_mode", "basic_auth"],
        ["protect_username", "u"],
      ],
      site(),
    );
    expect(noPass.json).toEqual({ error: msg("deploy.basicAuthRequired") });

    // Nothing was created by any of these.
    const names = (await t.api("GET", "/api/deployments")).json.deployments.map((d: { name: string }) => d.name);
    for (const n of ["no-file", "bad-gzip", "empty-tar", "needs-secret", "bad-mode", "no-pass"]) expect(names).not.toContain(n);
  });

  it("refuses a taken subdomain with 409, and frees it on destroy", async () => {
    const first = await upload([["name", "taken"]], site());
    const again = await upload([["name", "Taken"]], site());
    expect(again).toMatchObject({ status: 409, json: { error: msg("deploy.collision") } });
    await t.api("DELETE", `/api/deployments/${first.json.id}`);
    expect((await upload([["name", "taken"]], site())).status).toBe(202);
  });
});

describe("POST /api/deploy/code", () => {
  it("answers the DeployResult struct, leaving empty optional fields out", async () => {
    const r = await t.api("POST", "/api/deploy/code", {
      body: { name: "code-app", ttl: "0", files: { "index.html": "<p>code</p>" } },
    });
    expect(r.status).toBe(202);
    expect(Object.keys(r.json)).toEqual(["id", "name", "subdomain", "framework", "language", "status", "url"]);
    expect(keysOf(r.json)).toEqual(expectedKeys("deployResult.code", ["language"]));

    const full = await t.api("POST", "/api/deploy/code", {
      body: {
        name: "code-full",
        title: "T",
        description: "D",
        protect_mode: "api_key",
        protect_api_key: "my-key",
        files: { "index.html": "x" },
      },
    });
    expect(keysOf(full.json)).toEqual(
      expectedKeys("deployResult.code", ["title", "description", "language", "expiresAt", "accessMode", "apiKey"]),
    );
    expect(full.json.apiKey).toBe("my-key");
  });

  it("detects frameworks from marker files", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ "package.json": JSON.stringify({ dependencies: { next: "15" } }) }, "nextjs"],
      [{ "package.json": JSON.stringify({ devDependencies: { vite: "6" } }) }, "vite"],
      [{ "package.json": JSON.stringify({ scripts: { start: "node s.js" } }) }, "node"],
      [{ "requirements.txt": "fastapi\n", "main.py": "" }, "fastapi"],
      [{ "requirements.txt": "flask" }, "flask"],
      [{ "manage.py": "" }, "django"],
      [{ "go.mod": "module example.com/x\n" }, "go"],
      [{ "index.html": "x" }, "static"],
      [{ ".berth.json": JSON.stringify({ language: "python", start: "python x.py" }), "x.txt": "" }, "python"],
    ];
    for (const [i, [files, framework]] of cases.entries()) {
      // Named: two unnamed deploys in one second share app-<id6>-<id4> and collide (as upstream).
      const r = await t.api("POST", "/api/deploy/code", { body: { name: `fw-${i}`, files } });
      expect(r.json.framework, JSON.stringify(files)).toBe(framework);
    }
    const none = await t.api("POST", "/api/deploy/code", { body: { name: "fw-none", files: { "package.json": "{}" } } });
    expect(none.json).toEqual({ error: msg("deploy.detect") });
  });

  it("validates the files map", async () => {
    expect((await t.api("POST", "/api/deploy/code", { body: { name: "x" } })).json).toEqual({ error: msg("deploy.noFiles") });
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}.txt`, "x"]));
    expect((await t.api("POST", "/api/deploy/code", { body: { files: many } })).json).toEqual({
      error: msg("deploy.tooManyFiles", { count: 101 }),
    });
    const big = await t.api("POST", "/api/deploy/code", { body: { files: { "index.html": "x".repeat(10 * 1024 * 1024 + 1) } } });
    expect(big.json).toEqual({ error: msg("deploy.tooLarge") });
    const escape = await t.api("POST", "/api/deploy/code", {
      body: { name: "escape", files: { "index.html": "x", "../../etc/x": "y" } },
    });
    expect(escape.json).toEqual({ error: msg("deploy.invalidPath", { path: "../../etc/x" }) });
  });

  it("fails a build when the name says fail-build: status failed, containerStatus stays not_found", async () => {
    const r = await t.api("POST", "/api/deploy/code", { body: { name: "will-fail-build", files: { "index.html": "x" } } });
    const failed = await waitForStatus(t, r.json.id, "failed");
    expect(failed.containerStatus).toBe("not_found");
    expect(failed.port).toBeUndefined();
    expect((await t.api("GET", `/api/deployments/${r.json.id}/logs`)).json.logs).toBe(msg("logs.noContainer"));
  });
});

describe("list and get", () => {
  it("lists everyone's deployments newest first, with ?owner= filters and the list field set", async () => {
    const mine = await deployRunning(t, { name: "alice-one", files: { "index.html": "a" } }, alice.apiKey);
    const all = (await t.api("GET", "/api/deployments", { key: alice.apiKey })).json;
    expect(keysOf(all)).toEqual([...fields("deployInfo.listEnvelope")].sort());
    expect(all.count).toBe(all.deployments.length);
    expect(all.deployments[0].id).toBe(mine.id);
    expect(all.deployments.some((d: { ownerId: string }) => d.ownerId === t.adminId)).toBe(true);
    const created = all.deployments.map((d: { createdAt: string }) => d.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const row = all.deployments[0];
    expect(keysOf(row)).toEqual(expectedKeys("deployInfo.list", ["ttlHours", "ownerName"]));
    expect(row.ownerName).toBe("alice");

    const me = (await t.api("GET", "/api/deployments?owner=me", { key: alice.apiKey })).json;
    expect(me.deployments.map((d: { id: string }) => d.id)).toEqual([mine.id]);
    const byId = (await t.api("GET", `/api/deployments?owner=${alice.id}`)).json;
    expect(byId.count).toBe(1);
    expect((await t.api("GET", "/api/deployments?owner=all")).json.count).toBe(all.count);
    expect((await t.api("GET", "/api/deployments?owner=usr_nobody")).json).toEqual({ count: 0, deployments: [] });
  });

  it("applies the ownership matrix: others see the list but get 403 on the rest", async () => {
    const adminDeploy = await deployRunning(t, { name: "admins-only", files: { "index.html": "a" } });
    const id = adminDeploy.id;
    const reads = ["", "/logs", "/logs/stream", "/stats", "/source"];
    for (const suffix of reads) {
      const r = await t.api("GET", `/api/deployments/${id}${suffix}`, { key: alice.apiKey });
      expect(r.status, suffix).toBe(403);
      expect(r.json).toEqual({ error: msg("deployments.notYours") });
    }
    expect((await t.api("GET", `/api/sandbox/${id}/logs`, { key: alice.apiKey })).status).toBe(403);
    const mutations: [string, string, unknown][] = [
      ["PATCH", `/api/deployments/${id}`, { title: "x" }],
      ["DELETE", `/api/deployments/${id}`, undefined],
      ["DELETE", `/api/sandbox/${id}`, undefined],
      ["POST", `/api/deployments/${id}/protect`, { mode: "public" }],
      ["POST", `/api/deployments/${id}/lock`, { locked: true }],
      ["POST", `/api/deploy/${id}/update/code`, { files: { "index.html": "x" } }],
    ];
    for (const [method, path, body] of mutations) {
      const r = await t.api(method, path, { key: alice.apiKey, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json).toEqual({ error: msg("deployments.notYours") });
    }
    const tarUpdate = await multipartUpload(`${t.base}/api/deploy/${id}/update`, alice.apiKey, [], { data: site() });
    expect(tarUpdate.status).toBe(403);

    // The admin reads and mutates anyone's.
    const alices = await deployRunning(t, { name: "alice-two", files: { "index.html": "a" } }, alice.apiKey);
    expect((await t.api("GET", `/api/deployments/${alices.id}`)).status).toBe(200);
    expect((await t.api("PATCH", `/api/deployments/${alices.id}`, { body: { title: "by admin" } })).status).toBe(200);
  });

  it("answers unknown ids with each handler's own 404 text", async () => {
    expect((await t.api("GET", "/api/deployments/nope")).json).toEqual({ error: msg("deployments.notFound") });
    expect((await t.api("DELETE", "/api/deployments/nope")).json).toEqual({ error: msg("deployments.notFound") });
    expect((await t.api("PATCH", "/api/deployments/nope", { body: {} })).json).toEqual({
      error: msg("deployments.deploymentNotFound"),
    });
    expect((await t.api("POST", "/api/deployments/nope/protect", { body: { mode: "public" } })).json).toEqual({
      error: msg("deployments.deploymentNotFound"),
    });
    expect((await t.api("POST", "/api/deployments/nope/lock", { body: { locked: true } })).json).toEqual({
      error: msg("deployments.notFound"),
    });
  });

  it("shows quotaRemaining only on GET, only when a quota is set and the deployment runs", async () => {
    const d = await withBuildDelay(t, 300, 30, async () => {
      const res = await t.api("POST", "/api/deploy/code", {
        body: { name: "quota", network_quota: "1g", files: { "index.html": "q" } },
      });
      const building = await t.api("GET", `/api/deployments/${res.json.id}`);
      expect(building.json.quotaRemaining).toBeUndefined();
      expect(building.json.networkQuota).toBe("1g");
      return res;
    });
    const running = await waitForStatus(t, d.json.id, "running");
    expect(keysOf(running)).toEqual(
      expectedKeys("deployInfo.get", ["port", "ttlHours", "ownerName", "networkQuota", "quotaRemaining"]),
    );
    expect(running.quotaRemaining).toBe(2 ** 30);
    const row = (await t.api("GET", "/api/deployments")).json.deployments.find((x: { id: string }) => x.id === d.json.id);
    expect(row.networkQuota).toBe("1g");
    expect(row.quotaRemaining).toBeUndefined();
  });
});

describe("PATCH /api/deployments/{id}", () => {
  it("applies present fields only and answers every key in camelCase", async () => {
    const d = await deployRunning(t, { name: "meta", title: "Old", description: "Keep", files: { "index.html": "m" } });
    const r = await t.api("PATCH", `/api/deployments/${d.id}`, { body: { title: "New", network_quota: "5g" } });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(fields("patchResult.always"));
    expect(r.json).toMatchObject({
      id: d.id,
      title: "New",
      description: "Keep",
      ttlHours: 72,
      networkQuota: "5g",
      message: msg("deployments.metadataUpdated"),
    });

    const ttl = await t.api("PATCH", `/api/deployments/${d.id}`, { body: { ttl: "2d", description: "" } });
    expect(ttl.json.ttlHours).toBe(48);
    expect(ttl.json.description).toBe("");
    const expected = Date.now() + 48 * 3600_000;
    expect(Math.abs(Date.parse(`${ttl.json.expiresAt.replace(" ", "T")}Z`) - expected)).toBeLessThan(5000);

    // Quirk: an empty or invalid ttl clears the expiry.
    for (const bad of ["", "soon", "0"]) {
      const cleared = await t.api("PATCH", `/api/deployments/${d.id}`, { body: { ttl: bad } });
      expect(cleared.json).toMatchObject({ ttlHours: 0, expiresAt: "" });
    }
    const info = await t.api("GET", `/api/deployments/${d.id}`);
    expect(info.json.ttlHours).toBeUndefined();
    expect(info.json.expiresAt).toBe("");
  });

  it("needs a JSON body and an unlocked deployment", async () => {
    const d = await deployRunning(t, { name: "meta-2", files: { "index.html": "m" } });
    expect((await t.api("PATCH", `/api/deployments/${d.id}`)).json).toEqual({
      error: msg("json.invalidJson", { detail: "EOF" }),
    });
    await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: true } });
    expect((await t.api("PATCH", `/api/deployments/${d.id}`, { body: { title: "x" } })).json).toEqual({
      error: msg("deployments.locked"),
    });
  });
});

describe("destroy", () => {
  it("hard-deletes one deployment ({id,status:destroyed}), also through DELETE /api/sandbox/{id}", async () => {
    const a = await deployRunning(t, { name: "gone", files: { "index.html": "g" } });
    const r = await t.api("DELETE", `/api/deployments/${a.id}`);
    expect(r.status).toBe(200);
    expect(r.text).toBe(`{"id":"${a.id}","status":"destroyed"}\n`);
    expect(keysOf(r.json)).toEqual(expectedKeys("destroyResult"));
    expect((await t.api("GET", `/api/deployments/${a.id}`)).json).toEqual({ error: msg("deployments.notFound") });

    const b = await deployRunning(t, { name: "gone-too", files: { "index.html": "g" } });
    expect((await t.api("DELETE", `/api/sandbox/${b.id}`)).json).toEqual({ id: b.id, status: "destroyed" });
  });

  it("refuses a locked deployment singly, but destroy-all takes the caller's own, locked or not", async () => {
    const carol = await createUser(t, "carol");
    const locked = await deployRunning(t, { name: "carol-locked", files: { "index.html": "c" } }, carol.apiKey);
    await deployRunning(t, { name: "carol-open", files: { "index.html": "c" } }, carol.apiKey);
    await t.api("POST", "/api/sandbox", { key: carol.apiKey, body: { name: "carol-sb", files: { "index.html": "s" } } });
    await t.api("POST", `/api/deployments/${locked.id}/lock`, { key: carol.apiKey, body: { locked: true } });
    expect((await t.api("DELETE", `/api/deployments/${locked.id}`, { key: carol.apiKey })).json).toEqual({
      error: msg("deployments.locked"),
    });

    const before = (await t.api("GET", "/api/deployments")).json.count;
    const r = await t.api("DELETE", "/api/deployments", { key: carol.apiKey });
    expect(r.json).toEqual({ destroyed: 3 });
    expect(keysOf(r.json)).toEqual(expectedKeys("destroyAllResult"));
    expect((await t.api("GET", "/api/deployments")).json.count).toBe(before - 3);
    expect((await t.api("GET", "/api/deployments?owner=me", { key: carol.apiKey })).json.count).toBe(0);
  });
});

describe("limits", () => {
  it("counts deployments, sandboxes and failed rows against maxDeployments (429)", async () => {
    const dave = await createUser(t, "dave", { maxDeployments: 3 });
    await t.api("POST", "/api/deploy/code", {
      key: dave.apiKey,
      body: { name: "dave-fail-build", files: { "index.html": "x" } },
    });
    await t.api("POST", "/api/sandbox", { key: dave.apiKey, body: { name: "dave-sb", files: { "index.html": "x" } } });
    expect((await upload([["name", "dave-3"]], site(), dave.apiKey)).status).toBe(202);
    const over = await upload([["name", "dave-4"]], site(), dave.apiKey);
    expect(over).toMatchObject({ status: 429, json: { error: msg("deploy.limit", { max: 3 }) } });
    const overCode = await t.api("POST", "/api/deploy/code", { key: dave.apiKey, body: { files: { "index.html": "x" } } });
    expect(overCode.status).toBe(429);
    const overSandbox = await t.api("POST", "/api/sandbox", { key: dave.apiKey, body: { files: { "index.html": "x" } } });
    expect(overSandbox.status).toBe(429);
  });
});
