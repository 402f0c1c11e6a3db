/**
 * A small tar reader and writer (no dependency): enough to unpack what the `berth` CLI and
 * Go's archive/tar produce, and to pack source downloads and persisted trees.
 *
 * Reader: ustar (with the 155-byte prefix), GNU long names (`L`) and long links (`K`),
 * pax extended headers (`x`: `path`, `linkpath`, `size`), global pax headers (`g`, returned
 * as entries the way Go returns them), base-256 sizes, the header checksum. Errors carry
 * the text Go's reader gives (`archive/tar: invalid tar header`, `unexpected EOF`).
 */

export type TarEntryType = "file" | "dir" | "other";

export interface TarEntry {
  name: string;
  type: TarEntryType;
  /** The raw typeflag, for callers that care (symlinks, devices, …). */
  typeflag: string;
  mode: number;
  data: Buffer;
}

export class TarError extends Error {
  /** Whether Go reports this from tar.Reader.Next (so ExtractTarball prefixes "tar: "). */
  inHeader: boolean;
  constructor(message: string, inHeader: boolean) {
    super(message);
    this.inHeader = inHeader;
  }
}

const BLOCK = 512;

export function readTar(buf: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let longName: string | null = null;
  let paxPath: string | null = null;
  let paxSize: number | null = null;

  for (;;) {
    if (offset >= buf.length) return entries; // io.EOF at a block boundary ends the archive
    if (offset + BLOCK > buf.length) throw new TarError("unexpected EOF", true);
    const header = buf.subarray(offset, offset + BLOCK);
    offset += BLOCK;

    if (isZeroBlock(header)) {
      // One zero block must be followed by another (or by EOF).
      if (offset >= buf.length) return entries;
      if (offset + BLOCK > buf.length) throw new TarError("unexpected EOF", true);
      if (isZeroBlock(buf.subarray(offset, offset + BLOCK))) return entries;
      throw new TarError("archive/tar: invalid tar header", true);
    }
    if (!checksumMatches(header)) throw new TarError("archive/tar: invalid tar header", true);

    let typeflag = String.fromCharCode(header[156] ?? 0);
    const size = paxSize ?? parseNumeric(header.subarray(124, 136));
    if (size < 0) throw new TarError("archive/tar: invalid tar header", true);
    const dataEnd = offset + size;
    if (dataEnd > buf.length) throw new TarError("unexpected EOF", false);
    const data = buf.subarray(offset, dataEnd);
    offset += Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === "L") {
      longName = cString(data);
      continue;
    }
    if (typeflag === "K") continue;
    if (typeflag === "x") {
      const records = parsePax(data);
      if (records.path !== undefined) paxPath = records.path;
      if (records.size !== undefined) paxSize = Number(records.size);
      continue;
    }

    let name = cString(header.subarray(0, 100));
    const magic = header.subarray(257, 263).toString("latin1");
    if (magic === "ustar\u0000") {
      const prefix = cString(header.subarray(345, 500));
      if (prefix) name = `${prefix}/${name}`;
    }
    if (longName !== null) name = longName;
    if (paxPath !== null) name = paxPath;
    longName = null;
    paxPath = null;
    paxSize = null;

    // Go turns the old NUL typeflag into a directory when the name ends in "/".
    if (typeflag === "\u0000") typeflag = name.endsWith("/") ? "5" : "0";
    const type: TarEntryType = typeflag === "0" ? "file" : typeflag === "5" ? "dir" : "other";
    entries.push({ name, type, typeflag, mode: parseNumeric(header.subarray(100, 108)), data: Buffer.from(data) });
  }
}

export interface TarInputFile {
  path: string;
  data: Buffer;
  mode?: number;
  mtimeMs?: number;
}

/** Packs regular files as Go's tar.Writer would: ustar, a pax `path` record for long names. */
export function writeTar(files: TarInputFile[]): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const mtime = Math.floor((file.mtimeMs ?? Date.now()) / 1000);
    if (Buffer.byteLength(file.path) > 100) {
      const record = paxRecord("path", file.path);
      blocks.push(
        header({ name: "PaxHeaders.0/" + file.path.slice(-80), size: record.length, typeflag: "x", mode: 0o644, mtime }),
      );
      blocks.push(padded(record));
    }
    blocks.push(
      header({ name: file.path.slice(0, 100), size: file.data.length, typeflag: "0", mode: file.mode ?? 0o644, mtime }),
    );
    blocks.push(padded(file.data));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}

function header(h: { name: string; size: number; typeflag: string; mode: number; mtime: number }): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, "utf8");
  b.write(octal(h.mode, 8), 100, "latin1");
  b.write(octal(0, 8), 108, "latin1");
  b.write(octal(0, 8), 116, "latin1");
  b.write(octal(h.size, 12), 124, "latin1");
  b.write(octal(h.mtime, 12), 136, "latin1");
  b.write("        ", 148, "latin1");
  b.write(h.typeflag, 156, "latin1");
  b.write("ustar\u000000", 257, "latin1");
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "latin1");
  return b;
}

function octal(n: number, width: number): string {
  return `${n.toString(8).padStart(width - 1, "0")}\u0000`;
}

function padded(data: Buffer): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  // The length prefix counts its own digits.
  let total = length + String(length).length;
  if (String(total).length !== String(length).length) total = length + String(total).length;
  length = total;
  return Buffer.from(`${length}${body}`);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = Number(data.subarray(i, space).toString("latin1"));
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.subarray(space + 1, i + length - 1).toString("utf8");
    const eq = record.indexOf("=");
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return out;
}

function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

function checksumMatches(header: Buffer): boolean {
  const stored = parseNumeric(header.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** Octal (space/NUL terminated) or GNU base-256 when the high bit of the first byte is set. */
function parseNumeric(field: Buffer): number {
  const first = field[0] ?? 0;
  if (first & 0x80) {
    let n = first & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + (field[i] ?? 0);
    return n;
  }
  const text = field
    .toString("latin1")
    .replace(/\u0000.*$/s, "")
    .trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) return -1;
  return parseInt(text, 8);
}

function cString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString("utf8");
}
