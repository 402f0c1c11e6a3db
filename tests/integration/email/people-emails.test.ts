/**
 * The three People emails (issue 15) from outbox rows as the People code writes them: an
 * invitation reaches the invitee alone and its token is forgotten once it has gone; an
 * invitation that no longer opens (revoked, its token replaced) is not mailed; the inviter
 * hears when it is accepted; a removed member hears it, unless they are a member again.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { dedupeKey } from "../../../domain/email/catalog";
import { createServices } from "../../../server/bindings/services";
import { queueEmailsByKey } from "../../../server/email/queue-emails";
import { insertOutbox, outboxByKey, type OutboxDraft } from "../../../server/repositories/email-outbox";
import { GIVE_UP_AFTER_MS, runEmailSweep } from "../../../workers/jobs/email-sweep";
import { waitFor } from "../support/app-client";
import { addMember, signedIn } from "../support/fixtures";
import { emailsSettled, inboxForRow, inboxOf, resendControl, uniqueAddress } from "./support/resend-world";

const services = () => createServices(env, { traceId: "5d4c3b2a19f8e7d65d4c3b2a19f8e7d6" });
const DAY_MS = 24 * 60 * 60 * 1000;
let n = 0;
const tag = () => `${Date.now().toString(36)}${++n}`;

afterEach(async () => {
  await resendControl("faults", { failNext: 0, failStatus: 500 });
});

async function sha256Hex(value: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(value));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An account as the first sign-in leaves it (no welcome email: this file is about the People ones). */
async function account(name: string) {
  const id = `acc_people_${tag()}`;
  const email = uniqueAddress(name.toLowerCase().replace(/\W+/g, "-"));
  await env.DB.prepare("INSERT INTO accounts (id, email, name, plan_id, billing_state) VALUES (?, ?, ?, 'pro@1', 'active')")
    .bind(id, email, name)
    .run();
  return { id, email, name };
}

async function workspace(owner: { id: string }, name: string) {
  const id = `ws_people_${tag()}`;
  const slug = id.replaceAll("_", "-");
  await env.DB.prepare(
    "INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state) VALUES (?, ?, ?, ?, ?, 'ready')",
  )
    .bind(id, slug, name, owner.id, owner.id)
    .run();
  return { id, slug, name };
}

/** A pending invitation, stored as the People code stores it: the token hashed. */
async function invitation(ws: { id: string }, inviter: { id: string }, email: string, role: "admin" | "member") {
  const id = `inv_${tag()}`;
  const token = `tok${crypto.randomUUID().replaceAll("-", "")}`;
  const tokenHash = await sha256Hex(token);
  const at = Date.now();
  await env.DB.prepare(
    "INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by_account_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
  )
    .bind(id, ws.id, email, role, tokenHash, inviter.id, at, at + 7 * DAY_MS)
    .run();
  return { id, token, tokenHash, email, role };
}

/**
 * Writes the outbox row and queues it, as a cause does after its batch (with the account's
 * welcome row, which its creation wrote); waits until they have ended.
 */
async function send(draft: OutboxDraft) {
  const s = services();
  await insertOutbox(s.db, draft, s.now());
  const pending = await env.DB.prepare("SELECT dedupe_key FROM email_outbox WHERE account_id = ? AND status = 'pending'")
    .bind(draft.accountId)
    .all<{ dedupe_key: string }>();
  await queueEmailsByKey(
    s,
    pending.results.map((r) => r.dedupe_key),
  );
  const rows = await emailsSettled(draft.accountId);
  return rows.find((r) => r.dedupe_key === draft.key)!;
}

function inviteDraft(inv: Awaited<ReturnType<typeof invitation>>, inviter: { id: string }, ws: { id: string }): OutboxDraft {
  return {
    kind: "invitation",
    key: dedupeKey.invitation(inv.id, inv.tokenHash),
    accountId: inviter.id,
    workspaceId: ws.id,
    facts: { invitationId: inv.id, to: inv.email, role: inv.role, token: inv.token },
  };
}

async function storedRendering(outboxId: string) {
  return env.DB.prepare("SELECT facts, html, text_body FROM email_outbox WHERE id = ?")
    .bind(outboxId)
    .first<{ facts: string; html: string | null; text_body: string | null }>();
}

