import { execFileSync } from "node:child_process";
import { crc32 as nodeCrc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tarballFromFiles } from "../../../server/uploads";
import { normaliseArchivePath } from "../../../server/uploads/archive-paths";
import { crc32 } from "../../../server/uploads/crc32";
import { CP437_HIGH } from "../../../server/uploads/zip-names";
import { bytes, filesIn, readTarGz } from "../../support/archives";
import { filesWithOwnReader } from "./read-back";

const hasGnuTar = (() => {
  try {
    return execFileSync("tar", ["--version"], { encoding: "utf8" }).includes("GNU tar");
  } catch {
    return false;
  }
})();

describe("crc32", () => {
  it("matches zlib", () => {
    const random = crypto.getRandomValues(new Uint8Array(10_000));
    for (const data of [new Uint8Array(0), bytes("123456789"), random]) expect(crc32(data)).toBe(nodeCrc32(data));
    expect(crc32(bytes("123456789"))).toBe(0xcbf43926);
    expect(crc32(random.subarray(5000), crc32(random.subarray(0, 5000)))).toBe(nodeCrc32(random));
  });
});

describe("normaliseArchivePath", () => {
  it.each([
    ["index.html", "index.html"],
    ["./a/./b.txt", "a/b.txt"],
    ["a//b/", "a/b"],
    ["a\\b\\c.txt", "a/b/c.txt"],
    ["./", null],
    ["", null],
    ["/etc/passwd", null],
    ["\\\\server\\share", null],
    ["C:/x.txt", null],
    ["../x", null],
    ["a/../b", null],
    ["a/..", null],
    ["..\\x", null],
    ["a/\u0000b", null],
    ["tab\there", null],
    ["..foo/bar..", "..foo/bar.."],
    ["日本/ファイル.txt", "日本/ファイル.txt"],
  ])("%j → %j", (raw, expected) => expect(normaliseArchivePath(raw)).toBe(expected));
});

describe("CP437 table", () => {
  it("maps all 128 high bytes to one character each", () => {
    expect(CP437_HIGH).toHaveLength(128);
    expect(CP437_HIGH[0x82 - 0x80]).toBe("é");
    expect(CP437_HIGH[0xe1 - 0x80]).toBe("ß");
  });
});

describe("tarballFromFiles", () => {
  it("writes pasted files with their folders, as strings or bytes", async () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0, 255);
    const tarball = await tarballFromFiles([
      { path: "index.html", content: "<h1>hi</h1>" },
      { path: "src/app/main.ts", content: "export {};" },
      { path: "./img/logo.png", content: png },
    ]);
    const entries = await readTarGz(tarball);
    expect(entries.map((e) => [e.type, e.path])).toEqual([
      ["5", "img/"],
      ["0", "img/logo.png"],
      ["0", "index.html"],
      ["5", "src/"],
      ["5", "src/app/"],
      ["0", "src/app/main.ts"],
    ]);
    expect(entries.find((e) => e.path === "img/logo.png")!.bytes).toEqual(png);
    expect((await filesWithOwnReader(tarball)).files["src/app/main.ts"]).toBe("export {};");
  });

  it("throws for unsafe or clashing paths (a caller's bug, not user input)", async () => {
    await expect(tarballFromFiles([{ path: "../x", content: "" }])).rejects.toThrow(RangeError);
    await expect(tarballFromFiles([{ path: "/x", content: "" }])).rejects.toThrow(RangeError);
    await expect(
      tarballFromFiles([
        { path: "a", content: "" },
        { path: "./a", content: "" },
      ]),
    ).rejects.toThrow(RangeError);
    await expect(
      tarballFromFiles([
        { path: "a", content: "" },
        { path: "a/b", content: "" },
      ]),
    ).rejects.toThrow(RangeError);
  });

  it("writes names of exactly 100, 101 and 256+ bytes, and multi-byte names at the boundaries", async () => {
    const paths = [
      "x".repeat(100),
      "y".repeat(101),
      `${"p".repeat(155)}/${"n".repeat(100)}`, // the largest ustar prefix + name
      `${"q".repeat(156)}/n.txt`, // prefix one byte too long: a pax path record
      `${"é".repeat(60)}/${"ü".repeat(49)}.txt`, // 120 + 1 + 102 bytes
      `dir/${"z".repeat(99)}`, // name part of 99 after "dir/"
      "🚀".repeat(30), // 120 bytes in one segment: no split possible
    ];
    const tarball = await tarballFromFiles(paths.map((path, i) => ({ path, content: String(i) })));
    const expected = Object.fromEntries(paths.map((path, i) => [path, String(i)]));
    expect(await filesIn(tarball)).toEqual(expected);
    expect((await filesWithOwnReader(tarball)).files).toEqual(expected);
    if (hasGnuTar) {
      // And by a reader that is not the library that wrote it.
      const listing = execFileSync("tar", ["-tzf", "-"], { input: tarball, encoding: "utf8" }).trim().split("\n");
      expect(listing.filter((line) => !line.endsWith("/")).sort()).toEqual([...paths].sort());
      for (const [i, path] of paths.entries()) {
        expect(execFileSync("tar", ["-xzOf", "-", path], { input: tarball, encoding: "utf8" })).toBe(String(i));
      }
    }
  });

  it.skipIf(!hasGnuTar)("is read identically by GNU tar", async () => {
    const paths = ["index.html", `${"a".repeat(90)}/${"b".repeat(90)}/c.txt`, `${"l".repeat(300)}.txt`, "ünï/cödé.js"];
    const tarball = await tarballFromFiles(paths.map((path) => ({ path, content: path })));
    const listing = execFileSync("tar", ["-tzf", "-"], { input: tarball, encoding: "utf8" }).trim().split("\n");
    expect(listing.filter((line) => !line.endsWith("/")).sort()).toEqual([...paths].sort());
    const folders = listing.filter((line) => line.endsWith("/"));
    expect(folders).toEqual(["a".repeat(90) + "/", `${"a".repeat(90)}/${"b".repeat(90)}/`, "ünï/"]);
  });
});
