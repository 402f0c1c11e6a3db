/**
 * What the fuzz suite sends: random and hostile values (fast-check arbitraries), and the
 * one place they are turned into bytes — so that what cannot be typed into a form (lone
 * surrogates, invalid UTF-8, NUL) still reaches the Worker exactly as generated.
 */
import fc from "fast-check";

/**
 * tests/support/jargon.ts, the one list of words our customers don't read. Loaded through
 * Vite rather than imported: that file is not part of the workerd tests' TypeScript project
 * (tsconfig.cloudflare.json), and a composite project refuses imports from outside its list.
 */
export const JARGON: RegExp = (
  Object.values(import.meta.glob("../../support/jargon.ts", { eager: true }))[0] as { JARGON: RegExp }
).JARGON;

/** What leaks of a stack trace or an internal error look like. */
export const STACK = /at \w+ \(|\.tsx?:\d+|node_modules|Error:/;

/** One value of a form field. */
export type Value =
  | { kind: "text"; text: string }
  /** A file where text was expected (or the file a field wants). */
  | { kind: "file"; name: string; type: string; content: string }
  /** Bytes that are not UTF-8 at all (sent as they are). */
  | { kind: "bytes"; bytes: number[] };

export const text = (t: string): Value => ({ kind: "text", text: t });

/** Unicode that breaks naive code: combining marks, bidi overrides, zero-width, controls, emoji. */
export const UNICODE_EDGES = [
  "e\u0301",
  "a\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308",
  "Z\u0334\u0327\u031b\u0316\u034e\u0344a\u0338l\u0335g\u0337o\u0336",
  "\u202e",
  "abc\u202edcba",
  "\u202d\u2066\u2067\u2068\u2069",
  "\u200b",
  "\u200c\u200d",
  "\ufeff",
  "\u00a0",
  "\u2028\u2029",
  "\u0000",
  "a\u0000b",
  "\u0007\u0008\u001b[31m",
  "\r\n\r\n",
  "\t",
  "\u007f\u0085",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\ufffd",
  "\uffff",
  "🚀",
  "👩\u200d👩\u200d👧\u200d👦",
  "🇪🇺",
  "🏳️\u200d🌈",
  "İı",
  "ß",
  "ﷺ",
  "𝕳𝖆𝖗𝖇𝖔𝖗",
  "日本語",
  "עברית",
  "العربية",
] as const;

/** Strings that mean something to some layer: markup, SQL, paths, templates, numbers. */
export const HOSTILE_WORDS = [
  "",
  " ",
  "   ",
  "0",
  "-1",
  "1e309",
  "99999999999999999999",
  "0x10",
  "true",
  "[]",
  "{}",
  "[object Object]",
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE accounts; --",
  "' OR '1'='1",
  "../../etc/passwd",
  "..",
  "./",
  "%2e%2e%2f",
  "%00",
  "%",
  "%%%",
  "\\",
  "/",
  "//evil.example",
  "https://evil.example/",
  "javascript:alert(1)",
  "{{7*7}}",
  "${7*7}",
  "__proto__",
  "constructor",
  "toString",
  "yes",
  "on",
  "admin",
  "Admin",
  "sc_00000000000000000000000000000000",
  "a".repeat(41),
  "a".repeat(61),
  "a".repeat(101),
  "a".repeat(201),
  "a".repeat(501),
] as const;

/** A string no check of ours should be fooled by (and that the page may echo back). */
const arbSafe = (arb: fc.Arbitrary<string>) => arb.filter((s) => !STACK.test(s) && !JARGON.test(s));

export const unicodeEdge = fc.constantFrom(...UNICODE_EDGES);

/** Random short text of every kind: ASCII, any code point, edge cases strung together. */
export const shortText: fc.Arbitrary<string> = arbSafe(
  fc.oneof(
    fc.constantFrom(...HOSTILE_WORDS),
    fc.string({ maxLength: 30 }),
    fc.string({ unit: "binary", maxLength: 20 }),
    fc.string({ unit: "binary-ascii", maxLength: 20 }),
    fc.string({ unit: "grapheme", maxLength: 10 }),
    fc.array(fc.oneof(unicodeEdge, fc.string({ maxLength: 4 })), { minLength: 1, maxLength: 5 }).map((parts) => parts.join("")),
  ),
);

/** 10–200 KB of one repeated piece (a character, a combining mark, markup…). */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 10_000, max: 200_000 }), fc.constantFrom("a", "é", "\u0301", "🚀", "<b>", "\u202e", " ", "%"))
  .map(([size, piece]) => piece.repeat(Math.ceil(size / piece.length)));

