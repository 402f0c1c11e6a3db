import { describe, expect, it } from "vitest";
import { prepareUpload } from "../../../server/uploads";
import type { UploadLimits } from "../../../server/uploads";
import { bytes, deflateThenGarbage, filesIn, makeTarGz, makeZip, readTarGz } from "../../support/archives";
import { expectOk, filesWithOwnReader } from "./read-back";

const MiB = 1024 * 1024;
const tiny = (overrides: Partial<UploadLimits>): UploadLimits => ({
  maxUploadBytes: MiB,
  maxExpandedBytes: MiB,
  maxEntries: 100,
  maxFileBytes: MiB,
  ...overrides,
});
const upload = (name: string, data: Uint8Array, limits?: UploadLimits) => prepareUpload({ name, bytes: data }, limits);
const corrupt = { ok: false, problem: "corrupt_archive" };

describe("zip uploads", () => {
  it("reads stored and deflated entries", async () => {
    const css = "body { color: red; }\n".repeat(200);
    const site = makeZip([
      { name: "index.html", content: "<h1>stored</h1>", method: 0 },
      { name: "css/", method: 0 },
      { name: "css/site.css", content: css, method: 8 },
      { name: "empty.txt", content: "", method: 8 },
    ]);
    const result = expectOk(await upload("site.zip", site));
    const expected = { "index.html": "<h1>stored</h1>", "css/site.css": css, "empty.txt": "" };
    expect(await filesIn(result.tarball)).toEqual(expected);
    expect((await filesWithOwnReader(result.tarball)).files).toEqual(expected);
    expect(result).toMatchObject({
      fileCount: 3,
      expandedBytes: 15 + css.length,
      topLevelNames: ["css", "empty.txt", "index.html"],
    });
  });

  it("strips the folder of a zipped folder, skipping __MACOSX and .DS_Store", async () => {
    const site = makeZip([
      { name: "my-site/", method: 0 },
      { name: "my-site/index.html", content: "home", method: 8 },
      { name: "my-site/.DS_Store", content: "junk", method: 0 },
      { name: "my-site/js/app.js", content: "app", method: 8 },
      { name: "__MACOSX/", method: 0 },
      { name: "__MACOSX/my-site/._index.html", content: "fork", method: 0 },
    ]);
    const result = expectOk(await upload("my-site.zip", site));
    expect(result.topLevelNames).toEqual(["index.html", "js"]);
    expect((await readTarGz(result.tarball)).map((e) => e.path)).toEqual(["index.html", "js/", "js/app.js"]);
    expect(await filesIn(result.tarball)).toEqual({ "index.html": "home", "js/app.js": "app" });
  });

  it("drops symlinks, `..` and absolute entries, and normalises backslashes", async () => {
    const site = makeZip([
      { name: "index.html", content: "ok", unixMode: 0o100644 },
      { name: "link", content: "/etc/passwd", unixMode: 0o120777 },
      { name: "fifo", unixMode: 0o010644 },
      { name: "../../evil.sh", content: "boom" },
      { name: "/abs/evil.sh", content: "boom" },
      { name: "a\\..\\..\\evil.sh", content: "boom" },
      { name: "css\\site.css", content: "css" },
      { name: "folder", unixMode: 0o040755 },
    ]);
    const result = expectOk(await upload("site.zip", site));
    expect((await readTarGz(result.tarball)).map((e) => e.path)).toEqual(["css/", "css/site.css", "folder/", "index.html"]);
  });

  it("finds the end record behind a comment, and reads data-descriptor entries", async () => {
    const site = makeZip(
      [
        { name: "index.html", content: "hello", method: 8 },
        { name: "b.txt", content: "b", method: 0 },
      ],
      { comment: "Made by a zip tool. ".repeat(40), dataDescriptor: true },
    );
    expect(await filesIn(expectOk(await upload("site.zip", site)).tarball)).toEqual({ "index.html": "hello", "b.txt": "b" });
  });

  it("keeps UTF-8 names, with or without the UTF-8 flag, and reads CP437 names", async () => {
    const site = makeZip([
      { name: "café/日本語.txt", content: "1" }, // flag 0x800 set by the fixture
      { name: bytes("naïve-🚀.md"), content: "2" }, // UTF-8 bytes, no flag (macOS does this)
      { name: Uint8Array.of(0x72, 0x82, 0x73, 0x75, 0x6d, 0x82, 0x2e, 0x74, 0x78, 0x74), content: "3" }, // CP437 "résumé.txt"
    ]);
    const result = expectOk(await upload("site.zip", site));
    expect(await filesIn(result.tarball)).toEqual({ "café/日本語.txt": "1", "naïve-🚀.md": "2", "résumé.txt": "3" });
  });

  it("keeps paths over 100 bytes", async () => {
    const long = `${"segment-".repeat(20)}/${"more-".repeat(30)}/index.html`;
    const result = expectOk(
      await upload(
        "site.zip",
        makeZip([
          { name: long, content: "deep", method: 8 },
          { name: "a.txt", content: "a" },
        ]),
      ),
    );
    expect(await filesIn(result.tarball)).toEqual({ [long]: "deep", "a.txt": "a" });
  });

  it("refuses a CRC mismatch", async () => {
    const site = makeZip([{ name: "index.html", content: "hello", method: 8, crc: 0x12345678 }]);
    expect(await upload("site.zip", site)).toEqual(corrupt);
    const stored = makeZip([{ name: "index.html", content: "hello", method: 0, crc: 0x12345678 }]);
    expect(await upload("site.zip", stored)).toEqual(corrupt);
  });

  it("refuses encrypted entries, unknown methods, zip64 and declared sizes that do not match", async () => {
    expect(await upload("site.zip", makeZip([{ name: "a.txt", content: "x", flags: 0x1 }]))).toEqual(corrupt);
    expect(await upload("site.zip", makeZip([{ name: "a.txt", content: "x", methodOverride: 12 }]))).toEqual(corrupt);
    expect(await upload("site.zip", makeZip([{ name: "a.txt", content: "x" }], { zip64Marker: true }))).toEqual(corrupt);
    expect(await upload("site.zip", makeZip([{ name: "a.txt", content: "hello", method: 8, declaredSize: 3 }]))).toEqual(corrupt);
    expect(await upload("site.zip", makeZip([{ name: "a.txt", content: "hello", method: 0, declaredSize: 3 }]))).toEqual(corrupt);
  });

  it("refuses random bytes, truncated zips and damaged deflate data", async () => {
    expect(await upload("site.zip", crypto.getRandomValues(new Uint8Array(4096)))).toEqual(corrupt);
    const site = makeZip([{ name: "index.html", content: "hello ".repeat(500), method: 8 }]);
    expect(await upload("site.zip", site.subarray(0, site.length - 10))).toEqual(corrupt);
    expect(await upload("site.zip", site.subarray(0, 40))).toEqual(corrupt);
    const damaged = makeZip([{ name: "index.html", content: "hello", method: 8, rawData: Uint8Array.of(0xff, 0xff, 0xff) }]);
    expect(await upload("site.zip", damaged)).toEqual(corrupt);
  });

  it("refuses entries whose data overlaps (the overlapping-file zip bomb)", async () => {
    const site = makeZip([
      { name: "a.txt", content: "a" },
      { name: "b.txt", content: "b" },
    ]);
    // Point the second central record at the first entry's local header.
    const view = new DataView(site.buffer);
    const cdOffset = view.getUint32(site.length - 6, true);
    const secondCentral = cdOffset + 46 + "a.txt".length;
    view.setUint32(secondCentral + 42, 0, true);
    expect(await upload("site.zip", site)).toEqual(corrupt);
  });

  it("refuses from the directory a zip that declares more than the limits", async () => {
    const bomb = makeZip([
      { name: "bomb.bin", rawData: deflateThenGarbage(new Uint8Array(16 * MiB)), method: 8, declaredSize: 16 * MiB },
    ]);
    expect(await upload("bomb.zip", bomb, tiny({ maxFileBytes: MiB }))).toEqual({ ok: false, problem: "too_large_expanded" });
    const many = makeZip(
      Array.from({ length: 5 }, (_, i) => ({ name: `${i}.bin`, content: new Uint8Array(300 * 1024), method: 8 as const })),
    );
    expect(await upload("many.zip", many, tiny({ maxExpandedBytes: MiB }))).toEqual({ ok: false, problem: "too_large_expanded" });
  });

  it("stops inflating a zip bomb whose directory lies, at the limit", async () => {
    // Declares 1 000 bytes; inflates to 64 MiB, then turns invalid.
    const rawData = deflateThenGarbage(new Uint8Array(64 * MiB));
    expect(rawData.length).toBeLessThan(128 * 1024);
    const bomb = makeZip([{ name: "index.html", rawData, method: 8, declaredSize: 1000, crc: 0 }]);
    expect(await upload("bomb.zip", bomb, tiny({ maxFileBytes: MiB }))).toEqual({ ok: false, problem: "too_large_expanded" });
    // Control: allowed to inflate it all, the reader reaches the invalid end.
    const roomy = tiny({ maxFileBytes: 128 * MiB, maxExpandedBytes: 128 * MiB });
    expect(await upload("bomb.zip", bomb, roomy)).toEqual(corrupt);
  });

  it("refuses too many entries", async () => {
    const files = Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.txt`, content: "x" }));
    expect(await upload("site.zip", makeZip(files), tiny({ maxEntries: 3 }))).toEqual({ ok: false, problem: "too_many_files" });
    // Folders count as entries too.
    const withDirs = makeZip([
      { name: "a/" },
      { name: "b/" },
      { name: "a/x.txt", content: "x" },
      { name: "b/y.txt", content: "y" },
    ]);
    expect(await upload("site.zip", withDirs, tiny({ maxEntries: 3 }))).toEqual({ ok: false, problem: "too_many_files" });
  });

  it("reports no_files for a zip of folders, and for an empty zip", async () => {
    expect(
      await upload("site.zip", makeZip([{ name: "a/" }, { name: "a/b/" }, { name: "__MACOSX/junk", content: "x" }])),
    ).toEqual({
      ok: false,
      problem: "no_files",
    });
    expect(await upload("empty.zip", makeZip([]))).toEqual({ ok: false, problem: "no_files" });
  });

  it("detects by magic bytes, not the name: a tar.gz named .zip and a zip named .tar.gz both work", async () => {
    const tgz = await makeTarGz([{ name: "index.html", content: "from tar" }]);
    expect(await filesIn(expectOk(await upload("site.zip", tgz)).tarball)).toEqual({ "index.html": "from tar" });
    const zip = makeZip([{ name: "index.html", content: "from zip", method: 8 }]);
    expect(await filesIn(expectOk(await upload("site.tar.gz", zip)).tarball)).toEqual({ "index.html": "from zip" });
    expect(await filesIn(expectOk(await upload("site", zip)).tarball)).toEqual({ "index.html": "from zip" });
  });
});
