/**
 * `service.ExtractTarball`: gunzip + untar an upload into a tree. Regular files and
 * directories only (symlinks, hard links and devices are skipped), paths that would leave
 * the tree are dropped, at most 50 000 entries. Error texts follow the Go code:
 * `gzip: <err>` for a bad gzip header, `tar: <err>` for header errors, the bare io error
 * when a file's data is cut short.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { type FileTree, isInternalPath, resolveInTree, walkOrder } from "./file-tree.ts";
import { readTar, TarError, writeTar } from "./tar.ts";

const MAX_ENTRIES = 50_000;

export class ExtractError extends Error {}

/** Extracts `upload` over `tree` (existing files stay unless overwritten). Throws ExtractError. */
export function extractTarball(upload: Buffer, tree: FileTree): void {
  const tar = gunzip(upload);
  let entries;
  try {
    entries = readTar(tar);
  } catch (error) {
    if (error instanceof TarError) throw new ExtractError(error.inHeader ? `tar: ${error.message}` : error.message);
    throw error;
  }
  let count = 0;
  for (const entry of entries) {
    count++;
    if (count > MAX_ENTRIES) throw new ExtractError(`tar: archive exceeds entry cap (${count} > ${MAX_ENTRIES})`);
    if (entry.type !== "file") continue; // directories are implied; links and devices are skipped
    const path = resolveInTree(entry.name);
    if (path === null || path === "") continue;
    tree.set(path, entry.data);
  }
}

function gunzip(upload: Buffer): Buffer {
  if (upload.length === 0) throw new ExtractError("gzip: EOF");
  if (upload.length < 10) throw new ExtractError("gzip: unexpected EOF");
  if (upload[0] !== 0x1f || upload[1] !== 0x8b || upload[2] !== 8) throw new ExtractError("gzip: gzip: invalid header");
  try {
    return gunzipSync(upload);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "Z_BUF_ERROR") throw new ExtractError("tar: unexpected EOF");
    throw new ExtractError("tar: flate: corrupt input before offset 0");
  }
}

/** The tree as a .tar.gz, `.openberth*` internals left out (source download, persistence). */
export function packTree(tree: FileTree, mtimeMs: number, includeInternal = false): Buffer {
  const paths = walkOrder(tree.keys()).filter((p) => includeInternal || !isInternalPath(p));
  return gzipSync(writeTar(paths.map((path) => ({ path, data: tree.get(path) ?? Buffer.alloc(0), mtimeMs }))));
}

/** Reads back a tree written by packTree. */
export function unpackTree(archive: Buffer): FileTree {
  const tree: FileTree = new Map();
  extractTarball(archive, tree);
  return tree;
}
