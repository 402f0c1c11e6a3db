/**
 * Archive entry names come from whoever built the archive. Before a name can reach
 * OpenBerth's extractor it must be relative, stay inside the deployment, and be plain.
 */

/**
 * Control characters (incl. NUL and DEL) and invisible direction overrides (which make
 * "evil\u202Egnp.exe" read as "evilexe.png") have no business in a file name.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
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

/** Why an entry of an archive was not put online (the person is told, never left guessing). */
export type LeftOutReason = "unsafe_name" | "link_or_special" | "mac_extras";

/** The path to keep for an archive entry, or why it is left out. */
export function archiveEntryPath(raw: string): { path: string } | { leftOut: LeftOutReason } {
  const path = normaliseArchivePath(raw);
  if (path === null) return { leftOut: "unsafe_name" };
  return isJunkPath(path) ? { leftOut: "mac_extras" } : { path };
}

/** The path to keep for an archive entry, or null to drop it. */
export function keptArchivePath(raw: string): string | null {
  const entry = archiveEntryPath(raw);
  return "path" in entry ? entry.path : null;
}
