// OpenBerth size strings ("512m", "1g", "200g"): an integer with an optional
// k/m/g/t suffix, case-insensitive, binary multiples (5g = 5·2³⁰ bytes). A bare
// integer is bytes. We are stricter than OpenBerth on purpose: junk throws
// instead of silently meaning "no limit", because these values guard plan limits.

const MULTIPLIERS: Readonly<Record<string, number>> = Object.freeze({
  "": 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
});

const SIZE_PATTERN = /^(\d+)([kmgt]?)$/i;

/** Bytes for an OpenBerth size string. Throws on anything that isn't one. */
export function parseSize(s: string): number {
  const match = typeof s === "string" ? SIZE_PATTERN.exec(s) : null;
  const digits = match?.[1];
  const multiplier = MULTIPLIERS[(match?.[2] ?? "").toLowerCase()];
  if (digits === undefined || multiplier === undefined) {
    throw new Error(`Not an OpenBerth size: ${JSON.stringify(s)}`);
  }
  const bytes = Number(digits) * multiplier;
  if (!Number.isSafeInteger(bytes)) throw new Error(`Size too large: ${JSON.stringify(s)}`);
  return bytes;
}