describe("the invitation", () => {
  it("reaches the invitee alone, with the token in its one button; then the row forgets the token", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Bakery shop");
    const invitee = uniqueAddress("invitee");
    const inv = await invitation(ws, inviter, invitee, "admin");

    const row = await send(inviteDraft(inv, inviter, ws));
    expect(row.status).toBe("sent");

    // One copy, to the invitee: none to the inviter's own address.
    const sent = await inboxForRow(row.id);
    expect(sent.map((m) => m.to)).toEqual([[invitee]]);
    const [mail] = await inboxOf(invitee);
    expect(mail!.subject).toBe("Ana Costa invited you to Bakery shop on Harbor");
    expect(mail!.html).toContain(`href="${env.APP_URL}/invitations/${inv.token}"`);
    expect(mail!.text).toContain("as an admin");
    expect(mail!.text).toContain(`Sent to ${invitee} because Ana Costa invited you.`);
    expect(mail!.text).toContain("you can ignore this email");
    expect((await inboxOf(inviter.email)).filter((m) => m.html.includes(inv.token))).toEqual([]);

    const stored = await storedRendering(row.id);
    const facts = JSON.parse(stored!.facts) as Record<string, unknown>;
    expect(facts).toEqual({ invitationId: inv.id, to: invitee, role: "admin" });
    expect(stored!.html).toBeNull();
    expect(stored!.text_body).toBeNull();
  });

  it("still goes after Resend asks to retry (the token is kept until then), once", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Bakery shop");
    const invitee = uniqueAddress("retried");
    const inv = await invitation(ws, inviter, invitee, "member");
    await resendControl("faults", { failNext: 1, failStatus: 429 });
    const row = await send(inviteDraft(inv, inviter, ws));
    expect([row.status, row.attempts]).toEqual(["sent", 1]);
    const sent = await inboxForRow(row.id);
    expect(sent.map((m) => m.to)).toEqual([[invitee]]);
    expect(sent[0]!.html).toContain(`/invitations/${inv.token}`);
    expect(JSON.parse((await storedRendering(row.id))!.facts)).not.toHaveProperty("token");
  });

  it("tells the inviter's own service it went, without the invitation's link", async () => {
    const inviter = await signedIn({ name: "Ana Costa", email: uniqueAddress("ana") });
    const receiver = env.NOTIFICATION_TEST_ORIGIN;
    const path = `/people-${tag()}`;
    const saved = await inviter.client.fetch("/account/notifications", {
      form: { intent: "save-webhook", url: `${receiver}${path}` },
    });
    expect(saved.status).toBe(200);
    const ws = await workspace({ id: inviter.accountId }, "Bakery shop");
    const invitee = uniqueAddress("told");
    const inv = await invitation(ws, { id: inviter.accountId }, invitee, "admin");
    const row = await send(inviteDraft(inv, { id: inviter.accountId }, ws));
    expect(row.status).toBe("sent");

    const [event] = await waitFor(async () => {
      const res = await fetch(`${receiver}/deliveries.json?path=${encodeURIComponent(path)}`);
      const got = ((await res.json()) as { deliveries: { body: string }[] }).deliveries;
      return got.length > 0 && got;
    });
    expect(event!.body).not.toContain(inv.token);
    const body = JSON.parse(event!.body) as { type: string; summary: string; link: string };
    expect(body.type).toBe("invitation.sent");
    expect(body.summary).toBe(`Invitation sent to ${invitee} to join Bakery shop as an admin.`);
    expect(body.link).toBe(`${env.APP_URL}/workspaces/${ws.slug}/people`);
    const stored = await env.DB.prepare("SELECT body FROM notification_deliveries WHERE outbox_id = ?")
      .bind(row.id)
      .all<{ body: string }>();
    expect(stored.results.length).toBeGreaterThan(0);
    for (const r of stored.results) expect(r.body).not.toContain(inv.token);
  });

  it("given up by the sweep a day late, forgets its token too (and a billing email beside it keeps its facts)", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Bakery shop");
    const inv = await invitation(ws, inviter, uniqueAddress("late"), "member");
    const s = services();
    const long = new Date(s.now().getTime() - GIVE_UP_AFTER_MS - 60_000);
    const draft = { ...inviteDraft(inv, inviter, ws), sendAfter: long };
    const other: OutboxDraft = {
      kind: "payment-received",
      key: `payment-received/in_${tag()}`,
      accountId: inviter.id,
      facts: { token: "not an invitation's", amountDue: 900 },
      sendAfter: long,
    };
    await s.db.batch([insertOutbox(s.db, draft, long), insertOutbox(s.db, other, long)]);
    expect(await runEmailSweep(s)).toMatchObject({ givenUp: 2 });
    const given = (await outboxByKey(s.db, draft.key))!;
    expect([given.status, given.detail]).toEqual(["failed", "stale"]);
    expect(given.facts).toEqual({ invitationId: inv.id, to: inv.email, role: "member" });
    expect((await outboxByKey(s.db, other.key))!.facts).toEqual(other.facts);
  });

  it("is not mailed once revoked, nor with a token that was replaced, and forgets the token either way", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Bakery shop");

    const revokedTo = uniqueAddress("revoked");
    const revoked = await invitation(ws, inviter, revokedTo, "member");
    await env.DB.prepare("UPDATE invitations SET revoked_at = ? WHERE id = ?").bind(Date.now(), revoked.id).run();
    const revokedRow = await send(inviteDraft(revoked, inviter, ws));
    expect([revokedRow.status, revokedRow.detail]).toEqual(["skipped", "invitation_not_pending"]);
    expect(await inboxOf(revokedTo)).toEqual([]);
    expect(JSON.parse((await storedRendering(revokedRow.id))!.facts)).not.toHaveProperty("token");

    // Invited again: the row holds a new token's hash, so the old token's email must not go.
    const replacedTo = uniqueAddress("replaced");
    const replaced = await invitation(ws, inviter, replacedTo, "member");
    await env.DB.prepare("UPDATE invitations SET token_hash = ? WHERE id = ?")
      .bind(await sha256Hex("a newer token"), replaced.id)
      .run();
    const replacedRow = await send(inviteDraft(replaced, inviter, ws));
    expect([replacedRow.status, replacedRow.detail]).toEqual(["skipped", "invitation_not_pending"]);
    expect(await inboxOf(replacedTo)).toEqual([]);
  });
});

