/**
 * Harbor's own OpenBerth client — the adapter production uses — against the OpenBerth
 * stand-in: every call the dashboard will make, and how failures are classified.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOpenBerthClient, type OpenBerthClient } from "../../../server/openberth/openberth-client";
import { OpenBerthError } from "../../../server/openberth/openberth-error";
import { startOpenBerthHost, type OpenBerthHost } from "../../../emulators/openberth/host.ts";
import { eventually } from "../../support/webhook-receiver.ts";
import { tarGz } from "../../../emulators/openberth/testing/tar-gz-builder.ts";

const ADMIN_KEY = `sc_${"a1".repeat(24)}`;
const INSTANCE = "inst_01jdk3h7q8r9s0t1v2w3x4y5z6";
let host: OpenBerthHost;
let admin: OpenBerthClient;

beforeAll(async () => {
  host = await startOpenBerthHost({ port: 0, stateDir: null, buildDelayMs: 30 });
  host.register({ instanceId: INSTANCE, adminKey: ADMIN_KEY, adminUserId: "usr_0123456789abcdef" });
  host.setRunning(INSTANCE, true);
  admin = createOpenBerthClient({ endpoint: host.endpointFor(INSTANCE), key: ADMIN_KEY });
});
afterAll(() => host.close());

/** A gzip tar holding the given files, as the dashboard uploads it. */
const tarGzBlob = (files: Record<string, string>) => new Blob([new Uint8Array(tarGz(files))]);

const running = (client: OpenBerthClient, id: string) =>
  eventually(async () => (await client.getDeployment(id)).status === "running", 3_000);

