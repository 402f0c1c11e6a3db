/** ULIDs for the stand-ins: 48-bit time + 80 random bits, Crockford base32. */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function ulid(time = Date.now()): string {
  let t = "";
  for (let i = 0, n = time; i < 10; i++, n = Math.floor(n / 32)) t = ALPHABET[n % 32] + t;
  let r = "";
  for (const b of randomBytes(16)) r += ALPHABET[b % 32];
  return t + r;
}