describe("invitation accepted", () => {
  it("reaches the inviter, naming who joined, as what, with the People page as its button", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Bakery shop");
    const memberEmail = uniqueAddress("sam");
    const row = await send({
      kind: "invitation-accepted",
      key: dedupeKey.invitationAccepted(`inv_${tag()}`),
      accountId: inviter.id,
      workspaceId: ws.id,
      facts: { invitationId: "inv_x", memberName: "Sam Okafor", memberEmail, role: "member" },
    });
    expect(row.status).toBe("sent");
    expect((await inboxForRow(row.id)).map((m) => m.to)).toEqual([[inviter.email]]);
    const [mail] = await inboxForRow(row.id);
    expect(mail!.subject).toBe("Sam Okafor joined Bakery shop on Harbor");
    expect(mail!.text).toContain(`Sam Okafor (${memberEmail}) accepted your invitation and joined Bakery shop as a member.`);
    expect(mail!.html).toContain(`href="${env.APP_URL}/workspaces/${ws.slug}/people"`);
  });

  it("is not sent about a workspace that has been deleted since", async () => {
    const inviter = await account("Ana Costa");
    const ws = await workspace(inviter, "Gone shop");
    await env.DB.prepare("UPDATE workspaces SET deleted_at = ? WHERE id = ?").bind(Date.now(), ws.id).run();
    const row = await send({
      kind: "invitation-accepted",
      key: dedupeKey.invitationAccepted(`inv_${tag()}`),
      accountId: inviter.id,
      workspaceId: ws.id,
      facts: { invitationId: "inv_y", memberName: "Sam", memberEmail: uniqueAddress("sam"), role: "admin" },
    });
    expect([row.status, row.detail]).toEqual(["skipped", "workspace_gone"]);
    expect(await inboxForRow(row.id)).toEqual([]);
  });
});

describe("member removed", () => {
  const removedDraft = (member: { id: string }, ws: { id: string; name: string }, at: number): OutboxDraft => ({
    kind: "member-removed",
    key: dedupeKey.memberRemoved(ws.id, member.id, at),
    accountId: member.id,
    workspaceId: ws.id,
    facts: { workspaceName: ws.name, byName: "Ana Costa", removedAt: at },
  });

  it("reaches the removed member's own address, saying who removed them", async () => {
    const owner = await account("Ana Costa");
    const member = await account("Sam Okafor");
    const ws = await workspace(owner, "Bakery shop");
    const row = await send(removedDraft(member, ws, Date.now()));
    expect(row.status).toBe("sent");
    expect((await inboxForRow(row.id)).map((m) => m.to)).toEqual([[member.email]]);
    const [mail] = await inboxForRow(row.id);
    expect(mail!.subject).toBe("You no longer have access to Bakery shop on Harbor");
    expect(mail!.text).toContain("Ana Costa removed you from the workspace Bakery shop");
    expect(mail!.text).toContain("ask Ana Costa to invite you again");
  });

  it("is skipped when they are a member again by the time it goes", async () => {
    const owner = await account("Ana Costa");
    const member = await account("Sam Okafor");
    const ws = await workspace(owner, "Bakery shop");
    await addMember(member.email, ws.id, "member");
    const row = await send(removedDraft(member, ws, Date.now()));
    expect([row.status, row.detail]).toEqual(["skipped", "member_again"]);
    expect(await inboxForRow(row.id)).toEqual([]);
  });
});
