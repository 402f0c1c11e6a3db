/**
 * Archive fixtures for the upload tests, written with Node's zlib and independently of
 * app/.server/uploads, so a shared misunderstanding of the formats cannot hide.
 */
import { constants, crc32, deflateRawSync, gunzipSync, gzipSync } from "node:zlib";

const enc = new TextEncoder();
const dec = new TextDecoder();

type Bytes = Uint8Array<ArrayBuffer>;

export function bytes(text: string): Bytes {
  return enc.encode(text);
}

export function concat(parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------- tar

export interface TarFixture {
  name: string;
  content?: string | Uint8Array;
  /** typeflag; "0" by default */
  type?: string;
  linkname?: string;
  /** ustar prefix field (only written with ustar magic) */
  prefix?: string;
  /** Emit a pax 'x' header with these records before the entry. */
  pax?: Record<string, string>;
  /** Emit a GNU 'L' record carrying `name`, and put `headerName` in the header itself. */
  gnuLongName?: boolean;
  headerName?: string;
  /** Overrides the size field (e.g. for header-only types). */
  size?: number;
  breakChecksum?: boolean;
}

function tarHeader(f: {
  name: Uint8Array;
  size: number;
  type: string;
  linkname?: string;
  prefix?: string;
  gnu?: boolean;
  breakChecksum?: boolean;
}): Bytes {
  const h = new Uint8Array(512);
  const put = (text: string | Uint8Array, offset: number) => h.set(typeof text === "string" ? enc.encode(text) : text, offset);
  put(f.name.subarray(0, 100), 0);
  put("0000644\0", 100);
  put("0000000\0", 108);
  put("0000000\0", 116);
  put(`${f.size.toString(8).padStart(11, "0")}\0`, 124);
  put("14712345670\0", 136);
  put("        ", 148);
  put(f.type, 156);
  if (f.linkname) put(f.linkname, 157);
  if (f.gnu) put("ustar  \0", 257);
  else {
    put("ustar\0", 257);
    put("00", 263);
    if (f.prefix) put(f.prefix, 345);
  }
  let sum = h.reduce((n, b) => n + b, 0);
  if (f.breakChecksum) sum += 1;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function padTo512(data: Uint8Array): Uint8Array[] {
  return [data, new Uint8Array((512 - (data.length % 512)) % 512)];
}

export function makeTar(entries: TarFixture[], { endBlocks = 2 } = {}): Bytes {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    const content = typeof e.content === "string" ? enc.encode(e.content) : (e.content ?? new Uint8Array(0));
    if (e.pax) {
      let body = "";
      for (const [k, v] of Object.entries(e.pax)) {
        const rest = ` ${k}=${v}\n`;
        const restLen = enc.encode(rest).length;
        let len = restLen + 1;
        while (String(len).length + restLen !== len) len = String(len).length + restLen;
        body += `${len}${rest}`;
      }
      const data = enc.encode(body);
      parts.push(tarHeader({ name: enc.encode("PaxHeaders/x"), size: data.length, type: "x" }), ...padTo512(data));
    }
    let name = enc.encode(e.name);
    if (e.gnuLongName) {
      const data = concat([name, new Uint8Array(1)]);
      parts.push(tarHeader({ name: enc.encode("././@LongLink"), size: data.length, type: "L", gnu: true }), ...padTo512(data));
      name = enc.encode(e.headerName ?? e.name.slice(0, 100));
    } else if (e.headerName !== undefined) {
      name = enc.encode(e.headerName);
    }
    const size = e.size ?? content.length;
    parts.push(
      tarHeader({
        name,
        size,
        type: e.type ?? "0",
        linkname: e.linkname,
        prefix: e.prefix,
        gnu: e.gnuLongName,
        breakChecksum: e.breakChecksum,
      }),
    );
    if (content.length > 0) parts.push(...padTo512(content));
  }
  parts.push(new Uint8Array(512 * endBlocks));
  return concat(parts);
}

export function gzip(data: Uint8Array): Bytes {
  return new Uint8Array(gzipSync(data));
}

export function makeTarGz(entries: TarFixture[]): Bytes {
  return gzip(makeTar(entries));
}

/**
 * A gzip stream of `data` that is left open (sync flush) and then made invalid: byte
 * 0x07 starts a final block of the reserved type 3, which every inflater rejects. A
 * reader that inflates everything reports a corrupt archive; one that stops at a limit
 * never reaches it.
 */
export function gzipThenGarbage(data: Uint8Array): Bytes {
  return concat([gzipSync(data, { finishFlush: constants.Z_SYNC_FLUSH }), Uint8Array.of(0x07, 0, 0, 0, 0, 0, 0, 0, 0)]);
}

export function deflateThenGarbage(data: Uint8Array): Bytes {
  return concat([deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH }), Uint8Array.of(0x07)]);
}

export interface ReadEntry {
  path: string;
  type: string;
  mode: number;
  mtime: number;
  content: string;
  bytes: Bytes;
}

