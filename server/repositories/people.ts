/**
 * The people of a workspace: its members and its invitations (issue 15). Every change that
 * must hold together (accepting: the membership, the used token, the timeline and the email)
 * is one D1 batch, each statement guarded so a second attempt at once changes nothing.
 */
import { and, asc, count, eq, gt, isNull, sql } from "drizzle-orm";
import { accessKeyCreators, accounts, invitations, memberships, workspaceEvents, workspaces } from "../../drizzle/schema";
import { dedupeKey } from "../../domain/email/catalog";
import type { InvitedRole, Role } from "../../domain/permissions";
import { TIMELINE_EVENTS } from "../../domain/workspaces/timeline";
import type { Database } from "../db/database";
import { prefixedId, ulid } from "../ids";
import { insertOutbox, insertOutboxFrom } from "./email-outbox";

export interface Member {
  accountId: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
  joinedAt: Date;
}

export async function membersOf(db: Database, workspaceId: string): Promise<Member[]> {
  return db
    .select({
      accountId: memberships.accountId,
      name: accounts.name,
      email: accounts.email,
      image: accounts.image,
      role: memberships.role,
      joinedAt: memberships.joinedAt,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.joinedAt));
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: InvitedRole;
  invitedByName: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations not yet accepted or revoked, the expired ones included (the page says so). */
export async function openInvitationsOf(db: Database, workspaceId: string): Promise<PendingInvitation[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedByName: accounts.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.invitedByAccountId))
    .where(and(eq(invitations.workspaceId, workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .orderBy(asc(invitations.createdAt));
}

export async function pendingInvitationCount(db: Database, workspaceId: string, at: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, at),
      ),
    );
  return row?.n ?? 0;
}

/**
 * Invites `email` (or invites it again: the open invitation for that address gets the new
 * token, role and expiry, so the old link stops working), and writes its email, in one batch.
 */
export async function invite(
  db: Database,
  input: {
    workspaceId: string;
    email: string;
    role: InvitedRole;
    tokenHash: string;
    token: string;
    by: string;
    at: Date;
    expiresAt: Date;
  },
): Promise<{ invitationId: string }> {
  const id = prefixedId("inv");
  const [row] = await db
    .insert(invitations)
    .values({
      id,
      workspaceId: input.workspaceId,
      email: input.email,
      role: input.role,
      tokenHash: input.tokenHash,
      invitedByAccountId: input.by,
      createdAt: input.at,
      expiresAt: input.expiresAt,
    })
    .onConflictDoUpdate({
      target: [invitations.workspaceId, invitations.email],
      targetWhere: sql`accepted_at IS NULL AND revoked_at IS NULL`,
      set: {
        role: input.role,
        tokenHash: input.tokenHash,
        invitedByAccountId: input.by,
        createdAt: input.at,
        expiresAt: input.expiresAt,
      },
    })
    .returning({ id: invitations.id });
  const invitationId = row!.id;
  await insertOutbox(
    db,
    {
      accountId: input.by,
      workspaceId: input.workspaceId,
      kind: "invitation",
      key: dedupeKey.invitation(invitationId, input.tokenHash),
      // The token goes only into this email; the send scrubs it from the row once sent.
      facts: { invitationId, to: input.email, role: input.role, token: input.token },
    },
    input.at,
  );
  return { invitationId };
}

/** Revokes an open invitation of this workspace; false if there was none (a foreign or used id). */
export async function revokeInvitation(db: Database, workspaceId: string, id: string, at: Date): Promise<boolean> {
  const done = await db
    .update(invitations)
    .set({ revokedAt: at })
    .where(
      and(
        eq(invitations.id, id),
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
      ),
    )
    .returning({ id: invitations.id });
  return done.length > 0;
}

export interface InvitationView {
  id: string;
  workspaceId: string;
  workspaceSlug: string;
  workspaceName: string;
  workspaceDeleted: boolean;
  email: string;
  role: InvitedRole;
  invitedByName: string;
  ownerName: string;
  expiresAt: Date;
  acceptedAt: Date | null;
  acceptedByAccountId: string | null;
  revokedAt: Date | null;
}

export async function invitationByTokenHash(db: Database, tokenHash: string): Promise<InvitationView | null> {
  const inviter = sql<string>`(SELECT name FROM accounts WHERE id = ${invitations.invitedByAccountId})`;
  const owner = sql<string>`(SELECT name FROM accounts WHERE id = ${workspaces.billingOwnerAccountId})`;
  const [row] = await db
    .select({
      id: invitations.id,
      workspaceId: invitations.workspaceId,
      workspaceSlug: workspaces.slug,
      workspaceName: workspaces.name,
      deletedAt: workspaces.deletedAt,
      email: invitations.email,
      role: invitations.role,
      invitedByName: inviter,
      ownerName: owner,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      acceptedByAccountId: invitations.acceptedByAccountId,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, tokenHash))
    .limit(1);
  if (!row) return null;
  const { deletedAt, ...rest } = row;
  return { ...rest, workspaceDeleted: deletedAt !== null };
}

/**
 * Accepts the invitation for `account`, in one batch: the token is marked used (only if it
 * still is open and unexpired), and only then the membership, the timeline entry and the
 * inviter's email are written — each selects from the invitation as this very batch left it,
 * so two accepts at once make one membership. True when this call accepted it.
 */
