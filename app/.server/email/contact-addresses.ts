/**
 * Where an account's emails go (issue 13): its contact address (the sign-in address unless
 * another is set on the account page) and its billing contacts (the billing page). Every
 * change is limited to the signed-in account's own rows: an id of someone else's is "not
 * found" and changes nothing. Addresses are stored in the one form `normalizeEmailAddress`
 * gives (lowercased, trimmed), the form `recipientsOf` (server/repositories/email-outbox.ts)
 * sends to and the undeliverable marks are kept in.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { MAX_BILLING_CONTACTS } from "../../../domain/email/addresses";
import { accounts, billingContacts, undeliverableAddresses } from "../../../drizzle/schema";
import type { Database } from "../../../server/db/database";
import { prefixedId } from "../../../server/ids";
import type { Logger } from "../../../server/observability/logger";
import { recipientsOf } from "../../../server/repositories/email-outbox";

export interface ContactAddresses {
  /** The Google sign-in address. */
  signInEmail: string;
  /** Where we email them: the contact address, or the sign-in one when none is set. */
  current: string;
  usesSignInAddress: boolean;
  currentUndeliverable: boolean;
  contacts: { id: string; email: string; undeliverable: boolean }[];
}

/** The account's addresses as the pages show them (three small reads). */
export async function contactAddresses(db: Database, accountId: string): Promise<ContactAddresses | null> {
  const [account] = await db
    .select({ email: accounts.email, contactEmail: accounts.contactEmail })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .limit(1);
  if (!account) return null;
  const [contacts, recipients] = await Promise.all([
    db
      .select({ id: billingContacts.id, email: billingContacts.email })
      .from(billingContacts)
      .where(eq(billingContacts.accountId, accountId))
      .orderBy(asc(billingContacts.createdAt), asc(billingContacts.id)),
    recipientsOf(db, accountId),
  ]);
  const blocked = new Set(recipients.filter((r) => r.undeliverable).map((r) => r.address));
  const current = (account.contactEmail ?? account.email).toLowerCase();
  return {
    signInEmail: account.email,
    current,
    usesSignInAddress: account.contactEmail === null,
    currentUndeliverable: blocked.has(current),
    contacts: contacts.map((c) => ({ ...c, undeliverable: blocked.has(c.email.toLowerCase()) })),
  };
}

/**
 * Sets where we email the account (an address already normalised), or back to the sign-in
 * address with `null` — the sign-in address typed in again counts as going back.
 */
export async function setContactEmail(db: Database, accountId: string, address: string | null): Promise<string> {
  const [account] = await db.select({ email: accounts.email }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
  if (!account) throw new Error("account not found");
  const stored = address === null || address === account.email.toLowerCase() ? null : address;
  await db.update(accounts).set({ contactEmail: stored, updatedAt: new Date() }).where(eq(accounts.id, accountId));
  return stored ?? account.email.toLowerCase();
}

export type AddContactOutcome = { ok: true; id: string } | { ok: false; reason: "full" | "duplicate" | "own_address" };

/**
 * Adds a billing contact (an address already normalised). One statement, so two tabs adding
 * at once never pass the limit: the row is written only while fewer than the most are there,
 * and never twice for the same address.
 */
export async function addBillingContact(db: Database, accountId: string, address: string): Promise<AddContactOutcome> {
  const [account] = await db
    .select({ email: accounts.email, contactEmail: accounts.contactEmail })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .limit(1);
  if (!account) throw new Error("account not found");
  if ((account.contactEmail ?? account.email).toLowerCase() === address) return { ok: false, reason: "own_address" };
  const id = prefixedId("bc");
  const result = await db.run(sql`
    INSERT INTO ${billingContacts} (id, account_id, email, created_at)
    SELECT ${id}, ${accountId}, ${address}, ${Date.now()}
    WHERE (SELECT count(*) FROM ${billingContacts} WHERE account_id = ${accountId}) < ${MAX_BILLING_CONTACTS}
    ON CONFLICT (account_id, email) DO NOTHING`);
  if ((result.meta.changes ?? 0) > 0) return { ok: true, id };
  const [existing] = await db
    .select({ id: billingContacts.id })
    .from(billingContacts)
    .where(and(eq(billingContacts.accountId, accountId), eq(billingContacts.email, address)))
    .limit(1);
  return { ok: false, reason: existing ? "duplicate" : "full" };
}

/** Removes one of the account's own billing contacts; its address, or null when it is not theirs. */
export async function removeBillingContact(db: Database, accountId: string, contactId: string): Promise<string | null> {
  const removed = await db
    .delete(billingContacts)
    .where(and(eq(billingContacts.id, contactId), eq(billingContacts.accountId, accountId)))
    .returning({ email: billingContacts.email });
  return removed[0]?.email ?? null;
}

/**
 * "Try this address again": lifts the undeliverable mark of one of the account's own
 * addresses (never anyone else's). False when the address is not theirs or not marked.
 */
export async function retryAddress(db: Database, accountId: string, address: string): Promise<boolean> {
  const wanted = address.trim().toLowerCase();
  const mine = await recipientsOf(db, accountId);
  if (!mine.some((r) => r.address === wanted && r.undeliverable)) return false;
  const removed = await db
    .delete(undeliverableAddresses)
    .where(eq(undeliverableAddresses.address, wanted))
    .returning({ address: undeliverableAddresses.address });
  return removed.length > 0;
}

/**
 * For the layout's banner: the account's addresses we can't deliver to, or null. One read
 * per signed-in page — the recipients as `recipientsOf` chooses them (contact ?? sign-in
 * address, plus billing contacts, lowercased) against the marks; a failure only hides it.
 */
export async function emailBanner(db: Database, account: { id: string }, log?: Logger): Promise<string[] | null> {
  try {
    const rows = await db.all<{ address: string }>(sql`
      SELECT address FROM ${undeliverableAddresses}
      WHERE address IN (
        SELECT lower(coalesce(contact_email, email)) FROM ${accounts} WHERE id = ${account.id}
        UNION SELECT lower(email) FROM ${billingContacts} WHERE account_id = ${account.id}
      )
      ORDER BY address`);
    return rows.length > 0 ? rows.map((r) => r.address) : null;
  } catch (error) {
    log?.warn("email.banner_unavailable", { error });
    return null;
  }
}
