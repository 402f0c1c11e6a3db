/**
 * Sortable unique ids (ULID: 48-bit millisecond time + 80 random bits, Crockford base32),
 * so rows sort by creation without an extra column.
 */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function ulid(time = Date.now()): string {
  let t = "";
  for (let i = 0, n = time; i < 10; i++, n = Math.floor(n / 32)) t = ALPHABET[n % 32] + t;
  const random = crypto.getRandomValues(new Uint8Array(16));
  let r = "";
  for (const b of random) r += ALPHABET[b % 32];
  return t + r;
}

/** Ids with a readable prefix, e.g. "ws_01J…" for a workspace. */
export function prefixedId(prefix: string): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}
