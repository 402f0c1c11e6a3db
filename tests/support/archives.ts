/**
 * The tests' archive fixtures, written and read with the libraries the app uses (modern-tar
 * for tar, fflate for gzip, DEFLATE and zip), so they run in Node and in workerd alike. The
 * hostile ones no library writes (a lying size, a broken checksum, a GNU long-name record,
 * CP437 names, encrypted or zip64 markers) are the library's output with those fields
 * patched. What checks the libraries themselves: the differential test against zlib
 * (tests/unit/uploads/inflate.test.ts) and GNU tar reading our tarballs.
 */
import { Deflate, Gzip, gunzipSync, gzipSync, Zip, ZipDeflate, ZipPassThrough, zipSync, type Zippable } from "fflate";
import { packTar, unpackTar, type TarEntry, type TarHeader } from "modern-tar";

export type Bytes = Uint8Array<ArrayBuffer>;

const enc = new TextEncoder();
const dec = new TextDecoder();
const BLOCK = 512;

export function bytes(text: string): Bytes {
  return enc.encode(text);
}

export function concat(parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const asBytes = (content: string | Uint8Array | undefined): Uint8Array =>
  typeof content === "string" ? enc.encode(content) : (content ?? new Uint8Array(0));

// ---------------------------------------------------------------- gzip and DEFLATE

export function gzip(data: Uint8Array): Bytes {
  return gzipSync(data) as Bytes;
}

export function gunzip(data: Uint8Array): Bytes {
  return gunzipSync(data) as Bytes;
}

/**
 * A gzip stream of `data` left open (sync flush) and then made invalid: byte 0x07 starts a
 * final block of the reserved type 3, which every inflater rejects. A reader that inflates
 * everything reports a corrupt archive; one that stops at a limit never reaches it.
 */
export function gzipThenGarbage(data: Uint8Array): Bytes {
  const parts: Uint8Array[] = [];
  const stream = new Gzip({ level: 9 }, (chunk) => parts.push(chunk));
  stream.push(data);
  stream.flush(true);
  return concat([...parts, Uint8Array.of(0x07, 0, 0, 0, 0, 0, 0, 0, 0)]);
}

/** The same for raw DEFLATE (a zip entry's data). */
export function deflateThenGarbage(data: Uint8Array): Bytes {
  const parts: Uint8Array[] = [];
  const stream = new Deflate({ level: 9 }, (chunk) => parts.push(chunk));
  stream.push(data);
  stream.flush(true);
  return concat([...parts, Uint8Array.of(0x07)]);
}

// ---------------------------------------------------------------- tar

export interface TarFixture {
  name: string;
  content?: string | Uint8Array;
  /** typeflag: "0" (file, the default), "1" hard link, "2" symlink, "3"/"4" devices, "5" directory, "6" FIFO */
  type?: string;
  linkname?: string;
  /** pax records for the entry (`path`, `mtime`, …); a `size` record is written with the data's size. */
  pax?: Record<string, string>;
  /** Write a GNU 'L' record carrying `name`, and put `headerName` (or the first 100 bytes) in the header. */
  gnuLongName?: boolean;
  headerName?: string;
  /** The header's size field, when it should not match the data (which is still written). */
  headerSize?: number;
  breakChecksum?: boolean;
}

const TAR_TYPES: Record<string, TarHeader["type"]> = {
  "0": "file",
  "1": "link",
  "2": "symlink",
  "3": "character-device",
  "4": "block-device",
  "5": "directory",
  "6": "fifo",
};

/**
 * A tar of `entries`, in order, ending in `endBlocks` zero blocks. Names longer than 100
 * bytes go in the ustar prefix field when they split there, else in a pax record (as
 * modern-tar writes them), or in a GNU 'L' record with `gnuLongName`.
 */
export async function makeTar(entries: readonly TarFixture[], { endBlocks = 2 } = {}): Promise<Bytes> {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const content = asBytes(e.content);
    const type = TAR_TYPES[e.type ?? "0"];
    if (!type) throw new RangeError(`no such tar type: ${e.type}`);
    const records: TarEntry[] = [];
    if (e.gnuLongName) {
      const longName = concat([enc.encode(e.name), new Uint8Array(1)]);
      records.push({ header: { name: "././@LongLink", type: "gnu-long-name", size: longName.length }, body: longName });
    }
    const name = e.gnuLongName ? (e.headerName ?? e.name.slice(0, 100)) : (e.headerName ?? e.name);
    const size = type === "file" ? content.length : 0;
    records.push({
      header: { name, type, size, mode: 0o644, mtime: new Date(0o14712345670 * 1000), linkname: e.linkname, pax: e.pax },
      body: size > 0 ? content : undefined,
    });
    const packed = await packTar(records);
    const entry = packed.subarray(0, packed.length - 2 * BLOCK); // without its end blocks
    // The entry's own header sits just before its (padded) data.
    const header = entry.subarray(entry.length - BLOCK - padded(size), entry.length - padded(size));
    if (e.headerSize !== undefined) writeOctal(header, 124, 12, e.headerSize);
    if (e.headerSize !== undefined || e.breakChecksum) writeChecksum(header, e.breakChecksum ? 1 : 0);
    parts.push(entry);
  }
  parts.push(new Uint8Array(BLOCK * endBlocks));
  return concat(parts);
}

