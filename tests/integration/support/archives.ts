/**
 * Small archives for upload tests (a tar.gz, and a zip with stored entries), written with
 * the libraries tests/support/archives.ts uses — modern-tar and fflate, which run in
 * workerd — rather than the app's upload code.
 */
import { gzipSync, zipSync, type Zippable } from "fflate";
import { packTar } from "modern-tar";

const enc = new TextEncoder();

export async function tarGz(files: Record<string, string>): Promise<Uint8Array<ArrayBuffer>> {
  const tar = await packTar(
    Object.entries(files).map(([name, content]) => {
      const body = enc.encode(content);
      return { header: { name, size: body.length, mtime: new Date(0) }, body };
    }),
  );
  return gzipSync(tar) as Uint8Array<ArrayBuffer>;
}

export function zip(files: Record<string, string>): Uint8Array<ArrayBuffer> {
  const entries: Zippable = {};
  for (const [name, content] of Object.entries(files)) entries[name] = [enc.encode(content), { level: 0 }];
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}
