/**
 * People (issue 15) through Harbor's own routes: inviting by email, accepting (bound to the
 * address, single use, 7 days), roles and removal with their invariants, the keys an admin
 * made, and the role × route table with four accounts. The invitation's link is read from
 * the invitee's inbox at the Resend stand-in, as a person would.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createOpenBerthClient } from "../../server/openberth/openberth-client";
import { OpenBerthError } from "../../server/openberth/openberth-error";
import { AppClient, waitFor } from "./support/app-client";
import { readyWorkspace, signedIn, type Person, type ReadyWorkspace } from "./support/fixtures";
import { inboxOf, uniqueAddress } from "./email/support/resend-world";
import { createWorkspace } from "./support/infra-world";

const control = new AppClient();
const DAY_MS = 86_400_000;
let ws: ReadyWorkspace;
const base = () => `/workspaces/${ws.slug}`;

beforeAll(async () => {
  ws = await readyWorkspace({ plan: "pro@1", role: "owner", name: "Team space", owner: { name: "Olive Owner" } });
});
afterEach(async () => {
  await control.fetch("/__test/clock", { json: { reset: true } });
});

async function invite(email: string, role: "admin" | "member", by = ws.owner.client) {
  return by.fetch(`${base()}/people`, { form: { intent: "invite", email, role } });
}

/** The link in the newest invitation email to `email`. */
async function linkFor(email: string): Promise<string> {
  // The inbox lists the newest first.
  const mail = await waitFor(async () => (await inboxOf(email))[0], 15_000);
  const path = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(mail.text)?.[0];
  expect(path, mail.text).toBeDefined();
  return path!;
}

async function invited(role: "admin" | "member", name: string): Promise<Person> {
  const email = uniqueAddress(name.split(" ")[0]!.toLowerCase());
  expect((await invite(email, role)).status).toBe(200);
  const path = await linkFor(email);
  const person = await signedIn({ email, name });
  const accepted = await person.client.fetch(path, { form: { intent: "accept" } });
  expect(accepted.status, await accepted.clone().text()).toBe(302);
  return person;
}

const membershipsOf = async (accountId: string) =>
  (
    await env.DB.prepare("SELECT role FROM memberships WHERE workspace_id = ? AND account_id = ?")
      .bind(ws.id, accountId)
      .all<{ role: string }>()
  ).results;

