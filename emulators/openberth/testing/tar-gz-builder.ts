/**
 * Builds .tar.gz uploads for tests, independently of the emulator's own tar code so the two
 * check each other. Entries can be files, directories or symlinks; long names can be written
 * the GNU way (`L` entry), the pax way (`x` header with `path`) or in the ustar prefix field.
 */
import { gzipSync } from "node:zlib";

export type TarTestEntry =
  { name: string; content: string | Buffer } | { name: string; dir: true } | { name: string; symlinkTo: string };

export interface TarGzOptions {
  longNames?: "gnu" | "pax" | "ustar-prefix";
}

export function tarGz(entries: TarTestEntry[] | Record<string, string>, options: TarGzOptions = {}): Buffer {
  const list: TarTestEntry[] = Array.isArray(entries)
    ? entries
    : Object.entries(entries).map(([name, content]) => ({ name, content }));
  return gzipSync(tar(list, options));
}

export function tar(entries: TarTestEntry[], options: TarGzOptions = {}): Buffer {
  const out: Buffer[] = [];
  for (const entry of entries) {
    const data = "content" in entry ? Buffer.from(entry.content) : Buffer.alloc(0);
    const type = "dir" in entry ? "5" : "symlinkTo" in entry ? "2" : "0";
    const link = "symlinkTo" in entry ? entry.symlinkTo : "";
    let name = entry.name;
    let prefix = "";
    if (Buffer.byteLength(name) > 100) {
      const mode = options.longNames ?? "gnu";
      if (mode === "gnu") {
        const longName = Buffer.from(`${name}\0`);
        out.push(header({ name: "././@LongLink", size: longName.length, type: "L" }), pad(longName));
        name = name.slice(0, 100);
      } else if (mode === "pax") {
        const record = paxRecord("path", name);
        out.push(header({ name: "PaxHeader", size: record.length, type: "x" }), pad(record));
        name = name.slice(0, 100);
      } else {
        const cut = name.lastIndexOf("/", 155);
        prefix = name.slice(0, cut);
        name = name.slice(cut + 1);
      }
    }
    out.push(header({ name, prefix, size: data.length, type, link }), pad(data));
  }
  out.push(Buffer.alloc(1024));
  return Buffer.concat(out);
}

function header(h: { name: string; prefix?: string; size: number; type: string; link?: string }): Buffer {
  const b = Buffer.alloc(512);
  b.write(h.name, 0, 100, "utf8");
  b.write("0000644\0", 100, "latin1");
  b.write("0000000\0", 108, "latin1");
  b.write("0000000\0", 116, "latin1");
  b.write(`${h.size.toString(8).padStart(11, "0")}\0`, 124, "latin1");
  b.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, "0")}\0`,
    136,
    "latin1",
  );
  b.write(h.type, 156, "latin1");
  if (h.link) b.write(h.link, 157, 100, "utf8");
  b.write("ustar\u0000", 257, "latin1");
  b.write("00", 263, "latin1");
  if (h.prefix) b.write(h.prefix, 345, 155, "utf8");
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "latin1");
  return b;
}

function pad(data: Buffer): Buffer {
  const rest = data.length % 512;
  return rest === 0 ? data : Buffer.concat([data, Buffer.alloc(512 - rest)]);
}

function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let n = Buffer.byteLength(body) + 1;
  while (String(n).length + Buffer.byteLength(body) !== n) n = String(n).length + Buffer.byteLength(body);
  return Buffer.from(`${n}${body}`);
}
