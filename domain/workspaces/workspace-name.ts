// Workspace names and the slugs derived from them. A name is what people call their
// workspace (any language, 1–60 characters); the slug is its address in Harbor's URLs:
// lowercase, unique among workspaces that are not deleted, never a reserved word.

export const NAME_MAX_LENGTH = 60;
/**
 * How many UTF-16 units one character people see may take in any text field: generous for
 * emoji families and accented scripts (a ZWJ family is 11), tight enough to bound the bytes.
 */
export const TEXT_UNITS_PER_CHARACTER = 16;
export const SLUG_MAX_LENGTH = 40;

/** Words that are, or may become, Harbor's own paths or could mislead people. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "account",
  "admin",
  "api",
  "app",
  "assets",
  "auth",
  "billing",
  "dashboard",
  "docs",
  "harbor",
  "help",
  "login",
  "logout",
  "new",
  "openberth",
  "pricing",
  "root",
  "settings",
  "sign-in",
  "sign-out",
  "signin",
  "signout",
  "static",
  "status",
  "support",
  "system",
  "www",
  "workspaces",
]);

export type NameCheck = { ok: true; name: string } | { ok: false; problem: "empty" | "too_long" | "invalid_characters" };

/** Trims, normalizes (NFC) and checks a name typed by a person. */
export function checkWorkspaceName(input: unknown): NameCheck {
  if (typeof input !== "string") return { ok: false, problem: "empty" };
  const name = input.normalize("NFC").replace(/\s+/gu, " ").trim();
  if (name.length === 0) return { ok: false, problem: "empty" };
  // Count what people see as characters, not UTF-16 units — and cap the units too: one
  // letter with 500,000 combining accents is one character but a megabyte.
  if (name.length > NAME_MAX_LENGTH * TEXT_UNITS_PER_CHARACTER || graphemeCount(name) > NAME_MAX_LENGTH) {
    return { ok: false, problem: "too_long" };
  }
  // Control, private-use and unassigned characters, and invisible formatting such as
  // right-to-left overrides; the joiners inside emoji (U+200C, U+200D) are fine.
  if (/[\p{Cc}\p{Co}\p{Cn}]|(?![\u200c\u200d])\p{Cf}/u.test(name)) return { ok: false, problem: "invalid_characters" };
  return { ok: true, name };
}

/**
 * The base slug for a name: accents dropped, lowercase letters and digits joined by
 * single dashes. Names with no Latin letters or digits (e.g. 日本語) give "workspace".
 */
export function slugBase(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/[ø]/g, "o")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = ascii.slice(0, SLUG_MAX_LENGTH).replace(/-+$/g, "");
  return cut.length > 0 ? cut : "workspace";
}

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug);
}

/**
 * The first free slug for `base` given the slugs already taken: base, base-2, base-3…
 * A reserved base gets a suffix too, so "Admin" becomes "admin-2" and never "admin".
 */
export function firstFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base) && !isReservedSlug(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/g, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export function isSlug(value: unknown): value is string {
  return typeof value === "string" && /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/.test(value);
}

function graphemeCount(text: string): number {
  return [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].length;
}
