import { normaliseArchivePath } from "./archive-paths";
import { gzipTar } from "./tar-writer";
import { layoutTree } from "./tree-layout";
import type { Bytes } from "./upload-types";

const encoder = new TextEncoder();

/**
 * A tarball from files Harbor already holds: pasted code, or one uploaded file.
 * Paths are normalised like archive entries; callers pass trusted-shape input, so an
 * unsafe path (absolute, `..`) or a clash (`a` and `a/b`, or `a` twice) is a bug in the
 * caller and throws rather than being silently dropped.
 */
export async function tarballFromFiles(files: { path: string; content: Uint8Array | string }[]): Promise<Bytes> {
  const byPath = new Map<string, Bytes>();
  for (const { path, content } of files) {
    const clean = normaliseArchivePath(path);
    if (clean === null) throw new RangeError(`unsafe file path: ${JSON.stringify(path)}`);
    if (byPath.has(clean)) throw new RangeError(`file path given twice: ${JSON.stringify(clean)}`);
    byPath.set(clean, typeof content === "string" ? encoder.encode(content) : new Uint8Array(content));
  }
  const entries = layoutTree({ files: byPath, dirs: new Set() });
  if (entries === null) throw new RangeError("a file path is also used as a folder");
  return gzipTar(entries);
}
