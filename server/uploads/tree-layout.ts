import type { Bytes } from "./upload-types";

export interface TarEntry {
  path: string;
  type: "file" | "dir";
  /** Empty for directories. */
  content: Bytes;
}

export interface FileSet {
  files: Map<string, Bytes>;
  dirs: Set<string>;
}

/**
 * "Compress folder" gives `my-site/index.html`, but OpenBerth detects the framework
 * from the root, so when everything sits in one top folder that folder is removed.
 * Only one level: `src/` inside it may be the project's real layout.
 */
export function stripSingleTopFolder({ files, dirs }: FileSet): FileSet {
  let top: string | null = null;
  for (const path of files.keys()) {
    const slash = path.indexOf("/");
    if (slash < 0) return { files, dirs };
    const first = path.slice(0, slash);
    if (top !== null && first !== top) return { files, dirs };
    top = first;
  }
  if (top === null) return { files, dirs };
  const prefix = `${top}/`;
  // An (empty) folder beside the top folder means it was not a lone wrapper after all.
  for (const dir of dirs) if (dir !== top && !dir.startsWith(prefix)) return { files, dirs };

  const strippedFiles = new Map<string, Bytes>();
  for (const [path, content] of files) strippedFiles.set(path.slice(prefix.length), content);
  const strippedDirs = new Set<string>();
  for (const dir of dirs) if (dir !== top) strippedDirs.add(dir.slice(prefix.length));
  return { files: strippedFiles, dirs: strippedDirs };
}

/**
 * The tar entries for a set of files: every parent folder gets its own entry, and
 * everything is sorted so each folder comes before what it holds and the same upload
 * always gives the same tarball. Null when a path is both a file and a folder
 * (`a` and `a/b`), which no extractor can honour.
 */
export function layoutTree({ files, dirs }: FileSet): TarEntry[] | null {
  const allDirs = new Set<string>();
  const addWithParents = (path: string) => {
    for (let slash = path.indexOf("/"); slash >= 0; slash = path.indexOf("/", slash + 1)) allDirs.add(path.slice(0, slash));
  };
  for (const dir of dirs) {
    allDirs.add(dir);
    addWithParents(dir);
  }
  for (const path of files.keys()) addWithParents(path);
  for (const dir of allDirs) if (files.has(dir)) return null;

  const empty = new Uint8Array(0);
  const keyed: [string, TarEntry][] = [];
  for (const dir of allDirs) keyed.push([`${dir}/`, { path: dir, type: "dir", content: empty }]);
  for (const [path, content] of files) keyed.push([path, { path, type: "file", content }]);
  // Plain code-unit order: a folder's `name/` is a prefix of its children's paths, so it sorts first.
  keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return keyed.map(([, entry]) => entry);
}

/** The distinct names at the root of a laid-out tree, sorted. */
export function topLevelNames(entries: readonly TarEntry[]): string[] {
  const names = new Set(entries.map((entry) => entry.path.split("/", 1)[0]!));
  return [...names].sort();
}