export async function makeTarGz(entries: readonly TarFixture[]): Promise<Bytes> {
  return gzip(await makeTar(entries));
}

/** A .tar.gz of path → content (regular files). */
export async function tarGz(files: Record<string, string>): Promise<Bytes> {
  return makeTarGz(Object.entries(files).map(([name, content]) => ({ name, content })));
}

function padded(size: number): number {
  return Math.ceil(size / BLOCK) * BLOCK;
}

function writeOctal(block: Uint8Array, offset: number, width: number, value: number): void {
  block.set(enc.encode(`${value.toString(8).padStart(width - 1, "0")}\0`), offset);
}

function writeChecksum(block: Uint8Array, off: number): void {
  block.fill(0x20, 148, 156);
  const sum = block.reduce((n, b) => n + b, 0) + off;
  block.set(enc.encode(`${sum.toString(8).padStart(6, "0")}\0 `), 148);
}

export interface ReadEntry {
  path: string;
  /** typeflag: "0" file, "5" directory, "2" symlink, … */
  type: string;
  mode: number;
  /** seconds */
  mtime: number;
  content: string;
  bytes: Bytes;
}

const TYPEFLAGS = Object.fromEntries(Object.entries(TAR_TYPES).map(([flag, type]) => [type, flag]));

/** The entries of a tar.gz, strictly read (checksums, end-of-archive blocks, nothing after them). */
export async function readTarGz(tarball: Uint8Array): Promise<ReadEntry[]> {
  const entries = await unpackTar(gunzip(tarball), { strict: true });
  return entries.map(({ header, data }) => {
    const content = data ?? new Uint8Array(0);
    return {
      path: header.name,
      type: TYPEFLAGS[header.type ?? "file"] ?? "?",
      mode: header.mode ?? 0,
      mtime: Math.round((header.mtime?.getTime() ?? 0) / 1000),
      content: dec.decode(content),
      bytes: content as Bytes,
    };
  });
}

/** Path → content for the regular files of a tarball. */
export async function filesIn(tarball: Uint8Array): Promise<Record<string, string>> {
  return Object.fromEntries((await readTarGz(tarball)).filter((e) => e.type === "0").map((e) => [e.path, e.content]));
}

// ---------------------------------------------------------------- zip

export interface ZipFixture {
  /** Bytes are written as the name as they are (CP437, or UTF-8 without the UTF-8 flag). */
  name: string | Uint8Array;
  content?: string | Uint8Array;
  method?: 0 | 8;
  /** Bytes stored as the entry's data in place of `content` compressed (e.g. a crafted DEFLATE stream). */
  rawData?: Uint8Array;
  crc?: number;
  /** Declared uncompressed size, if it should lie. */
  declaredSize?: number;
  flags?: number;
  /** Unix mode for the external attributes (host = Unix). */
  unixMode?: number;
  methodOverride?: number;
}

const ZIP_MTIME = new Date(2024, 0, 1);
const LOCAL_HEADER = 0x04034b50;

