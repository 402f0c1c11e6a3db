import type { TarEntry } from "./tree-layout";
import type { Bytes } from "./upload-types";

/**
 * Writes a gzip-compressed tar of already-validated entries. Headers are ustar with
 * fixed owner, mode and mtime, so the same files always give the same tar. Paths over
 * 100 bytes use the ustar prefix field when they split cleanly, else a GNU 'L' record;
 * Go's archive/tar (OpenBerth), GNU tar and bsdtar read both.
 */
const BLOCK = 512;
/** Small records are gathered into writes of this size; per-write overhead dominates otherwise. */
const BATCH_BYTES = 64 * 1024;

const encoder = new TextEncoder();

export async function gzipTar(entries: readonly TarEntry[]): Promise<Bytes> {
  const gzip = new CompressionStream("gzip");
  const [, tarball] = await Promise.all([writeTar(entries, gzip.writable.getWriter()), collect(gzip.readable)]);
  return tarball;
}

async function writeTar(entries: readonly TarEntry[], writer: WritableStreamDefaultWriter<Bytes>): Promise<void> {
  const batch = new Batcher(writer);
  for (const entry of entries) {
    const name = encoder.encode(entry.type === "dir" ? `${entry.path}/` : entry.path);
    const size = entry.type === "file" ? entry.content.length : 0;
    for (const record of headerRecords(name, size, entry.type)) await batch.add(record);
    if (size > 0) {
      await batch.add(entry.content);
      await batch.add(new Uint8Array(padding(size)));
    }
  }
  // End of archive: two zero blocks.
  await batch.add(new Uint8Array(2 * BLOCK));
  await batch.flush();
  await writer.close();
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<Bytes> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    chunks.push(r.value);
    length += r.value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The header block(s) for one entry: one ustar header, or a GNU long-name record and a header. */
function headerRecords(name: Bytes, size: number, type: TarEntry["type"]): Bytes[] {
  const typeflag = type === "dir" ? "5" : "0";
  const mode = type === "dir" ? 0o755 : 0o644;
  if (name.length <= 100) return [header({ name, size, typeflag, mode, format: "ustar" })];
  const split = ustarSplit(name);
  if (split) return [header({ name: split.name, prefix: split.prefix, size, typeflag, mode, format: "ustar" })];
  const longName = new Uint8Array(name.length + 1 + padding(name.length + 1)); // NUL-terminated, block-padded
  longName.set(name);
  return [
    header({ name: encoder.encode("././@LongLink"), size: name.length + 1, typeflag: "L", mode: 0, format: "gnu" }),
    longName,
    header({ name: name.subarray(0, 100), size, typeflag, mode, format: "gnu" }),
  ];
}

/** Splits at a `/` so that prefix ≤ 155 and name ≤ 100 bytes (ustar rules), if such a `/` exists. */
function ustarSplit(name: Bytes): { prefix: Bytes; name: Bytes } | null {
  // `/` (0x2f) never occurs inside a multi-byte UTF-8 sequence, so byte-wise search is safe.
  // Last candidate is name.length - 2: a directory's trailing `/` cannot be the split point.
  for (let i = Math.min(155, name.length - 2); i > 0; i--) {
    if (name[i] !== 0x2f) continue;
    if (name.length - i - 1 > 100) return null; // earlier slashes only leave a longer name
    return { prefix: name.subarray(0, i), name: name.subarray(i + 1) };
  }
  return null;
}

interface HeaderFields {
  name: Bytes;
  prefix?: Bytes;
  size: number;
  typeflag: string;
  mode: number;
  /** ustar ("ustar\0" "00") for ordinary entries; GNU ("ustar  \0") around a long-name record, as GNU tar writes it. */
  format: "ustar" | "gnu";
}

function header({ name, prefix, size, typeflag, mode, format }: HeaderFields): Bytes {
  const block = new Uint8Array(BLOCK);
  const ascii = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  const octal = (offset: number, width: number, value: number) =>
    ascii(offset, `${value.toString(8).padStart(width - 1, "0")}\0`);
  block.set(name, 0);
  octal(100, 8, mode);
  octal(108, 8, 0); // uid
  octal(116, 8, 0); // gid
  octal(124, 12, size);
  octal(136, 12, 0); // mtime: fixed, for reproducible tarballs
  ascii(148, "        "); // checksum counts its own field as spaces
  ascii(156, typeflag);
  ascii(257, format === "ustar" ? "ustar\u000000" : "ustar  \u0000");
  if (format === "ustar") {
    octal(329, 8, 0); // devmajor
    octal(337, 8, 0); // devminor
  }
  if (prefix) block.set(prefix, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  ascii(148, `${sum.toString(8).padStart(6, "0")}\0 `);
  return block;
}

/** Gathers small writes; large contents go straight through. */
class Batcher {
  private buffer = new Uint8Array(BATCH_BYTES);
  private used = 0;

  constructor(private readonly writer: WritableStreamDefaultWriter<Bytes>) {}

  async add(bytes: Bytes): Promise<void> {
    if (bytes.length === 0) return;
    if (this.used + bytes.length > BATCH_BYTES) await this.flush();
    if (bytes.length >= BATCH_BYTES) {
      await this.writer.write(bytes);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    const full = this.buffer.subarray(0, this.used);
    // A fresh buffer each time: the compressor may still be reading the one just written.
    this.buffer = new Uint8Array(BATCH_BYTES);
    this.used = 0;
    await this.writer.write(full);
  }
}
