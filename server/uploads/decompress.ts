import { FlateErrorCode, Gunzip, Inflate, type FlateError } from "fflate";
import { crc32 } from "./crc32";
import { UploadError, type Bytes } from "./upload-types";

/**
 * DEFLATE and gzip through fflate's streaming inflaters, fed in chunks small enough that
 * no chunk can expand past what the limit still allows (docs/decisions/0021-uploads.md):
 * the output is counted as it comes, so a bomb is refused within one chunk of the exact
 * limit, in every runtime. (DecompressionStream is not used: in workerd it inflates a
 * whole written chunk into memory before anything can count it.)
 */

/** Deflate cannot expand data more than ~1032 times (a 258-byte match in 2 bits). */
const MAX_DEFLATE_RATIO = 1032;
/**
 * fflate inflates a whole chunk before it hands over the output, growing its buffer as it
 * goes: with 16 KiB chunks no single step inflates more than ~16 MiB, whatever the data
 * (fflate holds up to three times that while it grows). Smaller chunks cost time: each
 * step allocates ~160 KiB.
 */
const MAX_CHUNK = 16 * 1024;
/** Near the limit chunks shrink to this: the most a bomb can get past the limit is ~1 MiB. */
const MIN_CHUNK = 1024;

/** gzip header flags (RFC 1952) no writer may set. */
const GZIP_RESERVED_FLAGS = 0xe0;
/** 10-byte header, an empty final block (2 bytes), 8-byte trailer. */
const GZIP_MIN_MEMBER = 20;

const corrupt = () => new UploadError("corrupt_archive");

/** How much input to feed next so that even the densest deflate stays within `room`. */
function chunkSize(room: number): number {
  return Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, Math.floor(room / MAX_DEFLATE_RATIO)));
}

/** fflate's errors for bad data become `corrupt_archive`; anything else is a bug and passes. */
function asUploadError(error: unknown): unknown {
  if (error instanceof UploadError) return error;
  const code = (error as Partial<FlateError> | null)?.code;
  const badData: number[] = [
    FlateErrorCode.UnexpectedEOF,
    FlateErrorCode.InvalidBlockType,
    FlateErrorCode.InvalidLengthLiteral,
    FlateErrorCode.InvalidDistance,
    FlateErrorCode.InvalidHeader,
  ];
  return error instanceof Error && typeof code === "number" && badData.includes(code) ? corrupt() : error;
}

/** Output that grows as needed, but never past `limit`. */
class Output {
  private bytes: Bytes;
  length = 0;

  constructor(
    readonly limit: number,
    sizeHint: number,
  ) {
    this.bytes = new Uint8Array(Math.max(0, Math.min(limit, sizeHint)));
  }

  append(chunk: Uint8Array): void {
    const needed = this.length + chunk.length;
    if (needed > this.limit) throw new UploadError("too_large_expanded");
    if (needed > this.bytes.length) {
      const grown = new Uint8Array(Math.min(this.limit, Math.max(needed, this.bytes.length * 2, 64 * 1024)));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(chunk, this.length);
    this.length = needed;
  }

  result(): Bytes {
    return this.bytes.subarray(0, this.length);
  }
}

/** Inflates a zip entry's raw DEFLATE data; more than `limit` bytes of output is refused as too large. */
export function inflateRaw(compressed: Uint8Array, sizeHint: number, limit: number): Bytes {
  // fflate reads an empty stream as empty output; a DEFLATE stream has at least one block.
  if (compressed.length === 0) throw corrupt();
  const output = new Output(limit, sizeHint);
  const inflater = new Inflate((chunk) => output.append(chunk));
  try {
    for (let at = 0; at < compressed.length;) {
      const end = Math.min(compressed.length, at + chunkSize(limit - output.length));
      inflater.push(compressed.subarray(at, end), end === compressed.length);
      at = end;
    }
  } catch (error) {
    throw asUploadError(error);
  }
  return output.result();
}

/**
 * gzip (RFC 1952), yielding the output as it is inflated. Concatenated members are one
 * stream, as gunzip treats them; zero bytes after the last member are padding some tools
 * add. fflate parses the headers and inflates; checked here, as gunzip does: reserved
 * flags, and each member's trailer (CRC-32 and length). More than `limit` bytes of output
 * is refused as too large.
 */
export function* gunzipChunks(input: Uint8Array, limit: number): Generator<Bytes, void, undefined> {
  checkMemberHeader(input, 0);
  let produced = 0;
  let member = { start: 0, crc: 0, length: 0 };
  const ready: Bytes[] = [];
  const inflater = new Gunzip((chunk) => {
    produced += chunk.length;
    if (produced > limit) throw new UploadError("too_large_expanded");
    member.crc = crc32(chunk, member.crc);
    member.length += chunk.length;
    ready.push(chunk);
  });
  // Called when the next member's header has been read: the previous trailer ends just before it.
  inflater.onmember = (offset) => {
    if (!trailerMatches(input, offset, member)) throw corrupt();
    checkMemberHeader(input, offset);
    member = { start: offset, crc: 0, length: 0 };
  };

  for (let at = 0, more = true; more && at < input.length;) {
    const end = Math.min(input.length, at + chunkSize(limit - produced));
    try {
      inflater.push(input.subarray(at, end), end === input.length);
    } catch (error) {
      // What follows the last member is not a gzip header: padding (checked below) or junk.
      const notAHeader = !(error instanceof UploadError) && (error as Partial<FlateError>).code === FlateErrorCode.InvalidHeader;
      if (!notAHeader) throw asUploadError(error);
      more = false;
    }
    at = end;
    yield* ready.splice(0);
  }

  // The last trailer: followed by nothing but zeros. It may end in zero bytes itself, so
  // it ends up to 8 bytes past the last non-zero byte, or 9 for an empty member (its
  // trailer is all zeros, and so is the last byte of its DEFLATE data, `03 00`).
  let lastNonZero = input.length;
  while (lastNonZero > member.start && input[lastNonZero - 1] === 0) lastNonZero--;
  for (let end = lastNonZero; end <= Math.min(input.length, lastNonZero + 9); end++) {
    if (end - member.start >= GZIP_MIN_MEMBER && trailerMatches(input, end, member)) return;
  }
  throw corrupt();
}

function checkMemberHeader(input: Uint8Array, start: number): void {
  if (start + GZIP_MIN_MEMBER > input.length || input[start] !== 0x1f || input[start + 1] !== 0x8b || input[start + 2] !== 8) {
    throw corrupt();
  }
  if (input[start + 3]! & GZIP_RESERVED_FLAGS) throw corrupt();
}

/** Whether the 8 bytes before `end` are the trailer of `member`: its CRC-32 and length (mod 2^32). */
function trailerMatches(input: Uint8Array, end: number, member: { crc: number; length: number }): boolean {
  if (end < 8 || end > input.length) return false;
  const view = new DataView(input.buffer, input.byteOffset + end - 8, 8);
  return view.getUint32(0, true) === member.crc && view.getUint32(4, true) === member.length % 2 ** 32;
}
