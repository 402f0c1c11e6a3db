/**
 * Finds a workspace for the signed-in account. A workspace the account is not a member of
 * does not exist for it: 404, exactly like one that was never created (principle 04:
 * authorize() decides, with the membership it is given).
 */
import { data } from "react-router";
import { authorize, type AuthzResource, type Decision, type WorkspaceBilling } from "../../../domain/authorize";
import type { Permission } from "../../../domain/permissions";
import { isSlug } from "../../../domain/workspaces/workspace-name";
import type { Account } from "../auth/session";
import type { RequestContext } from "../../../server/bindings/request-context";
import { findWorkspaceBySlug, type WorkspaceForAccount } from "../../../server/repositories/workspaces";

/** The workspace if the account may `permission` it; otherwise our 404 or 403 page. */
export async function requireWorkspace(
  rc: RequestContext,
  account: Account,
  slug: string | undefined,
  permission: Permission,
): Promise<WorkspaceForAccount> {
  const workspace = isSlug(slug) ? await findWorkspaceBySlug(rc.db, account.id, slug) : null;
  const decision = decide(account, workspace, permission);
  if (decision.allowed && workspace) return workspace;
  if (!decision.allowed && decision.status === 403) throw data({ message: decision.message }, { status: 403 });
  throw data(null, { status: 404 });
}

export type Usage = Extract<AuthzResource, { type: "workspace" }>["usage"];

/**
 * authorize() for a workspace that may not exist (→ the same answer as a non-member's),
 * with what the request would use when the plan's limits are in play.
 */
export function decide(account: Account, workspace: WorkspaceForAccount | null, permission: Permission, usage?: Usage): Decision {
  return authorize(account, permission, {
    type: "workspace",
    workspaceId: workspace?.id ?? "",
    membership: workspace?.membership ?? null,
    billing: billingOf(workspace),
    lifecycleState: workspace?.lifecycleState ?? "deleted",
    ...(usage && { usage }),
  });
}

/** The billing owner's plan, trial and billing state: what a workspace is judged by, whoever is signed in. */
export function billingOf(workspace: WorkspaceForAccount | null): WorkspaceBilling {
  return workspace?.billing ?? { planId: "", trialEndsAt: null, billingState: "trial", endedReason: null };
}
