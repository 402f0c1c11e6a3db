import { UploadError, type Bytes } from "./upload-types";

/**
 * A raw DEFLATE (RFC 1951) decoder that stops as soon as its output passes a limit.
 *
 * Why not DecompressionStream: in workerd it has no backpressure (compression.c++,
 * `writeInternal`: "does not yet implement any backpressure"). Each written chunk is
 * inflated in full into an internal buffer, and writes resolve at once, so a pipe
 * inflates a whole zip bomb into memory (a 25 MiB upload can hold ~25 GiB) before the
 * reader can count anything. Decoding here keeps the limit exact, in every runtime.
 */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289,
  16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which code-length code lengths are sent (RFC 1951 §3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const END_OF_BLOCK = 256;

function corrupt(): UploadError {
  return new UploadError("corrupt_archive");
}

/** Output that grows as needed, but never past `limit`: that is where a bomb is refused. */
export class InflateOutput {
  bytes: Bytes;
  length = 0;

  constructor(
    readonly limit: number,
    sizeHint: number,
  ) {
    this.bytes = new Uint8Array(Math.max(0, Math.min(limit, sizeHint)));
  }

  reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.bytes.length) return;
    if (needed > this.limit) throw new UploadError("too_large_expanded");
    const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.bytes.length * 2, 64 * 1024)));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  result(): Bytes {
    return this.bytes.subarray(0, this.length);
  }
}

/**
 * A lookup table for one Huffman code: indexed by the next `bits` input bits (codes
 * are sent bit-reversed), each entry is `symbol << 4 | code length`; 0 marks a bit
 * pattern that is no code (possible in incomplete codes), which is corrupt input.
 */
interface HuffmanTable {
  entries: Int32Array;
  bits: number;
}

function huffmanTable(lengths: Uint8Array): HuffmanTable {
  const countPerLength = new Uint16Array(16);
  let bits = 0;
  for (const length of lengths) {
    countPerLength[length]! += 1;
    if (length > bits) bits = length;
  }
  countPerLength[0] = 0;
  let left = 1;
  for (let length = 1; length <= 15; length++) {
    left = (left << 1) - countPerLength[length]!;
    if (left < 0) throw corrupt(); // over-subscribed: more codes than bit patterns
  }
  const nextCode = new Uint16Array(16);
  for (let length = 1, code = 0; length <= 15; length++) {
    code = (code + countPerLength[length - 1]!) << 1;
    nextCode[length] = code;
  }
  const entries = new Int32Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol]!;
    if (length === 0) continue;
    const code = nextCode[length]!;
    nextCode[length] = code + 1;
    let reversed = 0;
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i);
    for (let index = reversed; index < entries.length; index += 1 << length) entries[index] = (symbol << 4) | length;
  }
  return { entries, bits };
}

let fixedTables: { literals: HuffmanTable; distances: HuffmanTable } | null = null;

function fixedHuffmanTables() {
  if (!fixedTables) {
    const literals = new Uint8Array(288);
    literals.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedTables = { literals: huffmanTable(literals), distances: huffmanTable(new Uint8Array(30).fill(5)) };
  }
  return fixedTables;
}

/**
 * Decodes one raw DEFLATE stream from `input` at `start`, appending to `output`.
 * Returns the index of the first byte after the stream (gzip's trailer follows it).
 */