describe("inviting and accepting", () => {
  it("invite → the email → accept: the member can deploy but not manage secrets or settings; the timeline says who joined", async () => {
    const email = uniqueAddress("mia");
    const sent = await invite(`  ${email.toUpperCase()} `, "member");
    expect(await sent.text()).toContain(`Invitation sent to ${email}.`);
    expect(await (await ws.owner.client.fetch(`${base()}/people`)).text()).toContain(email);
    const path = await linkFor(email);

    // Signed out: who invited you to what, and the way to sign in that comes back here.
    const visitor = new AppClient();
    const page = await visitor.fetch(path);
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await page.text();
    expect(html).toContain("Olive Owner invited you to Team space");
    expect(html).toMatch(new RegExp(`name="redirectTo" value="${path}"`));

    const mia = await signedIn({ email, name: "Mia Member" });
    const accepted = await mia.client.fetch(path, { form: { intent: "accept" } });
    expect(
      accepted.headers.get("location"),
      (await accepted.clone().text()).replace(/[\s\S]*<main[^>]*>/, "").slice(0, 600),
    ).toBe(base());
    expect(await membershipsOf(mia.accountId)).toEqual([{ role: "member" }]);
    expect(await (await mia.client.fetch("/workspaces")).text()).toContain("Olive Owner&#x27;s workspace");
    expect(await (await mia.client.fetch(base())).text()).toContain("Mia Member joined.");

    const deploy = await mia.client.fetch(`${base()}/deployments/new`, {
      form: { intent: "paste", name: "mia-site", fileName: "index.html", code: "<p>mia</p>", ttl: "1h" },
    });
    expect(deploy.status).toBe(302);
    expect(
      (await mia.client.fetch(`${base()}/secrets`, { form: { intent: "set", name: "MIA", value: "x", scope: "global" } })).status,
    ).toBe(403);
    expect((await mia.client.fetch(`${base()}/settings`, { form: { intent: "lifetime", ttl: "24h" } })).status).toBe(403);
    expect(
      (await mia.client.fetch(`${base()}/people`, { form: { intent: "invite", email: uniqueAddress(), role: "member" } })).status,
    ).toBe(403);
    // Her own trial (one workspace) is untouched by the one she was invited to.
    expect((await createWorkspace(mia.client, "Mia's own")).response.status).toBe(302);
  });

  it("an admin manages keys and secrets but cannot delete the workspace or reach its billing; role changes and removal apply on the next request", async () => {
    const ada = await invited("member", "Ada Admin");
    const made = await ws.owner.client.fetch(`${base()}/people`, {
      form: { intent: "role", accountId: ada.accountId, role: "admin" },
    });
    expect(await made.text()).toContain("Ada Admin is now an admin.");
    expect(
      (await ada.client.fetch(`${base()}/secrets`, { form: { intent: "set", name: "ADA", value: "x", scope: "global" } })).status,
    ).toBe(200);
    expect((await ada.client.fetch(`${base()}/settings`, { form: { intent: "delete", confirmed: "yes" } })).status).toBe(403);
    expect(await (await ada.client.fetch(base())).text()).not.toContain("/account/billing/change-plan");

    // Back to member: asked first, then at once.
    const asked = await ws.owner.client.fetch(`${base()}/people`, {
      form: { intent: "role", accountId: ada.accountId, role: "member" },
    });
    expect(await asked.text()).toContain("Make Ada Admin a member?");
    await ws.owner.client.fetch(`${base()}/people`, {
      form: { intent: "role", accountId: ada.accountId, role: "member", confirmed: "yes" },
    });
    expect(
      (await ada.client.fetch(`${base()}/secrets`, { form: { intent: "set", name: "ADA2", value: "x", scope: "global" } }))
        .status,
    ).toBe(403);

    const removed = await ws.owner.client.fetch(`${base()}/people`, {
      form: { intent: "remove", accountId: ada.accountId, confirmed: "yes" },
    });
    expect(removed.status).toBe(302);
    expect((await ada.client.fetch(base())).status).toBe(404);
    expect(await (await ada.client.fetch("/workspaces")).text()).not.toContain("Team space");
  });

  it("a token is single use, bound to its address, dies when withdrawn, replaced or expired, and a forged or cut one is no invitation", async () => {
    const email = uniqueAddress("once");
    await invite(email, "member");
    const first = await linkFor(email);
    // Inviting again replaces the token: the first link stops working.
    await invite(email, "admin");
    await waitFor(async () => ((await inboxOf(email)).length >= 2 ? true : null), 15_000);
    const second = await linkFor(email);
    expect(second).not.toBe(first);
    expect((await new AppClient().fetch(first)).status).toBe(404);

    const other = await signedIn({ email: uniqueAddress("other"), name: "Otto Other" });
    const wrong = await (await other.client.fetch(second)).text();
    expect(wrong).toContain("but this invitation is for");
    expect((await other.client.fetch(second, { form: { intent: "accept" } })).status).toBe(409);
    expect(await membershipsOf(other.accountId)).toEqual([]);

    const owner = await signedIn({ email, name: "Ona Once" });
    // Two accepts at once: one membership.
    await Promise.all([1, 2].map(() => owner.client.fetch(second, { form: { intent: "accept" } })));
    expect(await membershipsOf(owner.accountId)).toEqual([{ role: "admin" }]);
    const again = await signedIn({ email: uniqueAddress("late") });
    expect(await (await again.client.fetch(second)).text()).toContain("This invitation has already been used.");

    for (const bad of [
      second.slice(0, -5),
      `${second.slice(0, -1)}A`,
      "/invitations/not-a-token",
      `/invitations/${"a".repeat(43)}`,
    ])
      expect((await again.client.fetch(bad)).status, bad).toBe(404);

    const revokedEmail = uniqueAddress("gone");
    await invite(revokedEmail, "member");
    const revokedLink = await linkFor(revokedEmail);
    const id = await env.DB.prepare("SELECT id FROM invitations WHERE email = ?").bind(revokedEmail).first<string>("id");
    const revoked = await ws.owner.client.fetch(`${base()}/people`, { form: { intent: "revoke", invitationId: id! } });
    expect(await revoked.text()).toContain("Its link no longer works.");
    expect(await (await new AppClient().fetch(revokedLink)).text()).toContain("This invitation was withdrawn.");

    const lateEmail = uniqueAddress("expired");
    await invite(lateEmail, "member");
    const lateLink = await linkFor(lateEmail);
    await control.fetch("/__test/clock", { json: { advanceMs: 7 * DAY_MS + 60_000 } });
    expect(await (await new AppClient().fetch(lateLink)).text()).toContain("This invitation has expired.");
  });

  it("refuses an address already in, a role of owner, a bad address, and more than 20 waiting invitations", async () => {
    expect(await (await invite(ws.owner.email, "member")).text()).toContain("is already in this workspace");
    expect(
      (await ws.owner.client.fetch(`${base()}/people`, { form: { intent: "invite", email: uniqueAddress(), role: "owner" } }))
        .status,
    ).toBe(400);
    expect((await invite("not an address", "member")).status).toBe(400);
    const open = await env.DB.prepare(
      "SELECT count(*) AS n FROM invitations WHERE workspace_id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
    )
      .bind(ws.id, Date.now())
      .first<number>("n");
    for (let i = open!; i < 20; i++) expect((await invite(uniqueAddress(`bulk${i}`), "member")).status).toBe(200);
    const over = await invite(uniqueAddress("one-too-many"), "member");
    expect(over.status).toBe(409);
    expect(await over.text()).toContain("already has 20 invitations waiting");
    // Withdrawing one makes room again.
    const one = await env.DB.prepare(
      "SELECT id FROM invitations WHERE workspace_id = ? AND revoked_at IS NULL AND accepted_at IS NULL LIMIT 1",
    )
      .bind(ws.id)
      .first<string>("id");
    await ws.owner.client.fetch(`${base()}/people`, { form: { intent: "revoke", invitationId: one! } });
    expect((await invite(uniqueAddress("room-again"), "member")).status).toBe(200);
    // (The other tests invite too: leave the workspace's invitations as they were.)
    await env.DB.prepare("UPDATE invitations SET revoked_at = ? WHERE workspace_id = ? AND accepted_at IS NULL")
      .bind(Date.now(), ws.id)
      .run();
  });
});