export async function acceptInvitation(
  db: Database,
  invitationId: string,
  account: { id: string; name: string; email: string },
  at: Date,
): Promise<boolean> {
  const t = at.getTime();
  const accepted = sql`FROM invitations WHERE id = ${invitationId} AND accepted_by_account_id = ${account.id} AND accepted_at = ${t}`;
  const results = await db.batch([
    db
      .update(invitations)
      .set({ acceptedAt: at, acceptedByAccountId: account.id })
      .where(
        and(
          eq(invitations.id, invitationId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, at),
        ),
      )
      .returning({ id: invitations.id }),
    db
      .insert(memberships)
      .select(sql`SELECT ${account.id}, workspace_id, role, ${t} ${accepted}`)
      .onConflictDoNothing(),
    db
      .insert(workspaceEvents)
      .select(
        sql`SELECT ${`evt_join_${invitationId}`}, w.id, w.lifecycle_state, w.lifecycle_state, ${TIMELINE_EVENTS.joined}, ${`account:${account.id}`}, NULL, ${t}
            FROM workspaces w WHERE w.id = (SELECT workspace_id ${accepted})`,
      )
      .onConflictDoNothing(),
    insertOutboxFrom(
      db,
      {
        kind: "invitation-accepted",
        key: dedupeKey.invitationAccepted(invitationId),
        accountId: sql`invited_by_account_id`,
        workspaceId: sql`workspace_id`,
        facts: sql`json_object('invitationId', id, 'memberName', ${account.name}, 'memberEmail', ${account.email}, 'role', role)`,
        at,
      },
      accepted,
    ),
  ]);
  return (results[0] as { id: string }[]).length > 0;
}

/** Gives a member another role (never owner, never the owner's). False if nothing changed. */
export async function setRole(db: Database, workspaceId: string, accountId: string, role: InvitedRole, actor: string, at: Date) {
  const [changed] = await db.batch([
    db
      .update(memberships)
      .set({ role })
      .where(
        and(
          eq(memberships.workspaceId, workspaceId),
          eq(memberships.accountId, accountId),
          sql`${memberships.role} != 'owner'`,
          sql`${memberships.role} != ${role}`,
        ),
      )
      .returning({ accountId: memberships.accountId }),
    timelineEntry(db, workspaceId, TIMELINE_EVENTS.roleChanged, actor, at),
  ]);
  return (changed as unknown[]).length > 0;
}

/**
 * Takes someone out of a workspace (never its owner): their membership goes at once, so their
 * next request answers 404. A removal (not a leave) writes them an email.
 */
export async function removeMembership(
  db: Database,
  input: { workspaceId: string; accountId: string; actor: { id: string; name: string }; workspaceName: string; at: Date },
): Promise<boolean> {
  const leaving = input.actor.id === input.accountId;
  const t = input.at.getTime();
  const statements = [
    db
      .delete(memberships)
      .where(
        and(
          eq(memberships.workspaceId, input.workspaceId),
          eq(memberships.accountId, input.accountId),
          sql`${memberships.role} != 'owner'`,
        ),
      )
      .returning({ accountId: memberships.accountId }),
    timelineEntry(
      db,
      input.workspaceId,
      leaving ? TIMELINE_EVENTS.left : TIMELINE_EVENTS.removed,
      `account:${input.actor.id}`,
      input.at,
    ),
  ] as const;
  const results = leaving
    ? await db.batch(statements)
    : await db.batch([
        ...statements,
        insertOutbox(
          db,
          {
            accountId: input.accountId,
            workspaceId: input.workspaceId,
            kind: "member-removed",
            key: dedupeKey.memberRemoved(input.workspaceId, input.accountId, t),
            facts: { workspaceName: input.workspaceName, byName: input.actor.name, removedAt: t },
          },
          input.at,
        ),
      ]);
  return (results[0] as unknown[]).length > 0;
}

function timelineEntry(db: Database, workspaceId: string, reason: string, actor: string, at: Date) {
  return db.insert(workspaceEvents).select(
    sql`SELECT ${ulid(at.getTime())}, id, lifecycle_state, lifecycle_state, ${reason}, ${actor}, NULL, ${at.getTime()}
          FROM ${workspaces} WHERE id = ${workspaceId} AND deleted_at IS NULL`,
  );
}

// ── Who made each access key ─────────────────────────────────────────────────

export async function recordKeyCreator(db: Database, workspaceId: string, keyName: string, accountId: string, at: Date) {
  await db
    .insert(accessKeyCreators)
    .values({ workspaceId, keyName, createdByAccountId: accountId, createdAt: at })
    .onConflictDoUpdate({
      target: [accessKeyCreators.workspaceId, accessKeyCreators.keyName],
      set: { createdByAccountId: accountId, createdAt: at },
    });
}

export async function keysMadeBy(db: Database, workspaceId: string, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ name: accessKeyCreators.keyName })
    .from(accessKeyCreators)
    .where(and(eq(accessKeyCreators.workspaceId, workspaceId), eq(accessKeyCreators.createdByAccountId, accountId)))
    .orderBy(asc(accessKeyCreators.keyName));
  return rows.map((r) => r.name);
}

export async function forgetKey(db: Database, workspaceId: string, keyName: string) {
  await db
    .delete(accessKeyCreators)
    .where(and(eq(accessKeyCreators.workspaceId, workspaceId), eq(accessKeyCreators.keyName, keyName)));
}
