import { keptArchivePath } from "./archive-paths";
import type { FileTree } from "./file-tree";
import { gunzip } from "./gunzip";
import { UploadError, type Bytes } from "./upload-types";

/**
 * Reads a tar.gz into a FileTree. Understands ustar, GNU long names ('L') and pax
 * headers ('x' path and size). Keeps regular files and directories; links, devices and
 * FIFOs are dropped, as are entries whose path is unsafe (see archive-paths).
 *
 * Decompression stops once the tar passes what the limits allow (contents plus header
 * overhead), so a gzip bomb costs at most that much memory; the exact limits are then
 * applied per entry.
 */
const BLOCK = 512;
/** Long names and pax records are metadata; anything bigger is not an archive we want. */
const MAX_METADATA_BYTES = 64 * 1024;
/** tar pads to 10 KiB records, and some tools add more; beyond this it is not padding. */
const MAX_TRAILING_BYTES = 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });
const ascii = new TextDecoder("utf-8");

export function readTarGz(compressed: Uint8Array, tree: FileTree): void {
  // Each record costs a header block and up to a block of padding on top of its data.
  const tarLimit = tree.limits.maxExpandedBytes + tree.maxRecords() * 2 * BLOCK + MAX_TRAILING_BYTES;
  readTar(gunzip(compressed, tarLimit), tree);
}

/** What pending 'L' and 'x' records say about the next entry. */
interface Pending {
  path?: string;
  size?: number;
}

export function readTar(tar: Bytes, tree: FileTree): void {
  let pending: Pending = {};
  let offset = 0;
  // Ending without end-of-archive blocks is common enough to accept, unless a record was left dangling.
  while (offset < tar.length) {
    if (offset + BLOCK > tar.length) throw new UploadError("corrupt_archive");
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((byte) => byte === 0)) {
      if (tar.length - offset > MAX_TRAILING_BYTES) throw new UploadError("corrupt_archive");
      break;
    }
    // Every header counts, metadata too: a stream of empty headers costs work but no data.
    tree.countRecord();
    const header = parseHeader(block);
    offset += BLOCK;

    const metadata = () => {
      if (header.size > MAX_METADATA_BYTES) throw new UploadError("corrupt_archive");
      tree.spend(header.size, "skipped");
      return data(header.size);
    };
    const data = (size: number) => {
      if (offset + size > tar.length) throw new UploadError("corrupt_archive"); // truncated
      const bytes = tar.subarray(offset, offset + size);
      offset += size + padding(size);
      return bytes;
    };

    switch (header.typeflag) {
      case "L":
        pending.path = cString(metadata());
        continue;
      case "x":
        pending = { ...pending, ...parsePax(metadata()) };
        continue;
      case "K": // GNU long link name: only links use it, and links are dropped
      case "g": // pax global header: nothing in it changes what we keep
        metadata();
        continue;
      case "S": // GNU sparse: the data is not the file's bytes
      case "M": // continuation of a multi-volume archive
        throw new UploadError("corrupt_archive");
    }

    const rawPath = pending.path ?? header.name;
    const size = HEADER_ONLY_TYPES.has(header.typeflag) ? 0 : (pending.size ?? header.size);
    pending = {};
    const path = keptArchivePath(rawPath);
    // Old tars mark a directory with a trailing slash on a regular-file header.
    const isDir = header.typeflag === "5" || (REGULAR_TYPES.has(header.typeflag) && rawPath.endsWith("/"));

    if (path !== null && isDir) {
      tree.spend(size, "skipped");
      data(size);
      tree.addDir(path);
    } else if (path !== null && REGULAR_TYPES.has(header.typeflag)) {
      tree.spend(size, "kept");
      tree.addFile(path, data(size));
    } else {
      // Links, devices, FIFOs, unknown types, unsafe or junk paths.
      tree.spend(size, "skipped");
      data(size);
    }
  }
  if (pending.path !== undefined || pending.size !== undefined) throw new UploadError("corrupt_archive");
}

/** '7' (contiguous file) is a regular file everywhere that matters. */
const REGULAR_TYPES = new Set(["0", "\0", "7"]);
/** Types whose size field never means data follows (as Go's archive/tar reads them). */
const HEADER_ONLY_TYPES = new Set(["1", "2", "3", "4", "5", "6"]);

interface Header {
  name: string;
  size: number;
  typeflag: string;
}

function parseHeader(block: Bytes): Header {
  if (!checksumMatches(block)) throw new UploadError("corrupt_archive");
  const magic = ascii.decode(block.subarray(257, 265));
  let name = cString(block.subarray(0, 100));
  // Only POSIX ustar has a prefix field; GNU keeps other data at that offset.
  if (magic === "ustar\u000000") {
    const prefix = cString(block.subarray(345, 500));
    if (prefix) name = `${prefix}/${name}`;
  }
  return { name, size: parseNumber(block.subarray(124, 136)), typeflag: String.fromCharCode(block[156]!) };
}

function checksumMatches(block: Bytes): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte; // some old tars summed signed chars
  }
  return stored === unsigned || stored === signed;
}

/** A numeric field: octal text, or GNU base-256 when the top bit is set. */
function parseNumber(field: Bytes): number {
  if ((field[0]! & 0x80) === 0) return parseOctal(field);
  if (field[0] === 0xff) throw new UploadError("corrupt_archive"); // negative
  let value = field[0]! & 0x7f;
  for (const byte of field.subarray(1)) value = value * 256 + byte;
  if (!Number.isSafeInteger(value)) throw new UploadError("corrupt_archive");
  return value;
}

function parseOctal(field: Bytes): number {
  const text = ascii.decode(field).replace(/\0.*$/s, "").trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new UploadError("corrupt_archive");
  const value = parseInt(text, 8);
  if (!Number.isSafeInteger(value)) throw new UploadError("corrupt_archive");
  return value;
}

/** pax records: `<length> <key>=<value>\n`, where length counts the whole record. */
function parsePax(data: Bytes): Pending {
  const found: Pending = {};
  let offset = 0;
  while (offset < data.length) {
    if (data[offset] === 0) break; // some writers pad the record with NULs
    const space = data.indexOf(0x20, offset);
    const length = space > offset ? Number(ascii.decode(data.subarray(offset, space))) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - offset + 1 || offset + length > data.length) {
      throw new UploadError("corrupt_archive");
    }
    const record = decodeName(data.subarray(space + 1, offset + length - 1));
    const equals = record.indexOf("=");
    if (equals < 0 || data[offset + length - 1] !== 0x0a) throw new UploadError("corrupt_archive");
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === "path") found.path = value;
    else if (key === "size") {
      if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new UploadError("corrupt_archive");
      found.size = Number(value);
    } else if (key.startsWith("GNU.sparse.")) throw new UploadError("corrupt_archive"); // sparse: see 'S'
    offset += length;
  }
  return found;
}

/** A NUL-terminated name field. */
function cString(field: Bytes): string {
  const end = field.indexOf(0);
  return decodeName(end < 0 ? field : field.subarray(0, end));
}

/**
 * Names are bytes in tar. Nearly always UTF-8; otherwise read them as Latin-1 so every
 * byte still maps to one character rather than to a replacement mark.
 */
function decodeName(bytes: Bytes): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return Array.from(bytes, (byte) => String.fromCharCode(byte)).join("");
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
