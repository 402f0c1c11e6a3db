/**
 * Who may do what to whom in a workspace's People (issue 15). The permission table says which
 * roles may remove people or change roles at all; these rules add who the target may be, and
 * every change is then checked against the invariants (exactly one owner, nobody twice) by
 * authorizeMembershipChange. Pure.
 *
 * - The owner changes anyone's role between admin and member, and removes admins and members.
 * - An admin removes members only.
 * - Nobody removes the owner or changes the owner's role; ownership moves only by transfer (phase 5).
 * - Nobody changes their own role. Anyone but the owner may leave.
 */
import { authorizeMembershipChange, type Decision, type Membership } from "../authorize";
import type { InvitedRole, Role } from "../permissions";
import { PEOPLE_DENIALS as D } from "../vocabulary";

export const INVITATION_DAYS = 7;
export const INVITATION_LIFETIME_MS = INVITATION_DAYS * 24 * 60 * 60 * 1000;
/** Pending invitations a workspace may have at once: enough for a team, not for a mailing list. */
export const MAX_PENDING_INVITATIONS = 20;

const no = (message: string): Decision => ({ allowed: false, status: 403, code: "forbidden", message });

export function mayChangeRole(members: readonly Membership[], actorId: string, targetId: string, newRole: InvitedRole): Decision {
  const actor = members.find((m) => m.accountId === actorId);
  const target = members.find((m) => m.accountId === targetId);
  if (!actor || !target) return no(D.notAMember);
  if (actor.role !== "owner") return no(D.onlyOwnerChangesRoles);
  if (actorId === targetId) return no(D.notYourOwnRole);
  if (target.role === "owner") return no(D.ownerStaysOwner);
  return authorizeMembershipChange(members, { accountId: targetId, newRole });
}

export function mayRemove(members: readonly Membership[], actorId: string, targetId: string): Decision {
  const actor = members.find((m) => m.accountId === actorId);
  const target = members.find((m) => m.accountId === targetId);
  if (!actor || !target) return no(D.notAMember);
  if (target.role === "owner") return no(actorId === targetId ? D.ownerCantLeave : D.ownerStays);
  if (actorId !== targetId && !removes(actor.role, target.role)) return no(D.adminsRemoveMembersOnly);
  return authorizeMembershipChange(members, { accountId: targetId, newRole: null });
}

function removes(actor: Role, target: Role): boolean {
  if (actor === "owner") return target !== "owner";
  if (actor === "admin") return target === "member";
  return false;
}

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

export function invitationState(
  inv: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null },
  at: Date,
): InvitationState {
  if (inv.acceptedAt) return "accepted";
  if (inv.revokedAt) return "revoked";
  return inv.expiresAt.getTime() > at.getTime() ? "pending" : "expired";
}

/** An address as invitations compare it: trimmed and lowercased. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}
