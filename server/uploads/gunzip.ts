import { crc32 } from "./crc32";
import { InflateOutput, inflateInto } from "./inflate";
import { UploadError, type Bytes } from "./upload-types";

/**
 * gzip (RFC 1952) on top of the bounded inflater: header, DEFLATE data, and a trailer
 * whose CRC-32 and length are checked. Concatenated members are one stream, as gunzip
 * treats them; zero bytes after the last member are padding some tools add.
 */
const FLAG_HEADER_CRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;
const FLAGS_RESERVED = 0xe0;
/** Deflate cannot expand data more than ~1032 times; a trailer claiming more is not believed. */
const MAX_DEFLATE_RATIO = 1032;

export function gunzip(input: Uint8Array, limit: number): Bytes {
  // The last member's trailer states its size: a good first guess for the buffer.
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const statedSize = input.length >= 18 ? view.getUint32(input.length - 4, true) : 0;
  const output = new InflateOutput(limit, Math.min(statedSize, input.length * MAX_DEFLATE_RATIO));
  let position = 0;
  do {
    position = member(input, view, position, output);
    while (position < input.length && input[position] === 0) position++;
  } while (position < input.length);
  return output.result();
}

function member(input: Uint8Array, view: DataView, start: number, output: InflateOutput): number {
  if (start + 10 > input.length || input[start] !== 0x1f || input[start + 1] !== 0x8b || input[start + 2] !== 8) {
    throw new UploadError("corrupt_archive");
  }
  const flags = input[start + 3]!;
  if (flags & FLAGS_RESERVED) throw new UploadError("corrupt_archive");
  let position = start + 10;
  if (flags & FLAG_EXTRA) {
    if (position + 2 > input.length) throw new UploadError("corrupt_archive");
    position += 2 + view.getUint16(position, true);
  }
  if (flags & FLAG_NAME) position = afterZeroTerminated(input, position);
  if (flags & FLAG_COMMENT) position = afterZeroTerminated(input, position);
  if (flags & FLAG_HEADER_CRC) position += 2;
  if (position > input.length) throw new UploadError("corrupt_archive");

  const memberStart = output.length;
  position = inflateInto(input, position, output);
  if (position + 8 > input.length) throw new UploadError("corrupt_archive");
  const produced = output.bytes.subarray(memberStart, output.length);
  if (view.getUint32(position, true) !== crc32(produced) || view.getUint32(position + 4, true) !== produced.length % 2 ** 32) {
    throw new UploadError("corrupt_archive");
  }
  return position + 8;
}

function afterZeroTerminated(input: Uint8Array, from: number): number {
  const zero = input.indexOf(0, from);
  if (zero < 0) throw new UploadError("corrupt_archive");
  return zero + 1;
}
