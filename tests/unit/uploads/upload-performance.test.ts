import { describe, expect, it } from "vitest";
import { prepareUpload } from "../../../server/uploads";
import { makeTarGz, makeZip } from "../../support/archives";
import { expectOk } from "./read-back";

/** Timing is printed, not asserted: CI machines vary too much. */
describe("upload performance", () => {
  // Random bytes do not compress, so the archives really are ~10 MiB on the wire.
  const files = Array.from({ length: 420 }, (_, i) => ({
    name: `site/assets/chunk-${i}.bin`,
    content: crypto.getRandomValues(new Uint8Array(25 * 1024)),
  }));
  const text = Array.from({ length: 100 }, (_, i) => ({ name: `site/pages/page-${i}.html`, content: `<p>${i}</p>`.repeat(500) }));

  it.each([
    ["tar.gz", () => makeTarGz([...files, ...text])],
    ["zip", async () => makeZip([...files, ...text].map((f) => ({ ...f, method: 8 as const })))],
  ])("prepares a ~10 MiB %s", async (kind, build) => {
    const archive = await build();
    expect(archive.length).toBeGreaterThan(10 * 1024 * 1024);
    const started = performance.now();
    const result = expectOk(await prepareUpload({ name: `big.${kind}`, bytes: archive }));
    const ms = performance.now() - started;
    process.stdout.write(
      `[uploads] ${kind}: ${(archive.length / 1024 / 1024).toFixed(1)} MiB, ${result.fileCount} files → ${ms.toFixed(0)} ms\n`,
    );
    expect(result.fileCount).toBe(520);
    expect(result.topLevelNames).toEqual(["assets", "pages"]);
  });
});
