/**
 * What the People page's actions do (issue 15): invite, withdraw, change a role, remove, leave.
 * Who may is authorize() (the permission table) plus domain/people/membership-rules.ts; the
 * writes are server/repositories/people.ts. Removing or demoting an admin also settles the
 * access keys they made — replaced (new keys shown once to whoever did it) or removed — in
 * the same action, since keys outlive the dashboard.
 */
import { href } from "react-router";
import type { Submission } from "@conform-to/react";
import { now } from "../../../domain/clock";
import {
  INVITATION_LIFETIME_MS,
  MAX_PENDING_INVITATIONS,
  mayChangeRole,
  mayRemove,
} from "../../../domain/people/membership-rules";
import { dedupeKey } from "../../../domain/email/catalog";
import { PEOPLE_PAGE as P } from "../../../domain/vocabulary";
import type { RequestContext } from "../../../server/bindings/request-context";
import { queueEmailsByKey } from "../../../server/email/queue-emails";
import { newInvitationToken } from "../../../server/people/invitation-token";
import {
  forgetKey,
  invite,
  keysMadeBy,
  membersOf,
  openInvitationsOf,
  pendingInvitationCount,
  recordKeyCreator,
  removeMembership,
  revokeInvitation,
  setRole,
} from "../../../server/repositories/people";
import { askToConfirm, isConfirmed } from "../forms/confirm";
import { redirectWithNotice } from "../forms/flash-notice";
import { refused, succeeded } from "../forms/form-reply";
import { clearAndRemoveUser } from "../openberth/remove-access-key";
import { userClient, withOpenBerth } from "../openberth/workspace-openberth";
import { may, type WorkspacePage } from "../workspaces/workspace-page";

type Sub = Submission<unknown, string[], unknown>;
export type ReplacedKey = { name: string; key: string };

export async function sendInvitation(
  rc: RequestContext,
  page: WorkspacePage,
  submission: Sub,
  value: { email: string; role: "admin" | "member" },
) {
  const at = now();
  const { workspace, account } = page;
  const members = await membersOf(rc.db, workspace.id);
  if (members.some((m) => m.email.toLowerCase() === value.email))
    return refused("invite", submission, P.alreadyMember(value.email), { field: "email" });
  const open = await openInvitationsOf(rc.db, workspace.id);
  const replacing = open.some((i) => i.email === value.email);
  if (!replacing && (await pendingInvitationCount(rc.db, workspace.id, at)) >= MAX_PENDING_INVITATIONS)
    return refused("invite", submission, P.tooManyPending(MAX_PENDING_INVITATIONS), { status: 409 });
  const { token, hash } = await newInvitationToken();
  const { invitationId } = await invite(rc.db, {
    workspaceId: workspace.id,
    email: value.email,
    role: value.role,
    token,
    tokenHash: hash,
    by: account.id,
    at,
    expiresAt: new Date(at.getTime() + INVITATION_LIFETIME_MS),
  });
  // Never the token or the address in the log: the invitation's id says which.
  rc.log.info("people.invited", { workspaceId: workspace.id, invitationId, replaced: replacing });
  await queueEmailsByKey(rc, [dedupeKey.invitation(invitationId, hash)]);
  return succeeded("invite", submission, P.sent(value.email));
}

export async function withdrawInvitation(rc: RequestContext, page: WorkspacePage, submission: Sub, invitationId: string) {
  const open = await openInvitationsOf(rc.db, page.workspace.id);
  const found = open.find((i) => i.id === invitationId);
  if (!found || !(await revokeInvitation(rc.db, page.workspace.id, invitationId, now())))
    return refused("revoke", submission, P.invitationGone, { status: 409 });
  rc.log.info("people.invitation_revoked", { workspaceId: page.workspace.id, invitationId });
  return succeeded("revoke", submission, P.revoked(found.email));
}

