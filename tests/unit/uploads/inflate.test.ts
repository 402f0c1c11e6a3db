import { constants, deflateRawSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gunzipChunks, inflateRaw } from "../../../server/uploads/decompress";
import { UploadError } from "../../../server/uploads/upload-types";
import { concat } from "../../support/archives";

const MiB = 1024 * 1024;

/** All of a gzip stream's output. */
const gunzip = (input: Uint8Array, limit: number) => concat([...gunzipChunks(input, limit)]);

/** Deterministic test data: `kind` picks how compressible it is. */
function sample(size: number, kind: "random" | "text" | "runs", seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let s = seed;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff);
  const words = ["<div>", "</div>", "const ", "return ", "function", " {", "}\n", "import ", "é", "日本"].map((w) =>
    new TextEncoder().encode(w),
  );
  for (let i = 0; i < size;) {
    if (kind === "random") out[i++] = next() & 0xff;
    else if (kind === "runs") {
      const value = next() & 0xff;
      for (let n = next() % 300; n > 0 && i < size; n--) out[i++] = value;
    } else {
      const word = words[next() % words.length]!;
      for (const byte of word) if (i < size) out[i++] = byte;
    }
  }
  return out;
}

function problemOf(run: () => unknown): string {
  try {
    run();
    return "ok";
  } catch (error) {
    if (error instanceof UploadError) return error.problem;
    throw error;
  }
}

describe("inflateRaw", () => {
  const strategies = [
    constants.Z_DEFAULT_STRATEGY,
    constants.Z_FILTERED,
    constants.Z_HUFFMAN_ONLY,
    constants.Z_RLE,
    constants.Z_FIXED,
  ];

  it("matches zlib across sizes, data, levels and strategies", () => {
    let cases = 0;
    for (const size of [0, 1, 2, 100, 4095, 70_000, 300_000]) {
      for (const kind of ["random", "text", "runs"] as const) {
        const data = sample(size, kind, size + 7);
        for (const level of [0, 1, 6, 9]) {
          for (const strategy of level === 6 ? strategies : [constants.Z_DEFAULT_STRATEGY]) {
            const compressed = new Uint8Array(deflateRawSync(data, { level, strategy }));
            expect(inflateRaw(compressed, size, size)).toEqual(data);
            cases++;
          }
        }
      }
    }
    expect(cases).toBe(7 * 3 * 8);
  });

  it("handles a small window, sync-flushed blocks and long runs", () => {
    const data = sample(200_000, "text", 3);
    const small = new Uint8Array(deflateRawSync(data, { windowBits: 9, memLevel: 1 }));
    expect(inflateRaw(small, 0, MiB)).toEqual(data);
    const flushed = concat([
      deflateRawSync(data.subarray(0, 1000), { finishFlush: constants.Z_SYNC_FLUSH }),
      new Uint8Array(deflateRawSync(new Uint8Array(0))),
    ]);
    // Sync flush leaves an empty stored block and no final block; the empty final block ends it.
    expect(inflateRaw(flushed, 0, MiB)).toEqual(data.subarray(0, 1000));
    const zeros = new Uint8Array(3 * MiB);
    expect(inflateRaw(new Uint8Array(deflateRawSync(zeros)), 0, 3 * MiB)).toEqual(zeros);
  });

  it("stops at the limit, whatever the size hint says", () => {
    const bomb = new Uint8Array(deflateRawSync(new Uint8Array(8 * MiB)));
    expect(problemOf(() => inflateRaw(bomb, 10, MiB))).toBe("too_large_expanded");
    expect(problemOf(() => inflateRaw(bomb, 8 * MiB, 8 * MiB - 1))).toBe("too_large_expanded");
    expect(inflateRaw(bomb, 0, 8 * MiB)).toHaveLength(8 * MiB);
  });

  it("refuses truncated, invalid and random streams as corrupt, never hanging or throwing anything else", () => {
    const data = sample(50_000, "text", 9);
    const good = new Uint8Array(deflateRawSync(data));
    expect(problemOf(() => inflateRaw(good.subarray(0, good.length - 1), 0, MiB))).toBe("corrupt_archive");
    expect(problemOf(() => inflateRaw(good.subarray(0, good.length >> 1), 0, MiB))).toBe("corrupt_archive");
    expect(problemOf(() => inflateRaw(new Uint8Array(0), 0, MiB))).toBe("corrupt_archive");
    expect(problemOf(() => inflateRaw(Uint8Array.of(0x07), 0, MiB))).toBe("corrupt_archive"); // reserved block type
    expect(problemOf(() => inflateRaw(Uint8Array.of(0x01, 0x05, 0x00, 0x05, 0x00), 0, MiB))).toBe("corrupt_archive"); // LEN != ~NLEN
    // Fixed-Huffman block whose first symbol is a back-reference (nothing to copy from).
    expect(problemOf(() => inflateRaw(Uint8Array.of(0x03, 0x02, 0x00), 0, MiB))).toBe("corrupt_archive");

    let seed = 42;
    const outcomes = new Set<string>();
    for (let round = 0; round < 300; round++) {
      const damaged = new Uint8Array(good);
      for (let flips = 0; flips < 1 + (round % 5); flips++) {
        seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
        damaged[seed % damaged.length]! ^= 1 << (seed % 8);
      }
      outcomes.add(problemOf(() => inflateRaw(damaged, 0, MiB)));
      outcomes.add(problemOf(() => inflateRaw(crypto.getRandomValues(new Uint8Array(1 + (round % 700))), 0, MiB)));
    }
    // Damage may still decode (a flipped literal); the CRC catches that in zip and gzip.
    expect([...outcomes].every((o) => o === "ok" || o === "corrupt_archive" || o === "too_large_expanded")).toBe(true);
    expect(outcomes).toContain("corrupt_archive");
  });
});

