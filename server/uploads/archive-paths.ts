/**
 * Archive entry names come from whoever built the archive. Before a name can reach
 * OpenBerth's extractor it must be relative, stay inside the deployment, and be plain.
 */

/** Control characters (incl. NUL and DEL) have no business in a file name; they hide things in logs and listings. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
/** `C:` or `C:\…`: absolute on Windows, and `:` would make a strange name on Linux anyway. */
const DRIVE_LETTER = /^[A-Za-z]:/;

/**
 * The clean, relative, `/`-separated form of an entry name, or null when the entry must
 * be dropped: absolute, climbing out with `..`, control characters, or nothing left
 * (like `./`). Backslashes count as separators, because Windows tools write them.
 */
export function normaliseArchivePath(raw: string): string | null {
  const slashed = raw.replaceAll("\\", "/");
  if (slashed.startsWith("/") || DRIVE_LETTER.test(slashed) || CONTROL_CHARACTER.test(slashed)) return null;
  const segments: string[] = [];
  for (const segment of slashed.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") return null;
    segments.push(segment);
  }
  return segments.length > 0 ? segments.join("/") : null;
}

/** macOS leaves resource forks under `__MACOSX/` and Finder state in `.DS_Store`; neither belongs in a site. */
export function isJunkPath(path: string): boolean {
  const segments = path.split("/");
  return segments.includes("__MACOSX") || segments.at(-1) === ".DS_Store";
}

/** The path to keep for an archive entry, or null to drop it. */
export function keptArchivePath(raw: string): string | null {
  const path = normaliseArchivePath(raw);
  return path === null || isJunkPath(path) ? null : path;
}