/** A valid value with something hostile around it (spaces, NUL, bidi, a path). */
export const nearMiss = (valid: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(
      valid,
      fc.constantFrom("pre", "post", "both", "upper", "inside"),
      fc.oneof(unicodeEdge, fc.constantFrom(" ", "\t", "/..", "%20", "\u0000")),
    )
    .map(([v, where, edge]) => {
      if (where === "pre") return `${edge}${v}`;
      if (where === "post") return `${v}${edge}`;
      if (where === "both") return `${edge}${v}${edge}`;
      if (where === "upper") return v.toUpperCase() === v ? `${v}${edge}` : v.toUpperCase();
      const mid = Math.floor(v.length / 2);
      return `${v.slice(0, mid)}${edge}${v.slice(mid)}`;
    });

export const fileValue: fc.Arbitrary<Value> = fc.record({
  kind: fc.constant("file" as const),
  name: fc.oneof(fc.constantFrom("a.txt", "index.html", "site.zip", "x.tar.gz", "", "../../x", "\u202eexe.txt"), shortText),
  type: fc.constantFrom(
    "application/octet-stream",
    "text/html",
    "text/plain",
    "application/zip",
    "application/gzip",
    "image/png",
    "",
  ),
  content: fc.oneof(fc.constant(""), shortText, fc.constant("PK\u0003\u0004garbage"), fc.constant("\u001f\u008bnot really gzip")),
});

/** Bytes that are not UTF-8 (a lone surrogate as WTF-8, an overlong slash, a stray continuation). */
export const badBytes: fc.Arbitrary<Value> = fc
  .constantFrom<number[]>([0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80], [0xff, 0xfe], [0xf4, 0x90, 0x80, 0x80], [0x61, 0x00, 0x62])
  .map((bytes): Value => ({ kind: "bytes", bytes: [...bytes] }));

/**
 * Any value for a field whose good values are `valid`: mostly hostile, sometimes good, so
 * that the checks behind the first one are reached too.
 */
export function fieldValue(valid: fc.Arbitrary<string> | null): fc.Arbitrary<Value> {
  const good = valid ?? shortText;
  return fc.oneof(
    { weight: 4, arbitrary: good.map(text) },
    { weight: 2, arbitrary: nearMiss(good).map(text) },
    { weight: 4, arbitrary: shortText.map(text) },
    { weight: 1, arbitrary: hugeText.map(text) },
    { weight: 1, arbitrary: fileValue },
    { weight: 1, arbitrary: badBytes },
  );
}

/** A field's entries: left out, once, or twice (the same value or two different ones). */
export function fieldEntries(name: string, valid: fc.Arbitrary<string> | null): fc.Arbitrary<[string, Value][]> {
  const value = fieldValue(valid);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<[string, Value][]>([]) },
    { weight: 8, arbitrary: value.map((v): [string, Value][] => [[name, v]]) },
    {
      weight: 1,
      arbitrary: fc.tuple(value, value).map(([a, b]): [string, Value][] => [
        [name, a],
        [name, b],
      ]),
    },
  );
}

/** Fields no form has: random names, prototype keys, conform's own markers. */
export const strayEntries: fc.Arbitrary<[string, Value][]> = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom("__proto__", "constructor", "intent[]", "name[0]", "__intent__", "$ACTION_ID_x", "_data", "index"),
      shortText,
    ),
    fieldValue(null),
  ),
  { maxLength: 2 },
);

// ---------------------------------------------------------------------------------------
// Into bytes.

const utf8 = new TextEncoder();

/** WTF-8: UTF-8, except that a lone surrogate is written as its own three bytes. */
export function wtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out.push(...utf8.encode(s.slice(i, i + 2)));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    } else {
      out.push(...utf8.encode(s[i]!));
    }
  }
  return new Uint8Array(out);
}

function valueBytes(v: Value): Uint8Array {
  if (v.kind === "bytes") return new Uint8Array(v.bytes);
  return wtf8(v.kind === "text" ? v.text : v.content);
}

function percent(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9*\-._]/.test(ch) ? ch : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** application/x-www-form-urlencoded; a file can't be sent this way, so its name goes (as browsers do). */
export function urlEncoded(entries: readonly [string, Value][]): string {
  return entries.map(([k, v]) => `${percent(wtf8(k))}=${percent(v.kind === "file" ? wtf8(v.name) : valueBytes(v))}`).join("&");
}

export const BOUNDARY = "----harborfuzz7MA4YWxkTrZu0gW";

/** multipart/form-data, written by hand so names and values go byte for byte. */
export function multipart(entries: readonly [string, Value][]): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  const quote = (s: string) => s.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));
  for (const [name, v] of entries) {
    const head =
      v.kind === "file"
        ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(v.name)}"\r\nContent-Type: ${v.type || "application/octet-stream"}\r\n\r\n`
        : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n`;
    parts.push(wtf8(head), valueBytes(v), utf8.encode("\r\n"));
  }
  parts.push(utf8.encode(`--${BOUNDARY}--\r\n`));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The texts a case sent that a page may rightly show back (for the leak checks to ignore). */
export function echoes(entries: readonly [string, Value][]): string[] {
  const out = new Set<string>();
  for (const [k, v] of entries) {
    for (const s of [k, v.kind === "text" ? v.text : v.kind === "file" ? `${v.name}\n${v.content}` : ""]) {
      for (const piece of s.split("\n")) {
        if (piece.trim().length >= 2) {
          out.add(piece);
          out.add(piece.trim());
          out.add(piece.normalize("NFC").replace(/\s+/gu, " ").trim());
        }
      }
    }
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** A compact description of a value for failure messages (never 200 KB of it). */
export function describeValue(v: Value): string {
  if (v.kind === "bytes") return `bytes[${v.bytes.map((b) => b.toString(16)).join(" ")}]`;
  if (v.kind === "file") return `File(${JSON.stringify(clip(v.name))}, ${v.type || "-"}, ${v.content.length} chars)`;
  return JSON.stringify(clip(v.text));
}

export function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max)}…(${s.length} chars)` : s;
}