/** Role changes and removals: the domain's rules first, then one question, then the keys, then the change. */
export async function changeMember(
  rc: RequestContext,
  page: WorkspacePage,
  intent: "role" | "remove" | "leave",
  submission: Sub,
  value: { accountId?: string; role?: "admin" | "member"; keys?: "replace" | "remove" },
) {
  const { workspace, account } = page;
  const targetId = intent === "leave" ? account.id : value.accountId!;
  const members = await membersOf(rc.db, workspace.id);
  const target = members.find((m) => m.accountId === targetId);
  const roster = members.map((m) => ({ accountId: m.accountId, role: m.role }));
  const decision =
    intent === "role" ? mayChangeRole(roster, account.id, targetId, value.role!) : mayRemove(roster, account.id, targetId);
  if (!decision.allowed || !target)
    return refused(intent, submission, decision.allowed ? P.invitationGone : decision.message, { status: 403 });
  if (intent === "role" && target.role === value.role)
    return succeeded(intent, submission, P.roleChanged(target.name, value.role));

  // An admin who stops being one (removed, demoted, leaving) leaves keys behind: settle them.
  const losesAdmin = target.role === "admin" && (intent !== "role" || value.role === "member");
  const keys = losesAdmin ? await keysMadeBy(rc.db, workspace.id, targetId) : [];
  const promoting = intent === "role" && value.role === "admin";
  if (!promoting && !isConfirmed(submission)) {
    const name = target.name;
    const question =
      intent === "leave"
        ? { question: P.leaveAsk(workspace.name), consequences: [P.leaveExplained], yes: P.leaveYes }
        : intent === "remove"
          ? { question: P.removeAsk(name), consequences: P.removeAskLines, yes: P.removeYes(name) }
          : { question: P.demoteAsk(name), consequences: P.demoteAskLines, yes: P.demoteYes(name) };
    if (keys.length > 0 && !value.keys) return refused(intent, submission, P.keysLine(keys), { field: "keys", extra: { keys } });
    return askToConfirm(intent, submission, {
      ...question,
      consequences: [
        ...question.consequences,
        ...(keys.length > 0 ? [P.keysLine(keys), value.keys === "remove" ? P.keysRemove : P.keysReplace] : []),
      ],
    });
  }

  let replaced: ReplacedKey[] = [];
  if (keys.length > 0) {
    const how = value.keys ?? "replace";
    const done = await withOpenBerth(rc, workspace, async (client) => {
      const out: ReplacedKey[] = [];
      const present = new Set((await client.listUsers()).users.map((u) => u.name));
      for (const name of keys) {
        // Removed since (with the berth tool, or its page): nothing left to settle.
        if (!present.has(name)) {
          await forgetKey(rc.db, workspace.id, name);
          continue;
        }
        if (how === "replace") {
          out.push({ name, key: (await client.rotateUserKey(name)).apiKey });
          // The new key is in the hands of whoever replaced it: it counts as theirs now.
          await recordKeyCreator(rc.db, workspace.id, name, account.id, now());
        } else {
          await clearAndRemoveUser(client, name, (key) => userClient(workspace, key));
          await forgetKey(rc.db, workspace.id, name);
        }
      }
      return out;
    });
    if (!done.ok) return refused(intent, submission, done.message);
    replaced = done.value;
    rc.log.info("people.keys_settled", { workspaceId: workspace.id, how, count: keys.length });
  }

  const at = now();
  if (intent === "role") {
    await setRole(rc.db, workspace.id, targetId, value.role!, `account:${account.id}`, at);
    rc.log.info("people.role_changed", { workspaceId: workspace.id, role: value.role });
    return succeeded(intent, submission, P.roleChanged(target.name, value.role!), replaced.length > 0 ? { replaced } : {});
  }
  await removeMembership(rc.db, {
    workspaceId: workspace.id,
    accountId: targetId,
    actor: account,
    workspaceName: workspace.name,
    at,
  });
  if (intent === "leave") {
    rc.log.info("people.left", { workspaceId: workspace.id });
    return redirectWithNotice(href("/workspaces"), P.left(workspace.name));
  }
  await queueEmailsByKey(rc, [dedupeKey.memberRemoved(workspace.id, targetId, at.getTime())]);
  rc.log.info("people.removed", { workspaceId: workspace.id });
  // New keys must be shown once, here; without any, the list with the news.
  if (replaced.length > 0)
    return succeeded(intent, submission, `${P.removed(target.name)} ${P.keysReplaced(replaced.map((r) => r.name))}`, {
      replaced,
    });
  return redirectWithNotice(href("/workspaces/:slug/people", { slug: workspace.slug }), P.removed(target.name));
}

export function peopleAbilities(page: WorkspacePage) {
  return {
    invite: may(page, "invite:people").allowed,
    remove: may(page, "remove:member").allowed,
    changeRole: may(page, "change:role").allowed,
    leave: may(page, "leave:workspace").allowed,
  };
}