describe("Harbor's OpenBerth client against the stand-in", () => {
  it("reads the server and who it is", async () => {
    expect(await admin.health()).toMatchObject({ status: "ok", gvisor: false });
    expect(await admin.me()).toMatchObject({ id: "usr_0123456789abcdef", name: "admin", role: "admin" });
  });

  it("sends the same options whether the code goes up as an archive or as files", async () => {
    const opts = {
      title: "Same options",
      description: "Either way",
      ttl: "48h",
      networkQuota: "5g",
      env: { A: "1", B: "two" },
      protect: { mode: "user" as const, users: ["alice", "bob"] },
    };
    const viaArchive = await admin.deployTarball(tarGzBlob({ "index.html": "x" }), { name: "opts-archive", ...opts });
    const viaFiles = await admin.deployCode({ "index.html": "x" }, { name: "opts-files", ...opts });
    const pick = ({
      title,
      description,
      ttlHours,
      networkQuota,
      accessMode,
      accessUsers,
    }: Awaited<ReturnType<OpenBerthClient["getDeployment"]>>) => ({
      title,
      description,
      ttlHours,
      networkQuota,
      accessMode,
      accessUsers,
    });
    const archived = pick(await admin.getDeployment(viaArchive.id));
    expect(archived).toEqual({
      title: "Same options",
      description: "Either way",
      ttlHours: 48,
      networkQuota: "5g",
      accessMode: "user",
      accessUsers: "alice,bob",
    });
    expect(pick(await admin.getDeployment(viaFiles.id))).toEqual(archived);
    for (const d of [viaArchive, viaFiles]) {
      await running(admin, d.id);
      await admin.destroyDeployment(d.id);
    }
  });

  it("deploys a tarball, updates it, edits, protects, locks, reads logs, destroys", async () => {
    const created = await admin.deployTarball(tarGzBlob({ "index.html": "<h1>v1</h1>" }), {
      name: "Client Site",
      ttl: "24h",
      env: { A: "1" },
    });
    expect(created).toMatchObject({ name: "client-site", subdomain: "client-site", framework: "static", status: "building" });
    await running(admin, created.id);
    const info = await admin.getDeployment(created.id);
    expect(info).toMatchObject({ containerStatus: "running", mode: "deploy", accessMode: "public", locked: false, ttlHours: 24 });

    const updated = await admin.updateTarball(created.id, tarGzBlob({ "index.html": "<h1>v2</h1>" }));
    expect(updated).toMatchObject({ status: "updating", message: "Code updated. Rebuilding..." });
    await running(admin, created.id);

    const patched = await admin.patchDeployment(created.id, { title: "My site", description: "", ttl: "0" });
    expect(patched).toMatchObject({
      title: "My site",
      description: "",
      ttlHours: 0,
      expiresAt: "",
      message: "Metadata updated.",
    });

    const protect = await admin.protect(created.id, { mode: "api_key" });
    expect(protect.accessMode).toBe("api_key");
    expect(protect.apiKey).toMatch(/^sk_[0-9a-f]{48}$/);
    expect((await admin.lock(created.id, true)).locked).toBe(true);
    await expect(admin.destroyDeployment(created.id)).rejects.toMatchObject({ kind: "invalid", status: 400 });
    await admin.lock(created.id, false);

    const logs = await admin.logs(created.id, 50);
    expect(logs.id).toBe(created.id);
    expect(typeof logs.logs).toBe("string");

    const list = await admin.listDeployments();
    expect(list.deployments.map((d) => d.id)).toContain(created.id);
    expect(await admin.destroyDeployment(created.id)).toEqual({ id: created.id, status: "destroyed" });
    await expect(admin.getDeployment(created.id)).rejects.toMatchObject({ kind: "not_found", status: 404 });
  });

  it("deploys code, and streams logs over SSE", async () => {
    const created = await admin.deployCode({ "index.html": "<p>code</p>" }, { name: "code-site" });
    await running(admin, created.id);
    const stream = await admin.logStream(created.id, 10, AbortSignal.timeout(2_000));
    const reader = stream.getReader();
    const { value } = await reader.read();
    expect(new TextDecoder().decode(value)).toMatch(/^data: /);
    await reader.cancel();
    await admin.destroyDeployment(created.id);
  });

  it("runs a sandbox: create, push, exec, install, logs, promote", async () => {
    const sandbox = await admin.createSandbox({ "index.html": "<p>sandbox</p>" }, { name: "play" });
    expect(sandbox.subdomain).toBe("sandbox-play");
    await running(admin, sandbox.id);
    expect(
      await admin.pushToSandbox(sandbox.id, [{ op: "write", path: "notes.txt", content: "hello from Harbor" }]),
    ).toMatchObject({ updated: 1, deleted: 0 });
    expect(await admin.execInSandbox(sandbox.id, "cat notes.txt")).toMatchObject({
      output: expect.stringContaining("hello from Harbor"),
      exitCode: 0,
    });
    expect((await admin.installInSandbox(sandbox.id, ["zod"])).message).toMatch(/zod/);
    expect((await admin.sandboxLogs(sandbox.id)).id).toBe(sandbox.id);
    const promoted = await admin.promoteSandbox(sandbox.id, { ttl: "72h" });
    expect(promoted).toMatchObject({ id: sandbox.id, subdomain: "play", status: "building" });
    await running(admin, sandbox.id);
    expect((await admin.getDeployment(sandbox.id)).mode).toBe("deploy");
    await admin.destroyDeployment(sandbox.id);
  });

  it("manages users and secrets, and reports what blocks a user's deletion", async () => {
    const user = await admin.createUser({ name: "ci-bot", maxDeployments: 3 });
    expect(user).toMatchObject({ name: "ci-bot", maxDeployments: 3 });
    expect(user.apiKey).toMatch(/^sc_[0-9a-f]{48}$/);
    expect((await admin.listUsers()).users.map((u) => u.name)).toEqual(["admin", "ci-bot"]);
    expect(await admin.updateUser("ci-bot", { displayName: "CI bot" })).toEqual({ message: "User updated.", name: "ci-bot" });

    const bot = createOpenBerthClient({ endpoint: host.endpointFor(INSTANCE), key: user.apiKey });
    await bot.setSecret({ name: "BOT_TOKEN", value: "shh" });
    await bot.setSecret({ name: "SHARED", value: "x", global: true });
    const deployment = await bot.deployCode({ "index.html": "bot" }, { name: "bot-site" });

    const refused = await admin.deleteUser("ci-bot").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenBerthError);
    expect(refused).toMatchObject({
      kind: "has_resources",
      status: 409,
      blockers: { deployments: 1, userSecrets: 1, createdGlobals: 1 },
    });

    // The secrets list never carries values; a user's own secrets are not the admin's to see.
    const adminView = await admin.listSecrets();
    expect(adminView.secrets.map((x) => x.name)).toEqual(["SHARED"]);
    expect(JSON.stringify(adminView)).not.toContain("shh");

    await admin.destroyDeployment(deployment.id);
    await admin.deleteSecret("SHARED", true);
    const rotated = await admin.rotateUserKey("ci-bot");
    await expect(bot.listSecrets()).rejects.toMatchObject({ kind: "unauthorized" });
    await createOpenBerthClient({ endpoint: host.endpointFor(INSTANCE), key: rotated.apiKey }).deleteSecret("BOT_TOKEN");
    expect(await admin.deleteUser("ci-bot")).toEqual({ deleted: "ci-bot" });
  });

  it("reads and writes the allowed settings", async () => {
    expect(await admin.setSettings({ "container.default_memory": "256m", "network.quota_enabled": "true" })).toEqual({
      message: "Settings updated.",
    });
    expect(await admin.getSettings()).toMatchObject({ "container.default_memory": "256m", "network.quota_enabled": "true" });
    await expect(admin.setSettings({ "oidc.nonsense": "x" })).rejects.toMatchObject({ kind: "invalid", status: 400 });
  });

  it("classifies failures: wrong key, limits, unreachable and stopped servers", async () => {
    const stranger = createOpenBerthClient({ endpoint: host.endpointFor(INSTANCE), key: `sc_${"0".repeat(48)}` });
    await expect(stranger.listDeployments()).rejects.toMatchObject({ kind: "unauthorized", status: 401 });

    const small = await admin.createUser({ name: "small", maxDeployments: 1 });
    const smallClient = createOpenBerthClient({ endpoint: host.endpointFor(INSTANCE), key: small.apiKey });
    const first = await smallClient.deployCode({ "index.html": "1" }, { name: "small-one" });
    await expect(smallClient.deployCode({ "index.html": "2" }, { name: "small-two" })).rejects.toMatchObject({
      kind: "limit",
      status: 429,
    });
    await smallClient.destroyDeployment(first.id);

    host.setRunning(INSTANCE, false);
    await expect(admin.listDeployments()).rejects.toMatchObject({ kind: "unreachable", status: 502 });
    host.setRunning(INSTANCE, true);

    const nowhere = createOpenBerthClient({ endpoint: "http://127.0.0.1:9", key: ADMIN_KEY, timeoutMs: 1_000 });
    await expect(nowhere.health()).rejects.toMatchObject({ kind: "unreachable", status: null });
  });
});
