/**
 * JSON output as Go's `json.NewEncoder(w).Encode(v)` writes it: a trailing newline, and
 * `<`, `>`, `&`, U+2028 and U+2029 escaped. Go writes a map's keys sorted and a struct's
 * fields in declaration order; handlers that mirror a Go map pass their object through
 * `sortedKeys` so the byte order matches too.
 */

export function encodeGoJson(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return (
    text
      .replaceAll("<", "\\u003c")
      .replaceAll(">", "\\u003e")
      .replaceAll("&", "\\u0026")
      .replaceAll("\u2028", "\\u2028")
      .replaceAll("\u2029", "\\u2029") + "\n"
  );
}

/** A copy of `obj` with its keys in byte order, as Go encodes a map. */
export function sortedKeys<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj).sort(compareBytes)) out[key] = obj[key];
  return out as T;
}

export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
