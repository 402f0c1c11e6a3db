import { describe, expect, it } from "vitest";
import { prepareUpload, uploadKindFor } from "../../../server/uploads";
import { bytes, gzip, readTarGz } from "../../support/archives";
import { expectOk } from "./read-back";

const upload = (name: string, data: Uint8Array) => prepareUpload({ name, bytes: data });

describe("single-file uploads", () => {
  it("serves a lone index.html at the root", async () => {
    const result = expectOk(await upload("index.html", bytes("<h1>home</h1>")));
    expect(result).toMatchObject({ fileCount: 1, expandedBytes: 13, topLevelNames: ["index.html"] });
    expect((await readTarGz(result.tarball)).map((e) => [e.type, e.path, e.content])).toEqual([
      ["0", "index.html", "<h1>home</h1>"],
    ]);
  });

  it.each(["page.html", "Landing Page.HTM", "C:\\Users\\me\\Desktop\\about.html", "folder/other.htm"])(
    "turns the single page %s into index.html",
    async (name) => {
      const result = expectOk(await upload(name, bytes("<p>page</p>")));
      expect(result.topLevelNames).toEqual(["index.html"]);
      expect((await readTarGz(result.tarball)).map((e) => e.path)).toEqual(["index.html"]);
    },
  );

  it.each(["app.py", "main.go", "style.css", "logo.PNG", "data.json", "notes.md", "server.mjs", "café.txt"])(
    "keeps the name of %s",
    async (name) => {
      const result = expectOk(await upload(name, bytes("content")));
      expect((await readTarGz(result.tarball)).map((e) => [e.path, e.content])).toEqual([[name, "content"]]);
    },
  );

  it.each(["setup.exe", "site.rar", "site.7z", "installer.dmg", "brochure.pdf", "README", "archive.tar", "report.docx"])(
    "refuses %s as unsupported",
    async (name) => {
      // A .docx is a zip inside; it is refused by name rather than unpacked as a "site".
      const data = name.endsWith(".docx") ? Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0) : bytes("MZ binary stuff");
      expect(await upload(name, data)).toEqual({ ok: false, problem: "unsupported_type" });
    },
  );

  it("treats gzip or zip magic under a plain-file name as an archive, and a broken one as corrupt", async () => {
    expect(await upload("index.html", gzip(bytes("<h1>not a tar</h1>")))).toEqual({ ok: false, problem: "corrupt_archive" });
    expect(await upload("index.html", Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3))).toEqual({
      ok: false,
      problem: "corrupt_archive",
    });
  });

  it("reports empty and too large uploads", async () => {
    expect(await upload("index.html", new Uint8Array(0))).toEqual({ ok: false, problem: "empty" });
    const limits = { maxUploadBytes: 100, maxExpandedBytes: 1000, maxEntries: 10, maxFileBytes: 50 };
    expect(await prepareUpload({ name: "index.html", bytes: new Uint8Array(101) }, limits)).toEqual({
      ok: false,
      problem: "too_large",
    });
    expect(await prepareUpload({ name: "index.html", bytes: new Uint8Array(60) }, limits)).toEqual({
      ok: false,
      problem: "too_large_expanded",
    });
    expect(await prepareUpload({ name: "site.zip", bytes: new Uint8Array(101) }, limits)).toEqual({
      ok: false,
      problem: "too_large",
    });
  });
});

describe("uploadKindFor", () => {
  const none = new Uint8Array(0);
  it.each([
    ["site.tar.gz", none, "tar.gz"],
    ["SITE.TGZ", none, "tar.gz"],
    ["site.zip", none, "zip"],
    ["index.html", none, "file"],
    ["photo.jpeg", none, "file"],
    ["site.rar", none, null],
    ["Makefile", none, null],
    [".htaccess", none, null],
    ["site.zip", Uint8Array.of(0x1f, 0x8b, 8, 0), "tar.gz"],
    ["site.tar.gz", Uint8Array.of(0x50, 0x4b, 3, 4), "zip"],
    ["whatever.bin", Uint8Array.of(0x50, 0x4b, 5, 6), "zip"],
    ["index.html", Uint8Array.of(0x1f, 0x8b), "tar.gz"],
    ["report.xlsx", Uint8Array.of(0x50, 0x4b, 3, 4), null],
    ["spanned.zip", Uint8Array.of(0x50, 0x4b, 7, 8), "zip"],
  ] as const)("%s with %o is %s", (name, first, kind) => {
    expect(uploadKindFor(name, first)).toBe(kind);
  });
});
