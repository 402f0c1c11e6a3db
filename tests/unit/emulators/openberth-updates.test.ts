/**
 * OpenBerth emulator: updates — multipart overlay vs code replace, the status rules, the
 * `updating` state with the old container still running, failed rebuilds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fields, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { tarGz } from "../../../emulators/openberth/testing/tar-gz-builder.ts";
import {
  deployRunning,
  multipartUpload,
  sandboxRunning,
  type TestInstance,
  startTestInstance,
  stuckBuilding,
  waitForStatus,
  withBuildDelay,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 60 });
});
afterAll(() => t.close());

const updateTar = (id: string, fieldsList: [string, string][], data: Buffer | null) =>
  multipartUpload(`${t.base}/api/deploy/${id}/update`, t.adminKey, fieldsList, data ? { data } : null);
const sourceFiles = async (id: string) => (await t.api("GET", `/api/deployments/${id}/source?format=json`)).json.files;

describe("POST /api/deploy/{id}/update (multipart)", () => {
  it("extracts over the tree, answers 200 updating, keeps the container running, then runs again", async () => {
    const d = await deployRunning(t, { name: "overlay", files: { "index.html": "v1", "old.txt": "keep me" } });
    const r = await withBuildDelay(t, 300, 60, async () => {
      const res = await updateTar(
        d.id,
        [
          ["name", "ignored-name"],
          ["ttl", "1h"],
        ],
        tarGz({ "index.html": "v2", "new.txt": "new" }),
      );
      const during = await t.api("GET", `/api/deployments/${d.id}`);
      expect(during.json).toMatchObject({ status: "updating", containerStatus: "running" });
      return res;
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(fields("updateResult.always"));
    expect(r.json).toEqual({ id: d.id, status: "updating", url: d.url, message: msg("update.message") });
    const after = await waitForStatus(t, d.id, "running");
    expect(after.containerStatus).toBe("running");
    expect(after.name).toBe("overlay");
    expect(after.ttlHours).toBe(72);
    expect(await sourceFiles(d.id)).toEqual({ "index.html": "v2", "old.txt": "keep me", "new.txt": "new" });
  });

  it("answers the upload errors with update's own texts", async () => {
    const d = await deployRunning(t, { name: "upload-errors", files: { "index.html": "x" } });
    const notMultipart = await t.api("POST", `/api/deploy/${d.id}/update`, { body: { x: 1 } });
    expect(notMultipart.json).toEqual({ error: msg("update.parseUpload") });
    expect((await updateTar(d.id, [], null)).json).toEqual({ error: msg("deploy.noTarball") });
    const bad = await updateTar(d.id, [], Buffer.from("this is not a gzip stream"));
    expect(bad.json).toEqual({ error: msg("update.extract", { detail: msg("deploy.gzipInvalidHeader") }) });
    expect((await updateTar("unknown", [], tarGz({ "index.html": "x" }))).json).toEqual({
      error: msg("update.deploymentNotFound"),
    });
  });
});

describe("POST /api/deploy/{id}/update/code", () => {
  it("replaces every file", async () => {
    const d = await deployRunning(t, { name: "replace", files: { "index.html": "v1", "old.txt": "gone soon" } });
    const r = await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "v2" } } });
    expect(r.json.status).toBe("updating");
    await waitForStatus(t, d.id, "running");
    expect(await sourceFiles(d.id)).toEqual({ "index.html": "v2" });
  });

  it("checks files before the id, then the id, state and lock", async () => {
    expect((await t.api("POST", "/api/deploy/unknown/update/code", { body: {} })).json).toEqual({ error: msg("update.noFiles") });
    expect((await t.api("POST", "/api/deploy/unknown/update/code", { body: { files: { a: "b" } } })).json).toEqual({
      error: msg("update.deploymentNotFound"),
    });
    const building = {
      json: await stuckBuilding(t, "/api/deploy/code", { name: "still-building", files: { "index.html": "x" } }, 60),
    };
    const early = await t.api("POST", `/api/deploy/${building.json.id}/update/code`, { body: { files: { "index.html": "y" } } });
    expect(early.json).toEqual({ error: msg("update.cannotUpdate", { status: "building" }) });

    const d = await deployRunning(t, { name: "twice", files: { "index.html": "x" } });
    const again = await withBuildDelay(t, 300, 60, async () => {
      await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "y" } } });
      return t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "z" } } });
    });
    expect(again.json).toEqual({ error: msg("update.cannotUpdate", { status: "updating" }) });
    await waitForStatus(t, d.id, "running");

    await t.api("POST", `/api/deployments/${d.id}/lock`, { body: { locked: true } });
    const locked = await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "index.html": "z" } } });
    expect(locked.json).toEqual({ error: msg("deployments.locked") });
    expect((await updateTar(d.id, [], tarGz({ "index.html": "z" }))).json).toEqual({ error: msg("deployments.locked") });
  });

  it("refuses code it cannot detect", async () => {
    const d = await deployRunning(t, { name: "undetectable", files: { "index.html": "x" } });
    const r = await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "README.md": "just docs" } } });
    expect(r.json).toEqual({ error: msg("update.detect") });
  });
});

describe("failed builds", () => {
  const broken = JSON.stringify({ scripts: { start: "node server.js", build: "echo building && exit 1" } });
  const fixed = JSON.stringify({ scripts: { start: "node server.js", build: "echo ok" } });

  it("a failed first build can be updated into a running deployment", async () => {
    const r = await t.api("POST", "/api/deploy/code", { body: { name: "broken-first", files: { "package.json": broken } } });
    const failed = await waitForStatus(t, r.json.id, "failed");
    expect(failed.containerStatus).toBe("not_found");
    const u = await t.api("POST", `/api/deploy/${r.json.id}/update/code`, { body: { files: { "package.json": fixed } } });
    expect(u.status).toBe(200);
    const running = await waitForStatus(t, r.json.id, "running");
    expect(running.containerStatus).toBe("running");
  });

  it("a failed update leaves the old container running", async () => {
    const d = await deployRunning(t, { name: "broken-later", files: { "package.json": fixed } });
    await t.api("POST", `/api/deploy/${d.id}/update/code`, { body: { files: { "package.json": broken } } });
    const failed = await waitForStatus(t, d.id, "failed");
    expect(failed.containerStatus).toBe("running");
  });

  it("updates sandboxes too (mode is not checked)", async () => {
    const sb = await sandboxRunning(t, { name: "upd-sb", files: { "index.html": "s1" } });
    const r = await t.api("POST", `/api/deploy/${sb.id}/update/code`, { body: { files: { "index.html": "s2" } } });
    expect(r.status).toBe(200);
    const info = await waitForStatus(t, sb.id, "running");
    expect(info.mode).toBe("sandbox");
  });
});
