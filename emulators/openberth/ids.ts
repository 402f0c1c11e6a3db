/**
 * Identifiers in OpenBerth's formats: deployment ids are rs/xid values, keys and user ids
 * are prefixed random hex (`service/helpers.go`, `install/crypto.go`).
 */
import { randomBytes } from "node:crypto";

const BASE32_HEX = "0123456789abcdefghijklmnopqrstuv";

// xid = 4-byte big-endian seconds | 3-byte machine id | 2-byte pid | 3-byte counter.
const machineId = randomBytes(3);
let counter = randomBytes(3).readUIntBE(0, 3);

/** A 20-character xid; its first characters encode `nowMs` (seconds), so ids sort by time. */
export function newXid(nowMs: number): string {
  const id = Buffer.alloc(12);
  id.writeUInt32BE(Math.floor(nowMs / 1000) >>> 0, 0);
  machineId.copy(id, 4);
  id.writeUInt16BE(process.pid & 0xffff, 7);
  counter = (counter + 1) & 0xffffff;
  id.writeUIntBE(counter, 9, 3);
  return encodeBase32Hex(id);
}

/** 12 bytes → 20 characters: base32hex, lower case, no padding (96 bits + 4 zero bits). */
function encodeBase32Hex(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_HEX[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_HEX[(value << (5 - bits)) & 31];
  return out;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A user API key: `sc_` + 48 hex. */
export function newApiKey(): string {
  return `sc_${randomHex(24)}`;
}

/** A generated api_key-protection key: `sk_` + 48 hex. */
export function newProtectKey(): string {
  return `sk_${randomHex(24)}`;
}

/** A user id: `usr_` + 16 hex. */
export function newUserId(): string {
  return `usr_${randomHex(8)}`;
}
