import type { UploadKind } from "./upload-types";

/**
 * Which reader an upload needs. The bytes decide first: people rename archives, and
 * browsers report whatever name the file had. The name only decides for files without
 * a recognised signature.
 */

/** Plain files OpenBerth can serve or build as a one-file deployment. */
const SINGLE_FILE_EXTENSIONS = new Set([
  ...[".html", ".htm", ".css", ".js", ".mjs", ".json", ".txt", ".md", ".svg", ".xml", ".csv"],
  ...[".py", ".go", ".ts", ".tsx", ".jsx"],
  ...[".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico"],
]);

/**
 * Documents and packages that are zips inside. Unpacking one would deploy its XML or
 * class files as a "site"; refusing says what actually went wrong.
 */
const ZIP_BASED_FORMATS = new Set([
  ...[".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"],
  ...[".jar", ".war", ".apk", ".ipa", ".xpi", ".whl", ".nupkg", ".vsix"],
]);

export function uploadKindFor(name: string, firstBytes: Uint8Array): UploadKind | null {
  const lower = baseName(name).toLowerCase();
  const [b0, b1, b2, b3] = firstBytes;
  if (b0 === 0x1f && b1 === 0x8b) return "tar.gz";
  // Local file header, or the end record alone (an empty zip).
  if (b0 === 0x50 && b1 === 0x4b && ((b2 === 0x03 && b3 === 0x04) || (b2 === 0x05 && b3 === 0x06))) {
    return ZIP_BASED_FORMATS.has(extensionOf(lower)) ? null : "zip";
  }
  // Named as an archive but without its signature: let the reader call it corrupt.
  if (lower.endsWith(".tar.gz") || lower.endsWith(".tgz")) return "tar.gz";
  if (lower.endsWith(".zip")) return "zip";
  return SINGLE_FILE_EXTENSIONS.has(extensionOf(lower)) ? "file" : null;
}

/** A single HTML page becomes the site's `index.html`, so it is served at `/`. */
export function singleFilePath(name: string): string {
  const base = baseName(name);
  const extension = extensionOf(base.toLowerCase());
  return extension === ".html" || extension === ".htm" ? "index.html" : base;
}

/** Browsers send a bare name, but older ones (and other clients) may send a full path. */
function baseName(name: string): string {
  return name.split(/[\\/]/).at(-1) ?? "";
}

function extensionOf(lowerName: string): string {
  const dot = lowerName.lastIndexOf(".");
  return dot > 0 ? lowerName.slice(dot) : "";
}
