import { createTarDecoder, type ParsedTarEntry } from "modern-tar";
import { archiveEntryPath } from "./archive-paths";
import { gunzipChunks } from "./decompress";
import type { FileTree } from "./file-tree";
import { UploadError, type Bytes } from "./upload-types";

/**
 * Reads a tar.gz into a FileTree: fflate inflates, modern-tar reads the tar (ustar with
 * its prefix, GNU long names, pax headers; checksums checked, truncation refused), and
 * the rules here decide what is kept. Regular files and directories only; links,
 * devices and FIFOs are dropped, as are entries whose path is unsafe (archive-paths).
 *
 * The tar streams from the inflater to the reader, so it is never held whole, and
 * inflating stops once it passes what the limits allow (contents plus header overhead):
 * a gzip bomb costs at most that much work. The exact limits are applied per entry,
 * from its header, before its data is read.
 */
const BLOCK = 512;
/** tar pads to 10 KiB records, and some tools add more; beyond this it is not padding. */
const MAX_TRAILING_BYTES = 1024 * 1024;
/**
 * Appended to the inflated tar. Many tools end a tar without its two zero blocks, which
 * a strict reader calls truncated; with these the archive always ends. They cannot hide
 * a cut-short entry: whatever it is missing comes out of the 1 KiB, and what is left is
 * too little for the end blocks, so the reader still says truncated.
 */
const END_OF_ARCHIVE = new Uint8Array(2 * BLOCK);

export async function readTarGz(compressed: Uint8Array, tree: FileTree): Promise<void> {
  // Each record costs a header block and up to a block of padding on top of its data.
  const tarLimit = tree.limits.maxExpandedBytes + tree.maxRecords() * 2 * BLOCK + MAX_TRAILING_BYTES;
  const chunks = gunzipChunks(compressed, tarLimit);
  let ended = false;
  const tar = new ReadableStream<Uint8Array>(
    {
      // Pulled as the reader needs more: inflating waits for reading.
      pull(controller) {
        if (ended) return controller.close();
        const next = chunks.next(); // throws UploadError for a bomb or a bad gzip: the read fails with it
        if (next.done) {
          ended = true;
          controller.enqueue(END_OF_ARCHIVE);
        } else {
          controller.enqueue(next.value);
        }
      },
      cancel() {
        chunks.return();
      },
    },
    { highWaterMark: 0 },
  );
  await readTar(tar, tree);
}

async function readTar(tar: ReadableStream<Uint8Array>, tree: FileTree): Promise<void> {
  const entries = tar.pipeThrough(createTarDecoder({ strict: true })).getReader();
  try {
    for (let next = await fromTar(entries.read()); !next.done; next = await fromTar(entries.read())) {
      await keep(next.value, tree);
    }
  } catch (error) {
    await entries.cancel(error).catch(() => {});
    throw error;
  }
}

async function keep({ header, body }: ParsedTarEntry, tree: FileTree): Promise<void> {
  tree.countRecord();
  // GNU sparse files: the data is not the file's bytes.
  if (Object.keys(header.pax ?? {}).some((key) => key.startsWith("GNU.sparse."))) throw corrupt();
  const entry = archiveEntryPath(header.name);
  const path = "path" in entry ? entry.path : null;
  // modern-tar reads a trailing slash on a regular-file header (old tars) as a directory.
  if (path !== null && header.type === "directory") {
    tree.addDir(path);
    await body.cancel();
  } else if (path !== null && (header.type ?? "file") === "file") {
    tree.spend(header.size, "kept");
    tree.addFile(path, await readBody(body, header.size));
  } else {
    // Links, devices, FIFOs, unsafe or junk paths: their data still counts, then is skipped.
    tree.spend(header.size, "skipped");
    if (!header.name.endsWith("/")) tree.leaveOut(header.name, "leftOut" in entry ? entry.leftOut : "link_or_special");
    await body.cancel();
  }
}

async function readBody(body: ReadableStream<Uint8Array>, size: number): Promise<Bytes> {
  const content = new Uint8Array(size);
  const reader = body.getReader();
  let at = 0;
  for (let chunk = await fromTar(reader.read()); !chunk.done; chunk = await fromTar(reader.read())) {
    if (at + chunk.value.length > size) throw corrupt();
    content.set(chunk.value, at);
    at += chunk.value.length;
  }
  if (at !== size) throw corrupt();
  return content;
}

/**
 * What the tar reader rejects with: our own refusal when inflating failed (it travels
 * down the stream), else modern-tar's word for a malformed archive (a plain Error),
 * which is `corrupt_archive`. Anything else is a bug and passes through.
 */
function fromTar<T>(read: Promise<T>): Promise<T> {
  return read.catch((error: unknown) => {
    throw error instanceof UploadError || !(error instanceof Error) || error.constructor !== Error ? error : corrupt();
  });
}

function corrupt(): UploadError {
  return new UploadError("corrupt_archive");
}
