/**
 * OpenBerth emulator: source download (zip, tar.gz, json with redaction) and stats.
 */
import { gunzipSync, inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedKeys, fields, keysOf, msg } from "../../../emulators/openberth/testing/fixtures.ts";
import { tarGz } from "../../../emulators/openberth/testing/tar-gz-builder.ts";
import {
  deployRunning,
  multipartUpload,
  type TestInstance,
  startTestInstance,
} from "../../../emulators/openberth/testing/test-instance.ts";

let t: TestInstance;
let id: string;

const FILES: Record<string, string> = {
  "index.html": "<h1>src</h1>",
  "src/app.js": "console.log(1)",
  ".env": "SECRET=1",
  ".env.example": "SECRET=",
  "certs/server.pem": "-----BEGIN-----",
  ".ssh/config": "Host x",
  ".openberth-meta.json": "{}",
};

beforeAll(async () => {
  t = await startTestInstance({ buildDelayMs: 20 });
  const r = await multipartUpload(`${t.base}/api/deploy`, t.adminKey, [["name", "source-app"]], {
    data: tarGz([
      ...Object.entries(FILES).map(([name, content]) => ({ name, content })),
      { name: "logo.bin", content: Buffer.from([0x89, 0, 1, 2]) },
    ]),
  });
  id = r.json.id;
});
afterAll(() => t.close());

/** Reads a zip's central directory and inflates each entry. */
function unzip(zip: Buffer): Record<string, string> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const out: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.subarray(p + 46, p + 46 + nameLen).toString("utf8");
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + size);
    out[name] = (method === 8 ? inflateRawSync(raw) : raw).toString("latin1");
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** Lists a tar's regular-file names (ustar, no long names needed here). */
function tarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let p = 0; p + 512 <= tar.length;) {
    const header = tar.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString("utf8").replace(/\0.*$/s, "");
    const size = parseInt(header.subarray(124, 136).toString("latin1").replace(/\0.*$/s, "").trim() || "0", 8);
    if (header[156] === 0x30 || header[156] === 0) names.push(name);
    p += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

describe("GET /api/deployments/{id}/source", () => {
  it("defaults to a zip with a Content-Disposition filename, leaving .openberth* out", async () => {
    const r = await fetch(`${t.base}/api/deployments/${id}/source`, { headers: { Authorization: `Bearer ${t.adminKey}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("application/zip");
    expect(r.headers.get("content-disposition")).toBe('attachment; filename="source-app-source.zip"');
    const files = unzip(Buffer.from(await r.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(
      [...Object.keys(FILES).filter((f) => !f.startsWith(".openberth")), "logo.bin"].sort(),
    );
    expect(files["src/app.js"]).toBe("console.log(1)");
    expect(files[".env"]).toBe("SECRET=1"); // archives are not redacted, only the JSON view is
  });

  it("serves tar.gz for format=tar.gz, tgz and tar", async () => {
    for (const format of ["tar.gz", "tgz", "tar"]) {
      const r = await fetch(`${t.base}/api/deployments/${id}/source?format=${format}`, {
        headers: { Authorization: `Bearer ${t.adminKey}` },
      });
      expect(r.headers.get("content-type")).toBe("application/gzip");
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="source-app-source.tar.gz"');
      const names = tarNames(gunzipSync(Buffer.from(await r.arrayBuffer())));
      expect(names).toContain("src/app.js");
      expect(names.some((n) => n.startsWith(".openberth"))).toBe(false);
    }
  });

  it("returns {files} as JSON with secret-looking files redacted and binaries skipped", async () => {
    const r = await t.api("GET", `/api/deployments/${id}/source?format=json`);
    expect(keysOf(r.json)).toEqual(expectedKeys("sourceJson"));
    const files = r.json.files;
    expect(files["index.html"]).toBe("<h1>src</h1>");
    expect(files[".env.example"]).toBe("SECRET=");
    expect(files[".env"]).toBe(msg("source.redacted", { path: ".env", pattern: ".env" }));
    expect(files["certs/server.pem"]).toBe(msg("source.redacted", { path: "certs/server.pem", pattern: "*.pem" }));
    expect(files[".ssh/config"]).toBe(msg("source.redacted", { path: ".ssh/config", pattern: ".ssh/" }));
    expect(files["logo.bin"]).toBeUndefined();
    expect(files[".openberth-meta.json"]).toBeUndefined();
  });

  it("404s unknown ids", async () => {
    expect((await t.api("GET", "/api/deployments/nope/source")).json).toEqual({ error: msg("deployments.notFound") });
  });
});

describe("GET /api/deployments/{id}/stats and /api/admin/host-stats", () => {
  it("answers the stats shape with zeros for what is not metered", async () => {
    const d = await deployRunning(t, { name: "stats", network_quota: "2m", cpus: "1.5", files: { "index.html": "12345" } });
    const r = await t.api("GET", `/api/deployments/${d.id}/stats`);
    expect(keysOf(r.json)).toEqual(expectedKeys("stats"));
    expect(keysOf(r.json.live)).toEqual([...fields("stats.live")].sort());
    expect(keysOf(r.json.storage)).toEqual([...fields("stats.storage")].sort());
    expect(keysOf(r.json.network)).toEqual([...fields("stats.network.always")].sort());
    expect(r.json.live.cpuLimitCores).toBe(1.5);
    expect(r.json.storage).toEqual({ sourceBytes: 5, persistBytes: 0, buildVolumeBytes: 0, totalBytes: 5 });
    expect(r.json.network).toMatchObject({
      usedBytes: 0,
      quotaBytes: 2 * 2 ** 20,
      remainingBytes: 2 * 2 ** 20,
      periodResetIntervalH: 720,
    });
    expect(r.json.network.periodStart).toMatch(/^\d{4}-\d{2}-01$/);
  });

  it("answers host stats to admins", async () => {
    const r = await t.api("GET", "/api/admin/host-stats");
    expect(keysOf(r.json)).toEqual(expectedKeys("hostStats"));
    expect(r.json.sampledAt).toMatch(/Z$/);
  });
});
