// The shapes of OpenBerth's identifiers that reach Harbor's addresses. Every route that
// takes one from its URL checks it here first (a malformed one is a 404, never a call to
// the workspace's server). Matched exactly: no trimming, no case folding.

/** A deployment's or sandbox's id: 20 characters of lower-case base32hex (0-9, a-v). */
export const OPENBERTH_ID = /^[0-9a-v]{20}$/;

export function isOpenBerthId(value: unknown): value is string {
  return typeof value === "string" && OPENBERTH_ID.test(value);
}

/**
 * The name of one of the workspace's OpenBerth users (an access key's name), as Harbor
 * creates them: 1–40 letters, numbers, dots, dashes or underscores, starting with a letter
 * or a number. They appear in addresses and in the CLI, so they stay simple.
 */
export const ACCESS_KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

/** The workspace's own admin user: never an access key people create or remove. */
export const RESERVED_ACCESS_KEY_NAME = "admin";

export function isReservedAccessKeyName(name: string): boolean {
  return name.toLowerCase() === RESERVED_ACCESS_KEY_NAME;
}

/** An access key's name as it appears in an address (/access-keys/:userName). */
export function isAccessKeyName(value: unknown): value is string {
  return typeof value === "string" && ACCESS_KEY_NAME.test(value) && !isReservedAccessKeyName(value);
}
