/**
 * Where an account's emails go (issue 13), through the real pages: the contact address on
 * /account, the billing contacts on /account/billing, and the banner every signed-in page
 * shows while one of them can't be reached. `recipientsOf` (what the email sender uses)
 * must agree with what the pages say.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDatabase } from "../../../server/db/database";
import { recipientsOf } from "../../../server/repositories/email-outbox";
import type { AppClient } from "../support/app-client";
import { signedIn, type Person } from "../support/fixtures";

const db = createDatabase(env.DB);
let n = 0;
const fresh = (what: string) => `${what}-${++n}-${Date.now().toString(36)}@example.org`.toLowerCase();

/** The page's text as a person reads it (React escapes apostrophes). */
async function textOf(res: Response): Promise<string> {
  return (await res.text()).replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
}

const post = (client: AppClient, path: string, form: Record<string, string>) => client.fetch(path, { form });

async function addresses(person: Person): Promise<string[]> {
  return (await recipientsOf(db, person.accountId)).map((r) => r.address);
}

async function stored(person: Person) {
  const account = await env.DB.prepare("SELECT contact_email FROM accounts WHERE id = ?")
    .bind(person.accountId)
    .first<{ contact_email: string | null }>();
  const contacts = await env.DB.prepare("SELECT id, email FROM billing_contacts WHERE account_id = ? ORDER BY created_at, id")
    .bind(person.accountId)
    .all<{ id: string; email: string }>();
  return { contactEmail: account!.contact_email, contacts: contacts.results };
}

async function markUndeliverable(address: string, reason = "bounced") {
  await env.DB.prepare("INSERT INTO undeliverable_addresses (address, reason, marked_at) VALUES (?, ?, ?)")
    .bind(address, reason, Date.now())
    .run();
}

const isMarked = async (address: string) =>
  (await env.DB.prepare("SELECT 1 AS x FROM undeliverable_addresses WHERE address = ?").bind(address).first()) !== null;

describe("the contact address (account page)", () => {
  it("set another address: recipientsOf uses it, not the sign-in one; then back to the sign-in address", async () => {
    const person = await signedIn();
    const page = await textOf(await person.client.fetch("/account"));
    expect(page).toContain("Where we email you");
    expect(page).toContain('<form id="contact-email"'); // where the banner's link lands
    expect(page).toContain("This is the address you sign in with.");

    const other = fresh("Finance");
    const saved = await post(person.client, "/account", { intent: "contact-email", email: `  ${other.toUpperCase()} ` });
    expect(saved.status).toBe(200);
    expect(await textOf(saved)).toContain(`Saved. We'll send our emails to ${other}.`);
    expect(await addresses(person)).toEqual([other]);
    expect((await stored(person)).contactEmail).toBe(other);
    const after = await textOf(await person.client.fetch("/account"));
    expect(after).toContain(`You sign in with ${person.email}; we email this address instead.`);

    const back = await post(person.client, "/account", { intent: "contact-email", use: "sign-in" });
    expect(back.status).toBe(200);
    expect(await textOf(back)).toContain("the address you sign in with");
    expect((await stored(person)).contactEmail).toBeNull();
    expect(await addresses(person)).toEqual([person.email.toLowerCase()]);

    // Typing the sign-in address in again is going back too.
    await post(person.client, "/account", { intent: "contact-email", email: other });
    await post(person.client, "/account", { intent: "contact-email", email: person.email.toUpperCase() });
    expect((await stored(person)).contactEmail).toBeNull();
  });

  it.each([
    ["not an address", { email: "not an address" }, "This doesn't look like an email address."],
    ["two addresses", { email: "a@b.com, c@d.com" }, "This doesn't look like an email address."],
    ["a name and an address", { email: "Ada <a@b.com>" }, "This doesn't look like an email address."],
    ["300 characters", { email: `${"a".repeat(288)}@example.com` }, "This address is too long."],
    ["no address at all", {}, "Please type an email address."],
    ["an empty address", { email: "   " }, "Please type an email address."],
  ])("refuses %s: 400 with the plain message, nothing changed", async (_what, fields, message) => {
    const person = await signedIn();
    const res = await post(person.client, "/account", { intent: "contact-email", ...fields });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain(message);
    expect((await stored(person)).contactEmail).toBeNull();
  });

  it("an unknown or missing form: 400, nothing changed", async () => {
    const person = await signedIn();
    const forms: Record<string, string>[] = [{ intent: "contact-emails", email: fresh("x") }, { email: fresh("y") }];
    for (const form of forms) {
      const res = await post(person.client, "/account", form);
      expect(res.status).toBe(400);
      expect(await textOf(res)).toContain("This page was out of date. Please try again.");
    }
    expect((await stored(person)).contactEmail).toBeNull();
  });
});