describe("the invariants", () => {
  it("the owner can't leave or be removed, nobody changes their own role, an admin removes members only, a member may leave", async () => {
    const owner = ws.owner;
    expect(
      await (await owner.client.fetch(`${base()}/people`, { form: { intent: "leave", confirmed: "yes" } })).text(),
    ).toContain("You own this workspace, so you can");
    const admin = await invited("admin", "Abe Admin");
    const other = await invited("admin", "Ann Admin");
    const member = await invited("member", "Moe Member");
    expect(
      (await admin.client.fetch(`${base()}/people`, { form: { intent: "remove", accountId: owner.accountId, confirmed: "yes" } }))
        .status,
    ).toBe(403);
    expect(
      (await admin.client.fetch(`${base()}/people`, { form: { intent: "remove", accountId: other.accountId, confirmed: "yes" } }))
        .status,
    ).toBe(403);
    expect(
      (await admin.client.fetch(`${base()}/people`, { form: { intent: "role", accountId: admin.accountId, role: "member" } }))
        .status,
    ).toBe(403);
    expect(
      (await owner.client.fetch(`${base()}/people`, { form: { intent: "role", accountId: owner.accountId, role: "admin" } }))
        .status,
    ).toBe(403);
    expect(await membershipsOf(owner.accountId)).toEqual([{ role: "owner" }]);
    expect(
      (
        await admin.client.fetch(`${base()}/people`, {
          form: { intent: "remove", accountId: member.accountId, confirmed: "yes" },
        })
      ).status,
    ).toBe(302);
    expect(await membershipsOf(member.accountId)).toEqual([]);
    const left = await other.client.fetch(`${base()}/people`, { form: { intent: "leave", confirmed: "yes" } });
    expect(left.headers.get("location")).toBe("/workspaces");
    expect((await other.client.fetch(base())).status).toBe(404);
  });

  it("removing an admin settles the keys they made: replaced, the old key answers 401 at the server", async () => {
    const admin = await invited("admin", "Kim Keys");
    const made = await (
      await admin.client.fetch(`${base()}/access-keys`, { form: { intent: "create", name: "kims-laptop" } })
    ).text();
    const oldKey = /value="(sc_[0-9a-f]{48})"/.exec(made)![1]!;
    const asked = await (
      await ws.owner.client.fetch(`${base()}/people`, { form: { intent: "remove", accountId: admin.accountId } })
    ).text();
    expect(asked).toContain("kims-laptop");
    const done = await (
      await ws.owner.client.fetch(`${base()}/people`, {
        form: { intent: "remove", accountId: admin.accountId, keys: "replace", confirmed: "yes" },
      })
    ).text();
    const newKey = /value="(sc_[0-9a-f]{48})"/.exec(done)?.[1];
    expect(newKey).toBeDefined();
    expect(newKey).not.toBe(oldKey);
    const error = await createOpenBerthClient({ endpoint: ws.endpointUrl, key: oldKey })
      .me()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenBerthError);
    expect((error as OpenBerthError).status).toBe(401);
    await createOpenBerthClient({ endpoint: ws.endpointUrl, key: newKey! }).me();
  });
});

