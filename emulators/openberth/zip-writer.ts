/**
 * A zip for source downloads, as Go's archive/zip with `zip.Deflate` writes it: deflated
 * entries made by Unix, mode 0644, the UTF-8 flag for non-ASCII names, sizes and CRC in a
 * data descriptor after each entry. fflate writes it
 * (docs/decisions/0025-how-faithful-a-stand-in-is.md). No zip64 (source trees are small).
 */
import { Zip, ZipDeflate } from "fflate";

export interface ZipInputFile {
  path: string;
  data: Buffer;
  mtimeMs: number;
}

/** DOS dates start in 1980; fflate refuses earlier ones. */
const DOS_EPOCH_MS = new Date(1980, 0, 1).getTime();

export function writeZip(files: ZipInputFile[]): Buffer {
  const parts: Uint8Array[] = [];
  // The streaming writer keeps the given order (an object of paths would not: "1" sorts first).
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  for (const file of files) {
    const entry = new ZipDeflate(file.path, { level: 6 });
    Object.assign(entry, { os: 3, attrs: (0o100644 << 16) >>> 0, mtime: new Date(Math.max(file.mtimeMs, DOS_EPOCH_MS)) });
    zip.add(entry);
    entry.push(file.data, true);
  }
  zip.end();
  return Buffer.concat(parts);
}
