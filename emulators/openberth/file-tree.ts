/**
 * A deployment's source tree, kept in memory: relative POSIX path → bytes. Directories are
 * implied by the paths of the files under them (a real server keeps them on disk under
 * `deploys/<id>/`).
 */

export type FileTree = Map<string, Buffer>;

/**
 * Where `rel` lands inside the tree, the way `filepath.Join(root, filepath.Clean(rel))` does,
 * or null when it would escape the root. `""` is the root itself.
 */
export function resolveInTree(rel: string): string | null {
  const out: string[] = [];
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join("/");
}

/** Whether `dir` ("" = root) holds any file. */
export function isDirectory(tree: FileTree, dir: string): boolean {
  if (dir === "") return true;
  const prefix = `${dir}/`;
  for (const path of tree.keys()) if (path.startsWith(prefix)) return true;
  return false;
}

/** The names directly inside `dir`, sorted bytewise (the C locale). */
export function listDirectory(tree: FileTree, dir: string): string[] {
  const prefix = dir === "" ? "" : `${dir}/`;
  const names = new Set<string>();
  for (const path of tree.keys()) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const name = rest.split("/")[0];
    if (name) names.add(name);
  }
  return [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Paths in the order filepath.Walk visits them (lexical per directory). */
export function walkOrder(paths: Iterable<string>): string[] {
  return [...paths].sort((a, b) => {
    const as = a.split("/");
    const bs = b.split("/");
    for (let i = 0; i < Math.min(as.length, bs.length); i++) {
      const c = Buffer.compare(Buffer.from(as[i] ?? ""), Buffer.from(bs[i] ?? ""));
      if (c !== 0) return c;
    }
    return as.length - bs.length;
  });
}

/** The `.openberth*` internals upstream keeps next to the code and never hands out. */
export function isInternalPath(path: string): boolean {
  return path.startsWith(".openberth");
}

export function treeBytes(tree: FileTree): number {
  let total = 0;
  for (const data of tree.values()) total += data.length;
  return total;
}