/**
 * A zip of `entries`, written by fflate and patched where a fixture asks for what no
 * writer writes. With `dataDescriptor`, fflate's streaming writer puts sizes and CRC
 * after each entry's data (flag bit 3), as streaming zip tools do.
 */
export function makeZip(
  entries: readonly ZipFixture[],
  { comment = "", zip64Marker = false, dataDescriptor = false } = {},
): Bytes {
  // Byte names are written as placeholders of the same length, then patched in.
  const names = entries.map((e, i) => (typeof e.name === "string" ? e.name : `${i}`.padEnd(e.name.length, "_")));
  if (new Set(names).size !== names.length) throw new RangeError("zip fixture names must be distinct");
  const stored = (e: ZipFixture) => e.rawData !== undefined || (e.method ?? 0) === 0;
  const data = (e: ZipFixture) => e.rawData ?? asBytes(e.content);
  const attributes = (e: ZipFixture) => (e.unixMode === undefined ? {} : { os: 3, attrs: (e.unixMode << 16) >>> 0 });

  let zip: Bytes;
  if (dataDescriptor) {
    const parts: Uint8Array[] = [];
    const writer = new Zip((error, chunk) => {
      if (error) throw error;
      parts.push(chunk);
    });
    entries.forEach((e, i) => {
      const file = stored(e) ? new ZipPassThrough(names[i]!) : new ZipDeflate(names[i]!, { level: 6 });
      Object.assign(file, { mtime: ZIP_MTIME, ...attributes(e) });
      writer.add(file);
      file.push(data(e), true);
    });
    writer.end();
    zip = concat(parts);
  } else {
    const files: Zippable = {};
    entries.forEach((e, i) => {
      files[names[i]!] = [data(e), { level: stored(e) ? 0 : 6, mtime: ZIP_MTIME, ...attributes(e) }];
    });
    zip = zipSync(files) as Bytes;
  }

  const content = entries.map((e) => asBytes(e.content));
  eachZipEntry(zip, (i, central, local) => {
    const e = entries[i]!;
    if (typeof e.name !== "string") {
      zip.set(e.name, central + 46);
      zip.set(e.name, local + 30);
    }
    const patch = (centralAt: number, localAt: number, width: 2 | 4, value: number | undefined) => {
      if (value === undefined) return;
      const view = new DataView(zip.buffer);
      for (const at of [central + centralAt, local + localAt]) {
        if (width === 2) view.setUint16(at, value, true);
        else view.setUint32(at, value, true);
      }
    };
    // Raw data is stored as it is, then declared as what it stands for.
    const method = e.methodOverride ?? (e.rawData !== undefined ? (e.method ?? 0) : undefined);
    patch(10, 8, 2, method);
    patch(8, 6, 2, e.flags);
    patch(16, 14, 4, e.crc ?? (e.rawData !== undefined ? crc32Of(content[i]!) : undefined));
    patch(24, 22, 4, e.declaredSize ?? (e.rawData !== undefined ? content[i]!.length : undefined));
  });

  const end = new DataView(zip.buffer, zip.length - 22);
  if (zip64Marker) {
    end.setUint16(8, 0xffff, true);
    end.setUint16(10, 0xffff, true);
  }
  const commentBytes = enc.encode(comment);
  end.setUint16(20, commentBytes.length, true);
  return concat([zip, commentBytes]);
}

/** A zip of path → content, stored. */
export function zip(files: Record<string, string>): Bytes {
  return makeZip(Object.entries(files).map(([name, content]) => ({ name, content })));
}

/** Calls `visit` with each central directory record's offset and its local header's. */
function eachZipEntry(zip: Uint8Array, visit: (index: number, central: number, local: number) => void): void {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.length - 22;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count; i++) {
    const local = view.getUint32(at + 42, true);
    if (view.getUint32(local, true) !== LOCAL_HEADER) throw new Error("not a local header");
    visit(i, at, local);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

/** fflate computes CRCs while it writes; this is for a CRC of content it did not write. */
function crc32Of(data: Uint8Array): number {
  const file = new ZipPassThrough("crc");
  file.ondata = () => {};
  file.push(data, true);
  return file.crc;
}
