import { normaliseArchivePath } from "./archive-paths";
import { FileTree } from "./file-tree";
import { readTarGz } from "./tar-reader";
import { gzipTar } from "./tar-writer";
import { tarballFromFiles } from "./tarball-from-files";
import { layoutTree, stripSingleTopFolder, topLevelNames } from "./tree-layout";
import { singleFilePath, uploadKindFor } from "./upload-kind";
import { DEFAULT_UPLOAD_LIMITS, UploadError, type Bytes, type PreparedUpload, type UploadLimits } from "./upload-types";
import { readZip } from "./zip-reader";

/**
 * Turns what a person uploaded into the gzip tarball OpenBerth accepts. Archives are
 * unpacked, checked and written out afresh, never passed through, so what reaches
 * OpenBerth is exactly what was validated here. Bad input gives `{ ok: false, problem }`.
 */
export async function prepareUpload(
  file: { name: string; bytes: Uint8Array },
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
): Promise<PreparedUpload> {
  try {
    return await prepare(file.name, ownBytes(file.bytes), limits);
  } catch (error) {
    if (error instanceof UploadError) return { ok: false, problem: error.problem };
    throw error;
  }
}

async function prepare(name: string, bytes: Bytes, limits: UploadLimits): Promise<PreparedUpload> {
  if (bytes.length === 0) throw new UploadError("empty");
  if (bytes.length > limits.maxUploadBytes) throw new UploadError("too_large");
  const kind = uploadKindFor(name, bytes.subarray(0, 4));
  if (kind === null) throw new UploadError("unsupported_type");

  if (kind === "file") {
    if (bytes.length > limits.maxFileBytes) throw new UploadError("too_large_expanded");
    const path = singleFilePath(name);
    // The name is the person's own file name; one that cannot be a file name is not a file we take.
    if (normaliseArchivePath(path) !== path) throw new UploadError("unsupported_type");
    const tarball = await tarballFromFiles([{ path, content: bytes }]);
    return { ok: true, tarball, fileCount: 1, expandedBytes: bytes.length, topLevelNames: [path], leftOut: [], leftOutCount: 0 };
  }

  const tree = new FileTree(limits);
  if (kind === "zip") readZip(bytes, tree);
  else await readTarGz(bytes, tree);
  if (tree.files.size === 0) throw new UploadError("no_files");

  const { files, dirs } = stripSingleTopFolder(tree);
  const entries = layoutTree({ files, dirs });
  if (entries === null) throw new UploadError("corrupt_archive");
  let expandedBytes = 0;
  for (const content of files.values()) expandedBytes += content.length;
  const tarball = await gzipTar(entries);
  return {
    ok: true,
    tarball,
    fileCount: files.size,
    expandedBytes,
    topLevelNames: topLevelNames(entries),
    leftOut: tree.leftOut,
    leftOutCount: tree.leftOutCount,
  };
}

/** Views over a SharedArrayBuffer cannot be handed to CompressionStream; copy those (rare) ones. */
function ownBytes(bytes: Uint8Array): Bytes {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Bytes) : new Uint8Array(bytes);
}
