/**
 * Who the stand-in can sign in as, and the Google-shaped claims derived from them.
 *
 * Everything is derived from the email alone (plus the display name), so the same
 * person gets the same `sub` and picture across restarts — the app links accounts by
 * `sub`, and a dev database must keep working after the stand-in restarts.
 */
import { createHash } from "node:crypto";
import { avatarPath, sanitiseInitials } from "./avatar.ts";

export interface Identity {
  /** Lower-cased, like the addresses Google returns. */
  email: string;
  name: string;
}

export const KNOWN_ACCOUNTS: readonly Identity[] = [
  { email: "ada@example.com", name: "Ada Lovelace" },
  { email: "grace@example.com", name: "Grace Hopper" },
  { email: "alan@example.com", name: "Alan Turing" },
];

export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;

/** The claims Google puts in ID tokens and userinfo for a signed-in person. */
export interface IdentityClaims {
  sub: string;
  email: string;
  email_verified: true;
  name: string;
  given_name: string;
  family_name?: string;
  picture: string;
}

export function findKnownAccount(email: string): Identity | undefined {
  const wanted = normaliseEmail(email);
  return KNOWN_ACCOUNTS.find((account) => account.email === wanted);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Whitespace (including pasted newlines) collapses to single spaces; other control characters go. */
export function normaliseName(name: string): string {
  return name
    .replace(/\s+/gu, " ")
    .replace(/\p{Cc}/gu, "")
    .trim();
}

/**
 * Deliberately simple: one "@", no spaces, and a dotted domain. Enough to catch typos in
 * a local form without rejecting addresses a real provider would accept.
 */
export function isPlausibleEmail(email: string): boolean {
  return email.length <= EMAIL_MAX_LENGTH && /^[^\s@"<>]{1,64}@(?:[a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(email);
}

export function isAcceptableName(name: string): boolean {
  const length = Array.from(name).length;
  return length >= 1 && length <= NAME_MAX_LENGTH;
}

/** Hex SHA-256 of the lower-cased email: the seed for both `sub` and the avatar URL. */
export function emailHash(email: string): string {
  return createHash("sha256").update(normaliseEmail(email)).digest("hex");
}

/**
 * Google's subjects are 21-digit decimal strings starting with "1". Mimicking that shape
 * catches app code that assumes a format (e.g. stores `sub` as a number) before production does.
 */
export function subjectFor(email: string): string {
  const digits = (BigInt(`0x${emailHash(email)}`) % 10n ** 20n).toString().padStart(20, "0");
  return `1${digits}`;
}

export function splitName(name: string): { given: string; family?: string } {
  const words = name.split(" ").filter(Boolean);
  if (words.length <= 1) return { given: name };
  return { given: words[0] ?? name, family: words.slice(1).join(" ") };
}

export function claimsFor(identity: Identity, issuer: string): IdentityClaims {
  const { given, family } = splitName(identity.name);
  return {
    sub: subjectFor(identity.email),
    email: identity.email,
    email_verified: true,
    name: identity.name,
    given_name: given,
    ...(family === undefined ? {} : { family_name: family }),
    picture: `${issuer}${avatarPath(emailHash(identity.email), initialsFor(identity))}`,
  };
}

/** First letters of the first and last names, like Google's letter avatars; the email's as a fallback. */
export function initialsFor(identity: Identity): string {
  const letters = identity.name
    .split(" ")
    .map(firstLetter)
    .filter((letter) => letter !== "");
  const first = letters[0];
  const last = letters.length > 1 ? letters[letters.length - 1] : "";
  return sanitiseInitials(first === undefined ? firstLetter(identity.email) : `${first}${last ?? ""}`);
}

function firstLetter(text: string): string {
  return /\p{L}/u.exec(text)?.[0] ?? "";
}
