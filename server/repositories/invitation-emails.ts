/**
 * What the People emails read at send time (server/email/prepare.ts): an invitation with
 * its workspace and inviter, and whether someone is a member of a workspace again.
 */
import { and, eq } from "drizzle-orm";
import { accounts, invitations, memberships, workspaces } from "../../drizzle/schema";
import type { Database } from "../db/database";

export async function invitationForEmail(db: Database, id: string) {
  const [row] = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      tokenHash: invitations.tokenHash,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      inviterName: accounts.name,
      workspaceSlug: workspaces.slug,
      workspaceName: workspaces.name,
      workspaceDeletedAt: workspaces.deletedAt,
      workspaceState: workspaces.lifecycleState,
    })
    .from(invitations)
    .innerJoin(accounts, eq(accounts.id, invitations.invitedByAccountId))
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.id, id))
    .limit(1);
  return row ?? null;
}

export async function isMemberOf(db: Database, workspaceId: string, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.accountId, accountId)))
    .limit(1);
  return row !== undefined;
}