/** A minimal tar.gz reader on Node's gunzip: ustar prefix, GNU 'L', checksums verified. */
export function readTarGzWithNode(tarball: Uint8Array): ReadEntry[] {
  const tar = new Uint8Array(gunzipSync(tarball));
  const entries: ReadEntry[] = [];
  const str = (a: number, b: number, at: number) => {
    const field = tar.subarray(at + a, at + b);
    const nul = field.indexOf(0);
    return dec.decode(nul < 0 ? field : field.subarray(0, nul));
  };
  let longName: string | null = null;
  let at = 0;
  let zeroBlocks = 0;
  while (at + 512 <= tar.length) {
    const headerAt = at;
    const header = tar.subarray(headerAt, headerAt + 512);
    if (header.every((b) => b === 0)) {
      zeroBlocks += 1;
      at += 512;
      continue;
    }
    if (zeroBlocks > 0) throw new Error("data after end-of-archive blocks");
    const sum = header.reduce((n, b, i) => n + (i >= 148 && i < 156 ? 32 : b), 0);
    if (parseInt(str(148, 156, headerAt), 8) !== sum) throw new Error(`bad checksum at ${headerAt}`);
    const size = parseInt(str(124, 136, headerAt), 8);
    const type = String.fromCharCode(header[156]!);
    const data = tar.slice(headerAt + 512, headerAt + 512 + size);
    at = headerAt + 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = dec.decode(data.subarray(0, data.indexOf(0)));
      continue;
    }
    let path = str(0, 100, headerAt);
    if (str(257, 263, headerAt) === "ustar" && str(263, 265, headerAt) === "00") {
      const prefix = str(345, 500, headerAt);
      if (prefix) path = `${prefix}/${path}`;
    }
    if (longName !== null) path = longName;
    longName = null;
    entries.push({
      path,
      type,
      mode: parseInt(str(100, 108, headerAt), 8),
      mtime: parseInt(str(136, 148, headerAt), 8),
      content: dec.decode(data),
      bytes: data,
    });
  }
  if (zeroBlocks < 2) throw new Error("missing end-of-archive blocks");
  return entries;
}

/** Path → content for the regular files of a tarball, read with Node. */
export function filesWithNode(tarball: Uint8Array): Record<string, string> {
  return Object.fromEntries(
    readTarGzWithNode(tarball)
      .filter((e) => e.type === "0")
      .map((e) => [e.path, e.content]),
  );
}

// ---------------------------------------------------------------- zip

export interface ZipFixture {
  name: string | Uint8Array;
  content?: string | Uint8Array;
  method?: 0 | 8;
  /** Raw data to store instead of compressing `content` (e.g. a crafted deflate stream). */
  rawData?: Uint8Array;
  crc?: number;
  /** Declared uncompressed size, if it should lie. */
  declaredSize?: number;
  flags?: number;
  /** Unix mode for the external attributes (host = Unix). */
  unixMode?: number;
  /** Write sizes and CRC only in a data descriptor after the data (flag bit 3). */
  dataDescriptor?: boolean;
  methodOverride?: number;
}

export function makeZip(entries: ZipFixture[], { comment = "", zip64Marker = false } = {}): Bytes {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === "string" ? enc.encode(e.name) : e.name;
    const content = typeof e.content === "string" ? enc.encode(e.content) : (e.content ?? new Uint8Array(0));
    const method = e.methodOverride ?? e.method ?? 0;
    const data = e.rawData ?? (e.method === 8 ? new Uint8Array(deflateRawSync(content)) : content);
    const crc = e.crc ?? crc32(content);
    const size = e.declaredSize ?? content.length;
    let flags = e.flags ?? (typeof e.name === "string" && /[^\x00-\x7f]/.test(e.name) ? 0x800 : 0);
    if (e.dataDescriptor) flags |= 0x8;

    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(6, flags, true);
    local.setUint16(8, method, true);
    local.setUint32(14, e.dataDescriptor ? 0 : crc, true);
    local.setUint32(18, e.dataDescriptor ? 0 : data.length, true);
    local.setUint32(22, e.dataDescriptor ? 0 : size, true);
    local.setUint16(26, name.length, true);
    const parts: Uint8Array[] = [new Uint8Array(local.buffer), name, data];
    if (e.dataDescriptor) {
      const dd = new DataView(new ArrayBuffer(16));
      dd.setUint32(0, 0x08074b50, true);
      dd.setUint32(4, crc, true);
      dd.setUint32(8, data.length, true);
      dd.setUint32(12, size, true);
      parts.push(new Uint8Array(dd.buffer));
    }
    const local_ = concat(parts);

    const central = new DataView(new ArrayBuffer(46));
    central.setUint32(0, 0x02014b50, true);
    central.setUint16(4, e.unixMode !== undefined ? (3 << 8) | 20 : 20, true);
    central.setUint16(6, 20, true);
    central.setUint16(8, flags, true);
    central.setUint16(10, method, true);
    central.setUint32(16, crc, true);
    central.setUint32(20, data.length, true);
    central.setUint32(24, size, true);
    central.setUint16(28, name.length, true);
    if (e.unixMode !== undefined) central.setUint32(38, (e.unixMode << 16) >>> 0, true);
    central.setUint32(42, offset, true);
    centrals.push(concat([new Uint8Array(central.buffer), name]));
    locals.push(local_);
    offset += local_.length;
  }
  const cd = concat(centrals);
  const commentBytes = enc.encode(comment);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, zip64Marker ? 0xffff : entries.length, true);
  end.setUint16(10, zip64Marker ? 0xffff : entries.length, true);
  end.setUint32(12, cd.length, true);
  end.setUint32(16, offset, true);
  end.setUint16(20, commentBytes.length, true);
  return concat([...locals, cd, new Uint8Array(end.buffer), commentBytes]);
}
