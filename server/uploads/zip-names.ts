import { crc32 } from "./crc32";

/**
 * Zip entry names are CP437 unless flag bit 11 says UTF-8, but many tools (macOS
 * Archive Utility among them) write UTF-8 without setting it. So: the Info-ZIP Unicode
 * Path field when present, else UTF-8 when the bytes are valid UTF-8, else CP437.
 */
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** CP437 bytes 0x80–0xFF; the lower half is ASCII. */
export const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐" +
  "└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

const UNICODE_PATH_FIELD = 0x7075;

export function decodeZipName(name: Uint8Array, extra: Uint8Array): string {
  const unicodePath = unicodePathField(name, extra);
  if (unicodePath !== null) return unicodePath;
  try {
    return utf8.decode(name);
  } catch {
    return Array.from(name, (byte) => (byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80]!)).join("");
  }
}

/** The UTF-8 name in an Info-ZIP Unicode Path extra field, if it is there and still describes this name (its CRC). */
function unicodePathField(name: Uint8Array, extra: Uint8Array): string | null {
  const view = new DataView(extra.buffer, extra.byteOffset, extra.byteLength);
  for (let offset = 0; offset + 4 <= extra.length;) {
    const id = view.getUint16(offset, true);
    const size = view.getUint16(offset + 2, true);
    const start = offset + 4;
    if (start + size > extra.length) return null;
    if (id === UNICODE_PATH_FIELD && size >= 5 && extra[start] === 1 && view.getUint32(start + 1, true) === crc32(name)) {
      try {
        return utf8.decode(extra.subarray(start + 5, start + size));
      } catch {
        return null;
      }
    }
    offset = start + size;
  }
  return null;
}
