/**
 * The small parsers of `service/helpers.go` and `httphandler/handler.go`: name → subdomain,
 * TTL strings, size strings, and the logs `tail` parameter.
 */

/** Lower-case, `[^a-z0-9-]` → `-`, collapse runs of `-`, trim `-`, cut to 40 characters. */
export function sanitizeName(name: string): string {
  if (name === "") return "";
  let s = name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  s = s.replace(/-+/g, "-").replace(/^-+|-+$/g, "");
  return s.length > 40 ? s.slice(0, 40) : s;
}

/**
 * `ParseTTL`: "" → the default, "0" → 0 (never expires), `^\d+(h|d)?$` → hours, anything
 * else → the default. (PATCH passes 0 as the default, which is why a bad TTL there clears
 * the expiry.)
 */
export function parseTtlHours(ttl: string, defaultHours: number): number {
  if (ttl === "") return defaultHours;
  if (ttl === "0") return 0;
  const m = /^([0-9]+)(h|d)?$/.exec(ttl);
  if (!m) return defaultHours;
  const n = Math.min(Number(m[1]), 1e9);
  return m[2] === "d" ? n * 24 : n;
}

/** `ParseSize`: `<int>[k|m|g|t]`, binary multiples; "" and "0" are 0. Throws like strconv.ParseInt. */
export function parseSize(text: string): number {
  let s = text.trim().toLowerCase();
  if (s === "" || s === "0") return 0;
  const multipliers: Record<string, number> = { t: 2 ** 40, g: 2 ** 30, m: 2 ** 20, k: 2 ** 10 };
  let multiplier = 1;
  const suffix = s.slice(-1);
  const known = multipliers[suffix];
  if (known !== undefined) {
    multiplier = known;
    s = s.slice(0, -1);
  }
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.ParseInt: parsing "${s}": invalid syntax`);
  return Number(s) * multiplier;
}

/** `parseTail`: default 200, capped at 10000; ≤0, non-numeric or out of range → 200. */
export function parseTail(raw: string | null): number {
  if (raw === null || !/^[+-]?[0-9]+$/.test(raw)) return 200;
  const n = BigInt(raw);
  if (n > 9223372036854775807n || n <= 0n) return 200;
  return n > 10000n ? 10000 : Number(n);
}

/** strconv.Atoi for form values: a whole number in int64 range, else null. */
export function atoi(raw: string): number | null {
  if (!/^[+-]?[0-9]+$/.test(raw)) return null;
  const n = BigInt(raw);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return null;
  return Number(n);
}