describe("the role table, route by route, with four accounts", () => {
  it("owner, admin, member and stranger each get what the table says", async () => {
    const admin = await invited("admin", "Tab Admin");
    const member = await invited("member", "Tab Member");
    const stranger = await signedIn({ email: uniqueAddress("stranger") });
    const who = { owner: ws.owner.client, admin: admin.client, member: member.client, stranger: stranger.client };
    // Written out, not derived from the code under test.
    const pages: [string, Record<keyof typeof who, number>][] = [
      ["", { owner: 200, admin: 200, member: 200, stranger: 404 }],
      ["/deployments", { owner: 200, admin: 200, member: 200, stranger: 404 }],
      ["/people", { owner: 200, admin: 200, member: 200, stranger: 404 }],
      // Pages load for every member and say what they may not do (the forms are refused, below).
      ["/secrets", { owner: 200, admin: 200, member: 200, stranger: 404 }],
      ["/settings", { owner: 200, admin: 200, member: 200, stranger: 404 }],
      ["/access-keys", { owner: 200, admin: 200, member: 200, stranger: 404 }],
    ];
    for (const [path, expected] of pages)
      for (const [role, client] of Object.entries(who))
        expect((await client.fetch(`${base()}${path}`)).status, `${role} GET ${path || "/"}`).toBe(
          expected[role as keyof typeof who],
        );
    expect(await (await member.client.fetch(`${base()}/secrets`)).text()).toContain(
      "Only the workspace owner or an admin can do this.",
    );
    const actions: [string, Record<string, string>, Record<keyof typeof who, number>][] = [
      [
        "/secrets",
        { intent: "set", name: "TABLE", value: "x", scope: "global" },
        { owner: 200, admin: 200, member: 403, stranger: 404 },
      ],
      [
        "/people",
        { intent: "invite", email: uniqueAddress("t"), role: "member" },
        { owner: 200, admin: 200, member: 403, stranger: 404 },
      ],
      ["/settings", { intent: "lifetime", ttl: "0" }, { owner: 200, admin: 200, member: 403, stranger: 404 }],
      // Last: it makes the member an admin.
      [
        "/people",
        { intent: "role", accountId: member.accountId, role: "admin" },
        { owner: 200, admin: 403, member: 403, stranger: 404 },
      ],
    ];
    for (const [path, form, expected] of actions)
      for (const role of ["stranger", "member", "admin", "owner"] as const)
        expect((await who[role].fetch(`${base()}${path}`, { form })).status, `${role} ${form.intent} ${path}`).toBe(
          expected[role],
        );
  });
});
