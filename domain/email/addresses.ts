/**
 * Email addresses a customer types (their contact address, a billing contact): the one
 * check, pure, used before anything is stored. Deliberately plain, not RFC 5322: one
 * address per field, lowercased and trimmed — the same form `recipientsOf`
 * (server/repositories/email-outbox.ts) and the undeliverable marks compare in.
 */

/** The longest address a mail server accepts (RFC 5321's path limit). */
export const EMAIL_ADDRESS_MAX_LENGTH = 254;

/** Besides the contact address, at most this many people get the billing emails. */
export const MAX_BILLING_CONTACTS = 5;

export const EMAIL_ADDRESS_PROBLEMS = ["empty", "not_an_address", "too_long"] as const;
export type EmailAddressProblem = (typeof EMAIL_ADDRESS_PROBLEMS)[number];

export type EmailAddressCheck = { ok: true; address: string } | { ok: false; problem: EmailAddressProblem };

/**
 * One local part, one @, a domain of dot-separated labels with at least one dot. No spaces,
 * angle brackets, commas, semicolons, quotes or parentheses anywhere: "Name <a@b.com>" and
 * "a@b.com, c@d.com" are refused rather than half-read.
 */
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

export function normalizeEmailAddress(raw: string): EmailAddressCheck {
  const address = raw.trim().toLowerCase();
  if (address === "") return { ok: false, problem: "empty" };
  if (address.length > EMAIL_ADDRESS_MAX_LENGTH) return { ok: false, problem: "too_long" };
  const at = address.indexOf("@");
  if (at <= 0 || at !== address.lastIndexOf("@")) return { ok: false, problem: "not_an_address" };
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes(".."))
    return { ok: false, problem: "not_an_address" };
  const labels = domain.split(".");
  if (labels.length < 2 || labels.some((l) => l.length > 63 || !LABEL.test(l))) return { ok: false, problem: "not_an_address" };
  // The last label is a name (com, de, co.uk's uk), never a number.
  if (/^[0-9]+$/.test(labels.at(-1)!)) return { ok: false, problem: "not_an_address" };
  return { ok: true, address };
}

/** The same address in the one form stored and compared (no check). */
export function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