describe("gunzip", () => {
  const data = sample(100_000, "text", 5);

  it("reads optional header fields, concatenated members and zero padding", () => {
    const plain = new Uint8Array(gzipSync(data));
    expect(gunzip(plain, MiB)).toEqual(data);

    // FEXTRA, FNAME, FCOMMENT and FHCRC, built by hand around zlib's deflate data.
    const header = Uint8Array.of(0x1f, 0x8b, 8, 0x1e, 0, 0, 0, 0, 0, 3);
    const extra = Uint8Array.of(4, 0, 0x41, 0x42, 2, 0);
    const name = new TextEncoder().encode("site.tar\0");
    const comment = new TextEncoder().encode("a comment\0");
    const headerCrc = Uint8Array.of(0, 0);
    const body = plain.subarray(10); // deflate data and trailer
    expect(gunzip(concat([header, extra, name, comment, headerCrc, body]), MiB)).toEqual(data);

    const two = concat([gzipSync(data.subarray(0, 500)), gzipSync(data.subarray(500)), new Uint8Array(1024)]);
    expect(gunzip(two, MiB)).toEqual(data);
    // An empty last member: its trailer is all zeros, like the padding after it.
    const emptyLast = concat([gzipSync(data), gzipSync(new Uint8Array(0)), new Uint8Array(3)]);
    expect(gunzip(emptyLast, MiB)).toEqual(data);
  });

  it("finds every member's trailer when members and trailers straddle the chunks it is fed", () => {
    // A limit near the output's size makes the reader feed 1 KiB chunks.
    const members = Array.from({ length: 60 }, (_, i) => sample((i * 397) % 3000, i % 2 ? "text" : "random", i + 1));
    const stream = concat(members.map((m, i) => gzipSync(m, { level: i % 10 })));
    const whole = concat(members);
    expect(gunzip(stream, whole.length)).toEqual(whole);
    expect(problemOf(() => gunzip(stream, whole.length - 1))).toBe("too_large_expanded");
    const damaged = new Uint8Array(stream);
    damaged[gzipSync(members[0]!, { level: 0 }).length - 5]! ^= 1; // the first member's stated length
    expect(problemOf(() => gunzip(damaged, whole.length))).toBe("corrupt_archive");
  });

  it("refuses bad CRC, bad length, trailing junk, reserved flags and truncation", () => {
    const plain = new Uint8Array(gzipSync(data));
    const at = (i: number, value: number) => {
      const copy = new Uint8Array(plain);
      copy[i < 0 ? copy.length + i : i] = value;
      return copy;
    };
    expect(problemOf(() => gunzip(at(-8, plain.at(-8)! ^ 1), MiB))).toBe("corrupt_archive"); // CRC
    expect(problemOf(() => gunzip(at(-4, plain.at(-4)! ^ 1), MiB))).toBe("corrupt_archive"); // ISIZE
    expect(problemOf(() => gunzip(at(3, 0x20), MiB))).toBe("corrupt_archive"); // reserved flag
    expect(problemOf(() => gunzip(at(2, 9), MiB))).toBe("corrupt_archive"); // not deflate
    expect(problemOf(() => gunzip(concat([plain, Uint8Array.of(1, 2, 3)]), MiB))).toBe("corrupt_archive");
    expect(problemOf(() => gunzip(concat([plain, new Uint8Array(16), Uint8Array.of(1, 2, 3, 4, 5)]), MiB))).toBe(
      "corrupt_archive",
    );
    expect(problemOf(() => gunzip(concat([plain, plain.subarray(0, 30)]), MiB))).toBe("corrupt_archive"); // a cut-short second member
    for (const cut of [1, 4, 8, 9, plain.length - 10]) {
      expect(problemOf(() => gunzip(plain.subarray(0, plain.length - cut), MiB))).toBe("corrupt_archive");
    }
    expect(problemOf(() => gunzip(plain, data.length - 1))).toBe("too_large_expanded");
  });
});
