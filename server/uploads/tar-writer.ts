import { createTarPacker } from "modern-tar";
import type { TarEntry } from "./tree-layout";
import type { Bytes } from "./upload-types";

/**
 * Writes a gzip-compressed tar of already-validated entries with modern-tar, compressed
 * by the platform's CompressionStream (compressing has no bomb to fear). Headers are
 * ustar with fixed owner, mode and mtime, so the same files always give the same tar;
 * paths over 100 bytes use the ustar prefix field when they split, else a pax `path`
 * record. Go's archive/tar (OpenBerth), GNU tar and bsdtar read both.
 */
const EPOCH = new Date(0);
/** Small records are gathered into writes of this size; per-write overhead dominates otherwise. */
const BATCH_BYTES = 64 * 1024;

export async function gzipTar(entries: readonly TarEntry[]): Promise<Bytes> {
  const { readable, controller } = createTarPacker();
  const tarball = collect(readable.pipeThrough(batches()).pipeThrough(new CompressionStream("gzip")));
  try {
    for (const entry of entries) {
      const isDir = entry.type === "dir";
      const body = controller
        .add({
          name: isDir ? `${entry.path}/` : entry.path,
          type: isDir ? "directory" : "file",
          size: isDir ? 0 : entry.content.length,
          mode: isDir ? 0o755 : 0o644,
          mtime: EPOCH,
          uid: 0,
          gid: 0,
        })
        .getWriter();
      if (!isDir && entry.content.length > 0) await body.write(entry.content);
      await body.close();
    }
    controller.finalize();
  } catch (error) {
    controller.error(error);
    await tarball.catch(() => {});
    throw error;
  }
  return tarball;
}

/** Gathers the packer's 512-byte headers and small files; large contents go straight through. */
function batches(): TransformStream<Bytes, BufferSource> {
  let batch = new Uint8Array(BATCH_BYTES);
  let used = 0;
  const flush = (controller: TransformStreamDefaultController<BufferSource>) => {
    if (used === 0) return;
    controller.enqueue(batch.subarray(0, used));
    // A fresh buffer each time: the compressor may still be reading the one just sent.
    batch = new Uint8Array(BATCH_BYTES);
    used = 0;
  };
  return new TransformStream({
    transform(chunk, controller) {
      if (used + chunk.length > BATCH_BYTES) flush(controller);
      if (chunk.length >= BATCH_BYTES) return controller.enqueue(chunk);
      batch.set(chunk, used);
      used += chunk.length;
    },
    flush,
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Bytes> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
