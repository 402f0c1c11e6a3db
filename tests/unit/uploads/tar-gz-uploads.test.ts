import { describe, expect, it } from "vitest";
import { prepareUpload } from "../../../server/uploads";
import type { UploadLimits } from "../../../server/uploads";
import { bytes, concat, filesIn, gzip, gzipThenGarbage, makeTar, makeTarGz, readTarGz } from "../../support/archives";
import { expectOk, filesWithOwnReader } from "./read-back";

const tiny = (overrides: Partial<UploadLimits>): UploadLimits => ({
  maxUploadBytes: 1024 * 1024,
  maxExpandedBytes: 1024 * 1024,
  maxEntries: 100,
  maxFileBytes: 1024 * 1024,
  ...overrides,
});

const upload = (name: string, data: Uint8Array, limits?: UploadLimits) => prepareUpload({ name, bytes: data }, limits);

describe("tar.gz uploads", () => {
  it("round-trips files and folders, readable by its own reader and by the fixtures' reader", async () => {
    const site = await makeTarGz([
      { name: "index.html", content: "<h1>hi</h1>" },
      { name: "assets/", type: "5" },
      { name: "assets/app.js", content: "console.log(1)" },
      { name: "assets/img/logo.svg", content: "<svg/>" },
      { name: "empty/", type: "5" },
      { name: "blank.txt", content: "" },
    ]);
    const result = expectOk(await upload("site.tar.gz", site));
    expect(result.fileCount).toBe(4);
    expect(result.expandedBytes).toBe(11 + 14 + 6);
    expect(result.topLevelNames).toEqual(["assets", "blank.txt", "empty", "index.html"]);

    const expected = {
      "index.html": "<h1>hi</h1>",
      "assets/app.js": "console.log(1)",
      "assets/img/logo.svg": "<svg/>",
      "blank.txt": "",
    };
    const own = await filesWithOwnReader(result.tarball);
    expect(own.files).toEqual(expected);
    expect(own.dirs).toEqual(["assets", "assets/img", "empty"]);

    const node = await readTarGz(result.tarball);
    expect(node.map((e) => [e.type, e.path])).toEqual([
      ["5", "assets/"],
      ["0", "assets/app.js"],
      ["5", "assets/img/"],
      ["0", "assets/img/logo.svg"],
      ["0", "blank.txt"],
      ["5", "empty/"],
      ["0", "index.html"],
    ]);
    expect(await filesIn(result.tarball)).toEqual(expected);
    for (const entry of node) {
      expect(entry.mode).toBe(entry.type === "5" ? 0o755 : 0o644);
      expect(entry.mtime).toBe(0);
    }
  });

  it("re-emits a fresh tarball rather than passing the upload through, and does so reproducibly", async () => {
    const site = await makeTarGz([{ name: "index.html", content: "x" }]);
    const a = expectOk(await upload("site.tgz", site));
    const b = expectOk(await upload("site.tgz", site));
    expect(a.tarball).not.toEqual(site);
    expect(a.tarball).toEqual(b.tarball);
  });

  it("accepts .tgz, and archives without end-of-archive blocks", async () => {
    for (const endBlocks of [0, 1]) {
      const site = gzip(await makeTar([{ name: "index.html", content: "x" }], { endBlocks }));
      expect(await filesIn(expectOk(await upload("site.tgz", site)).tarball)).toEqual({ "index.html": "x" });
    }
  });

  it("strips a single top-level folder", async () => {
    const site = await makeTarGz([
      { name: "./my-site/", type: "5" },
      { name: "./my-site/index.html", content: "home" },
      { name: "./my-site/src/", type: "5" },
      { name: "./my-site/src/main.js", content: "js" },
    ]);
    const result = expectOk(await upload("my-site.tar.gz", site));
    expect(result.topLevelNames).toEqual(["index.html", "src"]);
    expect(await filesIn(result.tarball)).toEqual({ "index.html": "home", "src/main.js": "js" });
    expect((await readTarGz(result.tarball)).map((e) => e.path)).toEqual(["index.html", "src/", "src/main.js"]);
  });

  it("does not strip when files sit at the root or in two folders, and strips only one level", async () => {
    const twoFolders = expectOk(
      await upload(
        "a.tgz",
        await makeTarGz([
          { name: "a/x", content: "1" },
          { name: "b/y", content: "2" },
        ]),
      ),
    );
    expect(twoFolders.topLevelNames).toEqual(["a", "b"]);
    const rootFile = expectOk(
      await upload(
        "a.tgz",
        await makeTarGz([
          { name: "a/x", content: "1" },
          { name: "README.md", content: "2" },
        ]),
      ),
    );
    expect(rootFile.topLevelNames).toEqual(["README.md", "a"]);
    const nested = expectOk(await upload("a.tgz", await makeTarGz([{ name: "site/src/a.js", content: "1" }])));
    expect(await filesIn(nested.tarball)).toEqual({ "src/a.js": "1" });
    // An empty folder beside the only folder with files: not a lone wrapper folder.
    const emptyBeside = expectOk(
      await upload(
        "a.tgz",
        await makeTarGz([
          { name: "site/index.html", content: "1" },
          { name: "logs/", type: "5" },
        ]),
      ),
    );
    expect(emptyBeside.topLevelNames).toEqual(["logs", "site"]);
  });

  it("drops symlinks, hardlinks, devices, FIFOs, absolute paths and `..` paths", async () => {
    const site = await makeTarGz([
      { name: "index.html", content: "ok" },
      { name: "link", type: "2", linkname: "/etc/passwd" },
      { name: "hard", type: "1", linkname: "index.html" },
      { name: "dev", type: "3" },
      { name: "blk", type: "4" },
      { name: "fifo", type: "6" },
      { name: "/etc/cron.d/evil", content: "boom" },
      { name: "../outside.txt", content: "boom" },
      { name: "a/../../outside.txt", content: "boom" },
      { name: "C:\\Windows\\evil.dll", content: "boom" },
      { name: "bad\nname.txt", content: "boom" },
    ]);
    const result = expectOk(await upload("site.tar.gz", site));
    expect(result.fileCount).toBe(1);
    expect((await readTarGz(result.tarball)).map((e) => e.path)).toEqual(["index.html"]);
  });

  it("normalises ./ prefixes and backslashes", async () => {
    const site = await makeTarGz([
      { name: "./index.html", content: "1" },
      { name: "css\\site.css", content: "2" },
      { name: "./js/./app.js", content: "3" },
      { name: "./", type: "5" },
    ]);
    expect(await filesIn(expectOk(await upload("site.tar.gz", site)).tarball)).toEqual({
      "index.html": "1",
      "css/site.css": "2",
      "js/app.js": "3",
    });
  });

  it("skips __MACOSX and .DS_Store", async () => {
    const site = await makeTarGz([
      { name: "index.html", content: "1" },
      { name: ".DS_Store", content: "junk" },
      { name: "__MACOSX/._index.html", content: "junk" },
      { name: "img/.DS_Store", content: "junk" },
    ]);
    expect(await filesIn(expectOk(await upload("site.tar.gz", site)).tarball)).toEqual({ "index.html": "1" });
  });

  it("reads GNU long names, pax paths and ustar prefixes", async () => {
    const deep = `${"d".repeat(60)}/${"e".repeat(60)}/${"f".repeat(60)}/file.txt`;
    const prefixed = `under/a/${"prefix".repeat(20)}/name.txt`;
    const site = await makeTarGz([
      { name: deep, content: "gnu", gnuLongName: true },
      {
        name: `pax/${"p".repeat(150)}.txt`,
        content: "pax",
        headerName: "pax-short",
        pax: { path: `pax/${"p".repeat(150)}.txt`, mtime: "1.5" },
      },
      { name: prefixed, content: "prefix" }, // over 100 bytes, and splits: written in the ustar prefix field
    ]);
    const result = expectOk(await upload("site.tar.gz", site));
    expect(await filesIn(result.tarball)).toEqual({
      [deep]: "gnu",
      [`pax/${"p".repeat(150)}.txt`]: "pax",
      [prefixed]: "prefix",
    });
  });

  it("honours a pax size over the header's", async () => {
    const content = "twelve bytes";
    const site = await makeTarGz([
      { name: "a.txt", content, headerSize: 0, pax: { size: String(content.length) } },
      { name: "b.txt", content: "b" },
    ]);
    expect(await filesIn(expectOk(await upload("site.tar.gz", site)).tarball)).toEqual({ "a.txt": content, "b.txt": "b" });
  });

  it("keeps paths over 100 bytes (prefix split and GNU long name) and non-ASCII names", async () => {
    const splittable = `${"a".repeat(90)}/${"b".repeat(90)}/index.html`; // 192 bytes
    const unsplittable = `${"c".repeat(120)}/${"d".repeat(120)}.txt`; // name part too long for ustar
    const veryLong = Array.from({ length: 12 }, (_, i) => `folder-${i}-${"x".repeat(20)}`).join("/") + "/deep.txt"; // > 255
    const unicode = "café/日本語/ファイル名.txt";
    const emoji = "🚀/señor-ñandú.md";
    const site = await makeTarGz([
      { name: splittable, content: "1", gnuLongName: true },
      { name: unsplittable, content: "2", gnuLongName: true },
      { name: veryLong, content: "3", gnuLongName: true },
      { name: unicode, content: "4" },
      { name: emoji, content: "5" },
    ]);
    const result = expectOk(await upload("site.tar.gz", site));
    const expected = { [splittable]: "1", [unsplittable]: "2", [veryLong]: "3", [unicode]: "4", [emoji]: "5" };
    expect(await filesIn(result.tarball)).toEqual(expected);
    expect((await filesWithOwnReader(result.tarball)).files).toEqual(expected);
    expect(veryLong.length).toBeGreaterThan(255);
  });

  it("lets a later entry for the same path win, as extraction would", async () => {
    const site = await makeTarGz([
      { name: "a.txt", content: "old" },
      { name: "a.txt", content: "new" },
    ]);
    expect(await filesIn(expectOk(await upload("site.tar.gz", site)).tarball)).toEqual({ "a.txt": "new" });
  });

  it("refuses a path that is both a file and a folder", async () => {
    const site = await makeTarGz([
      { name: "a", content: "file" },
      { name: "a/b", content: "inside" },
    ]);
    expect(await upload("site.tar.gz", site)).toEqual({ ok: false, problem: "corrupt_archive" });
  });

  it("reports no_files for an archive of folders and links only", async () => {
    const site = await makeTarGz([
      { name: "a/", type: "5" },
      { name: "a/b/", type: "5" },
      { name: "a/link", type: "2", linkname: "../x" },
      { name: "../escape.txt", content: "x" },
    ]);
    expect(await upload("site.tar.gz", site)).toEqual({ ok: false, problem: "no_files" });
  });

  it("reports corrupt_archive for truncated, damaged or non-tar gzip data", async () => {
    const site = await makeTarGz([
      { name: "index.html", content: "x".repeat(5000) },
      { name: "b.txt", content: "y".repeat(5000) },
    ]);
    const corrupt = { ok: false, problem: "corrupt_archive" };
    expect(await upload("site.tar.gz", site.subarray(0, Math.floor(site.length / 2)))).toEqual(corrupt);
    // Only the gzip trailer (CRC, length) is missing: every tar byte is there.
    expect(await upload("site.tar.gz", site.subarray(0, site.length - 4))).toEqual(corrupt);
    const flipped = new Uint8Array(site);
    flipped[site.length - 6]! ^= 0xff; // inside the CRC
    expect(await upload("site.tar.gz", flipped)).toEqual(corrupt);
    expect(await upload("site.tar.gz", gzip(bytes("just some text, not a tar archive at all")))).toEqual(corrupt);
    expect(await upload("site.tar.gz", await makeTarGz([{ name: "a.txt", content: "x", breakChecksum: true }]))).toEqual(corrupt);
    // A tar whose last file is cut short.
    const cut = (await makeTar([{ name: "a.txt", content: "z".repeat(2000) }])).subarray(0, 1024);
    expect(await upload("site.tar.gz", gzip(cut))).toEqual(corrupt);
    // Cut short by less than the two end blocks, and with only its padding missing.
    const shortCut = (await makeTar([{ name: "a.txt", content: "z".repeat(1000) }])).subarray(0, 1024);
    expect(await upload("site.tar.gz", gzip(shortCut))).toEqual(corrupt);
    const noPadding = (await makeTar([{ name: "a.txt", content: "z".repeat(1000) }])).subarray(0, 512 + 1000);
    expect(await upload("site.tar.gz", gzip(noPadding))).toEqual(corrupt);
    // Something after the end-of-archive blocks.
    const after = concat([await makeTar([{ name: "a.txt", content: "z" }]), bytes("x".repeat(512))]);
    expect(await upload("site.tar.gz", gzip(after))).toEqual(corrupt);
    // GNU sparse files: the data is not the file's content.
    const sparse = await makeTarGz([{ name: "a.txt", content: "z", pax: { "GNU.sparse.major": "1", "GNU.sparse.minor": "0" } }]);
    expect(await upload("site.tar.gz", sparse)).toEqual(corrupt);
    expect(await upload("site.tar.gz", crypto.getRandomValues(new Uint8Array(2000)))).toEqual(corrupt);
  });

  it("refuses a gzip bomb without inflating all of it", async () => {
    const bomb = await makeTar([{ name: "bomb.bin", content: new Uint8Array(16 * 1024 * 1024) }], { endBlocks: 0 });
    // The stream turns invalid after the data: inflating it all would report corrupt_archive.
    const result = await upload("bomb.tar.gz", gzipThenGarbage(bomb), tiny({ maxFileBytes: 1024 * 1024 }));
    expect(result).toEqual({ ok: false, problem: "too_large_expanded" });
    // Control: with room for it all, the reader does reach the invalid end.
    const roomy = tiny({ maxFileBytes: 32 * 1024 * 1024, maxExpandedBytes: 32 * 1024 * 1024 });
    expect(await upload("bomb.tar.gz", gzipThenGarbage(bomb), roomy)).toEqual({ ok: false, problem: "corrupt_archive" });
  });

  it("refuses many files that together go over maxExpandedBytes, without inflating them all", async () => {
    const entries = Array.from({ length: 64 }, (_, i) => ({ name: `part-${i}.bin`, content: new Uint8Array(256 * 1024) }));
    const bomb = gzipThenGarbage(await makeTar(entries, { endBlocks: 0 }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const result = await upload("bomb.tar.gz", bomb, tiny({ maxExpandedBytes: 1024 * 1024 }));
    expect(result).toEqual({ ok: false, problem: "too_large_expanded" });
    const roomy = tiny({ maxExpandedBytes: 32 * 1024 * 1024 });
    expect(await upload("bomb.tar.gz", bomb, roomy)).toEqual({ ok: false, problem: "corrupt_archive" });
  });

  it("refuses one file over maxFileBytes even when the total fits", async () => {
    const site = await makeTarGz([
      { name: "small.txt", content: "x" },
      { name: "big.bin", content: new Uint8Array(600 * 1024) },
    ]);
    expect(await upload("site.tgz", site, tiny({ maxFileBytes: 512 * 1024 }))).toEqual({
      ok: false,
      problem: "too_large_expanded",
    });
    expect(expectOk(await upload("site.tgz", site, tiny({ maxFileBytes: 600 * 1024 }))).expandedBytes).toBe(600 * 1024 + 1);
  });

  it("refuses too many files, and too many dropped records", async () => {
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.txt`, content: "x" }));
    expect(await upload("a.tgz", await makeTarGz(files), tiny({ maxEntries: 5 }))).toEqual({
      ok: false,
      problem: "too_many_files",
    });
    expect(expectOk(await upload("a.tgz", await makeTarGz(files), tiny({ maxEntries: 6 }))).fileCount).toBe(6);
    const links = Array.from({ length: 30 }, (_, i) => ({ name: `l${i}`, type: "2", linkname: "x" }));
    expect(await upload("a.tgz", await makeTarGz([{ name: "a.txt", content: "x" }, ...links]), tiny({ maxEntries: 5 }))).toEqual({
      ok: false,
      problem: "too_many_files",
    });
  });

  it("accepts a lone folder entry with a trailing slash on a regular-file header (old tars)", async () => {
    const site = await makeTarGz([
      { name: "old-dir/", type: "0" },
      { name: "old-dir/a.txt", content: "a" },
      { name: "b.txt", content: "b" },
    ]);
    const result = expectOk(await upload("site.tar.gz", site));
    expect((await readTarGz(result.tarball)).map((e) => [e.type, e.path])).toEqual([
      ["0", "b.txt"],
      ["5", "old-dir/"],
      ["0", "old-dir/a.txt"],
    ]);
  });

  it("reads many files of varied sizes in varied folders", async () => {
    const files = Array.from({ length: 40 }, (_, i) => ({
      name: `dir-${i % 3}/file-${i}.txt`,
      content: `${i}:`.repeat(997 * (i + 1)),
    }));
    const result = expectOk(await upload("site.tar.gz", await makeTarGz(files)));
    const expected = Object.fromEntries(files.map((f) => [f.name, f.content]));
    expect(await filesIn(result.tarball)).toEqual(expected);
  });
});