describe("billing contacts (billing page)", () => {
  it("add and remove: recipientsOf sends to them too", async () => {
    const person = await signedIn();
    expect(await textOf(await person.client.fetch("/account/billing"))).toContain("Who else gets billing emails");
    const one = fresh("books");
    const two = fresh("boss");
    const added = await post(person.client, "/account/billing", { intent: "add-contact", email: ` ${one.toUpperCase()}` });
    expect(added.status).toBe(200);
    expect(await textOf(added)).toContain(`Added. ${one} will get the billing emails too.`);
    await post(person.client, "/account/billing", { intent: "add-contact", email: two });
    expect(await addresses(person)).toEqual([person.email.toLowerCase(), one, two]);
    const page = await textOf(await person.client.fetch("/account/billing"));
    expect(page).toContain(one);
    expect(page).toContain(`Remove ${one}`);

    const [first] = (await stored(person)).contacts;
    const removed = await post(person.client, "/account/billing", { intent: "remove-contact", id: first!.id });
    expect(removed.status).toBe(200);
    expect(await textOf(removed)).toContain(`Removed. ${one} won't get billing emails any more.`);
    expect(await addresses(person)).toEqual([person.email.toLowerCase(), two]);
  });

  it("at most 5, no duplicates, not the address we already email: plain messages, nothing changed", async () => {
    const person = await signedIn();
    const five = Array.from({ length: 5 }, (_, i) => fresh(`c${i}`));
    for (const email of five)
      expect((await post(person.client, "/account/billing", { intent: "add-contact", email })).status).toBe(200);

    const sixth = await post(person.client, "/account/billing", { intent: "add-contact", email: fresh("c5") });
    expect(sixth.status).toBe(409);
    expect(await textOf(sixth)).toContain("You can add up to 5 people. Please remove one first.");

    // Two tabs at once still can't pass the limit.
    await post(person.client, "/account/billing", { intent: "remove-contact", id: (await stored(person)).contacts[0]!.id });
    const race = await Promise.all(
      [0, 1, 2].map((i) => post(person.client, "/account/billing", { intent: "add-contact", email: fresh(`r${i}`) })),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await stored(person)).contacts).toHaveLength(5);

    const before = await stored(person);
    const dup = await post(person.client, "/account/billing", { intent: "add-contact", email: five[2]!.toUpperCase() });
    expect(dup.status).toBe(400);
    const unknown = await post(person.client, "/account/billing", { intent: "remove-contact", id: "bc_nope" });
    expect(unknown.status).toBe(404);
    expect(await stored(person)).toEqual(before);
  });

  it("a duplicate or the account's own address is refused beside the field", async () => {
    const person = await signedIn();
    const one = fresh("dup");
    await post(person.client, "/account/billing", { intent: "add-contact", email: one });
    const dup = await post(person.client, "/account/billing", { intent: "add-contact", email: one.toUpperCase() });
    expect(dup.status).toBe(400);
    expect(await textOf(dup)).toContain("This address already gets the billing emails.");
    const self = await post(person.client, "/account/billing", { intent: "add-contact", email: person.email });
    expect(self.status).toBe(400);
    expect(await textOf(self)).toContain("This is already the address we email you at.");
    expect((await stored(person)).contacts.map((c) => c.email)).toEqual([one]);
  });

  it.each([
    ["not an address", { intent: "add-contact", email: "finance" }, "This doesn't look like an email address."],
    ["two addresses", { intent: "add-contact", email: "a@b.com, c@d.com" }, "This doesn't look like an email address."],
    ["300 characters", { intent: "add-contact", email: `${"b".repeat(288)}@example.com` }, "This address is too long."],
    ["no address", { intent: "add-contact" }, "Please type an email address."],
    ["no id to remove", { intent: "remove-contact" }, "Please fill this in."],
    ["an unknown form", { intent: "add-contacts", email: "a@b.com" }, "This page was out of date. Please try again."],
  ])("refuses %s: 400 with the plain message, nothing changed", async (_what, form, message) => {
    const person = await signedIn();
    await post(person.client, "/account/billing", { intent: "add-contact", email: fresh("kept") });
    const before = await stored(person);
    const res = await post(person.client, "/account/billing", form);
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain(message);
    expect(await stored(person)).toEqual(before);
  });

  it("someone else's contact id: not found, their contact stays", async () => {
    const owner = await signedIn();
    const stranger = await signedIn();
    await post(owner.client, "/account/billing", { intent: "add-contact", email: fresh("theirs") });
    const theirs = await stored(owner);
    const res = await post(stranger.client, "/account/billing", { intent: "remove-contact", id: theirs.contacts[0]!.id });
    expect(res.status).toBe(404);
    expect(await textOf(res)).toContain("We couldn't find that person.");
    expect(await stored(owner)).toEqual(theirs);
  });
});