export function inflateInto(input: Uint8Array, start: number, output: InflateOutput): number {
  let position = start;
  let bitBuffer = 0;
  let bitCount = 0;
  /** Zero bytes made up past the end of input, so a lookahead near the end can be taken at all. */
  let padding = 0;
  const streamStart = output.length;

  const need = (count: number) => {
    while (bitCount < count) {
      if (position < input.length) {
        bitBuffer |= input[position++]! << bitCount;
      } else {
        // Made-up bits that were consumed mean the stream was cut short.
        if (padding * 8 > bitCount) throw corrupt();
        padding += 1;
      }
      bitCount += 8;
    }
  };
  const take = (count: number) => {
    need(count);
    const value = bitBuffer & ((1 << count) - 1);
    bitBuffer >>>= count;
    bitCount -= count;
    return value;
  };
  const decode = (table: HuffmanTable) => {
    need(table.bits);
    const entry = table.entries[bitBuffer & ((1 << table.bits) - 1)]!;
    if (entry === 0) throw corrupt();
    const length = entry & 15;
    bitBuffer >>>= length;
    bitCount -= length;
    return entry >>> 4;
  };

  let final = false;
  while (!final) {
    final = take(1) === 1;
    const type = take(2);
    if (type === 0) {
      storedBlock();
    } else if (type === 1) {
      const { literals, distances } = fixedHuffmanTables();
      compressedBlock(literals, distances);
    } else if (type === 2) {
      const { literals, distances } = dynamicTables();
      compressedBlock(literals, distances);
    } else {
      throw corrupt();
    }
  }
  if (padding * 8 > bitCount) throw corrupt();
  // Whole bytes still in the bit buffer were read ahead and belong to what follows.
  return position - Math.floor((bitCount - padding * 8) / 8);

  function storedBlock() {
    take(bitCount % 8); // to a byte boundary
    const length = take(16);
    const complement = take(16);
    if (padding > 0 || (length ^ 0xffff) !== complement) throw corrupt();
    // Give back the whole bytes already pulled into the bit buffer, then copy directly.
    position -= bitCount / 8;
    bitBuffer = 0;
    bitCount = 0;
    if (position + length > input.length) throw corrupt();
    output.reserve(length);
    output.bytes.set(input.subarray(position, position + length), output.length);
    output.length += length;
    position += length;
  }

  function dynamicTables() {
    const literalCount = take(5) + 257;
    const distanceCount = take(5) + 1;
    const codeLengthCount = take(4) + 4;
    if (literalCount > 286 || distanceCount > 30) throw corrupt();
    const codeLengthLengths = new Uint8Array(19);
    for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]!] = take(3);
    const codeLengths = huffmanTable(codeLengthLengths);
    const lengths = new Uint8Array(literalCount + distanceCount);
    for (let i = 0; i < lengths.length;) {
      const symbol = decode(codeLengths);
      if (symbol < 16) {
        lengths[i++] = symbol;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (symbol === 16) {
        if (i === 0) throw corrupt(); // nothing to repeat
        value = lengths[i - 1]!;
        repeat = 3 + take(2);
      } else if (symbol === 17) {
        repeat = 3 + take(3);
      } else {
        repeat = 11 + take(7);
      }
      if (i + repeat > lengths.length) throw corrupt();
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[END_OF_BLOCK] === 0) throw corrupt(); // a block that cannot end
    return { literals: huffmanTable(lengths.subarray(0, literalCount)), distances: huffmanTable(lengths.subarray(literalCount)) };
  }

  function compressedBlock(literals: HuffmanTable, distances: HuffmanTable) {
    for (;;) {
      const symbol = decode(literals);
      if (symbol < 256) {
        if (output.length === output.bytes.length) output.reserve(1);
        output.bytes[output.length++] = symbol;
        continue;
      }
      if (symbol === END_OF_BLOCK) return;
      const lengthCode = symbol - 257;
      if (lengthCode >= 29) throw corrupt();
      const length = LENGTH_BASE[lengthCode]! + take(LENGTH_EXTRA[lengthCode]!);
      const distanceCode = decode(distances);
      if (distanceCode >= 30) throw corrupt();
      const distance = DISTANCE_BASE[distanceCode]! + take(DISTANCE_EXTRA[distanceCode]!);
      if (distance > output.length - streamStart) throw corrupt(); // before the start of this stream
      output.reserve(length);
      const bytes = output.bytes;
      let to = output.length;
      if (distance >= length) {
        bytes.copyWithin(to, to - distance, to - distance + length);
        to += length;
      } else {
        // Overlapping copy (a run): byte by byte, as the format defines it.
        for (const end = to + length; to < end; to++) bytes[to] = bytes[to - distance]!;
      }
      output.length = to;
    }
  }
}

/** Inflates a zip entry's raw DEFLATE data; more than `limit` bytes of output is refused as too large. */
export function inflateRaw(compressed: Uint8Array, sizeHint: number, limit: number): Bytes {
  const output = new InflateOutput(limit, sizeHint);
  inflateInto(compressed, 0, output);
  return output.result();
}
