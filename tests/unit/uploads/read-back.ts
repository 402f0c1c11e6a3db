/** Reading a prepared tarball back with the module's own reader, and narrowing results. */
import { expect } from "vitest";
import { FileTree } from "../../../server/uploads/file-tree";
import { readTarGz } from "../../../server/uploads/tar-reader";
import { DEFAULT_UPLOAD_LIMITS, type PreparedUpload } from "../../../server/uploads/upload-types";

const dec = new TextDecoder();

export async function filesWithOwnReader(
  tarball: Uint8Array<ArrayBuffer>,
): Promise<{ files: Record<string, string>; dirs: string[] }> {
  const tree = new FileTree(DEFAULT_UPLOAD_LIMITS);
  await readTarGz(tarball, tree);
  return {
    files: Object.fromEntries([...tree.files].map(([path, content]) => [path, dec.decode(content)])),
    dirs: [...tree.dirs].sort(),
  };
}

export function expectOk(result: PreparedUpload): Extract<PreparedUpload, { ok: true }> {
  if (!result.ok) expect.fail(`expected ok, got problem ${result.problem}`);
  return result;
}