describe("an address we can't deliver to", () => {
  it("shows the banner on /workspaces; Try this address again clears it", async () => {
    const person = await signedIn();
    const address = person.email.toLowerCase();
    expect(await textOf(await person.client.fetch("/workspaces"))).not.toContain('data-testid="email-banner"');

    await markUndeliverable(address);
    const page = await textOf(await person.client.fetch("/workspaces"));
    expect(page).toContain('data-testid="email-banner"');
    expect(page).toContain(
      `We can't deliver email to ${address}. Emails about your workspaces and payments aren't reaching you.`,
    );
    expect(page).toContain('href="/account#contact-email"');
    expect(page).toContain("Choose another address");
    const account = await textOf(await person.client.fetch("/account"));
    expect(account).toContain('data-testid="contact-email-undeliverable"');
    expect(account).toContain("Try this address again");

    const retried = await post(person.client, "/account", { intent: "retry-address", address });
    expect(retried.status).toBe(200);
    expect(await textOf(retried)).toContain(`We'll try ${address} again with the next email.`);
    expect(await isMarked(address)).toBe(false);
    expect(await textOf(await person.client.fetch("/workspaces"))).not.toContain('data-testid="email-banner"');
  });

  it("a billing contact's mark shows too; choosing another contact address moves on from a bounced one", async () => {
    const person = await signedIn();
    const contact = fresh("bounce");
    await post(person.client, "/account/billing", { intent: "add-contact", email: contact });
    await markUndeliverable(contact, "complained");
    const page = await textOf(await person.client.fetch("/workspaces"));
    expect(page).toContain(`We can't deliver email to ${contact}.`);
    expect(await textOf(await person.client.fetch("/account/billing"))).toContain("We can't deliver email to this address.");
    const recipients = await recipientsOf(db, person.accountId);
    expect(recipients.find((r) => r.address === contact)?.undeliverable).toBe(true);

    // Bounced contact address: choosing another one makes the banner go.
    const bounced = fresh("old");
    await post(person.client, "/account/billing", { intent: "remove-contact", id: (await stored(person)).contacts[0]!.id });
    await post(person.client, "/account", { intent: "contact-email", email: bounced });
    await markUndeliverable(bounced, "suppressed");
    expect(await textOf(await person.client.fetch("/workspaces"))).toContain(`We can't deliver email to ${bounced}.`);
    await post(person.client, "/account", { intent: "contact-email", email: fresh("new") });
    expect(await textOf(await person.client.fetch("/workspaces"))).not.toContain('data-testid="email-banner"');
    expect(await isMarked(bounced)).toBe(true);
  });

  it("try again only lifts the account's own marks", async () => {
    const person = await signedIn();
    const stranger = fresh("stranger");
    await markUndeliverable(stranger);
    const res = await post(person.client, "/account", { intent: "retry-address", address: stranger });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain("This address is fine already");
    expect(await isMarked(stranger)).toBe(true);
  });
});
