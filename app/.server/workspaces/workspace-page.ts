/**
 * What every page inside a workspace starts with: the signed-in account, the workspace
 * (authorized for the page's permission through authorize()), and whether its OpenBerth
 * server can be used right now — a paused, unfinished or unreachable workspace gets a plain
 * explanation on the page instead of an error.
 */
import { statusOf } from "../../../domain/lifecycle/status";
import { isChanging } from "../../../domain/lifecycle/lifecycle-decisions";
import type { Permission } from "../../../domain/permissions";
import { requireAccount, type Account } from "../auth/session";
import type { RequestContext } from "../context";
import type { WorkspaceForAccount } from "../repositories/workspaces";
import { decide, requireWorkspace } from "./workspace-access";

export type ServerGate =
  | { open: true }
  | { open: false; tone: "progress" | "paused" | "trouble" | "gone"; title: string; description: string; live: boolean };

export interface WorkspacePage {
  account: Account;
  workspace: WorkspaceForAccount;
  gate: ServerGate;
  /** What the page's heading and workspace navigation show (safe to send to the browser). */
  head: { slug: string; name: string };
}

export async function loadWorkspacePage(
  rc: RequestContext,
  request: Request,
  slug: string | undefined,
  permission: Permission,
): Promise<WorkspacePage> {
  const account = await requireAccount(request, rc);
  const workspace = await requireWorkspace(rc, account, slug, permission);
  return { account, workspace, gate: serverGate(workspace), head: { slug: workspace.slug, name: workspace.name } };
}

export function serverGate(workspace: WorkspaceForAccount): ServerGate {
  if (workspace.lifecycleState === "ready" && workspace.endpointUrl) return { open: true };
  const status = statusOf(workspace.lifecycleState, workspace.suspensionReason);
  return {
    open: false,
    tone: status.tone === "ok" ? "progress" : status.tone,
    title: status.label,
    description: status.description,
    live: isChanging(workspace.desiredState, workspace.lifecycleState) || status.live,
  };
}

/** Whether the account may do `permission` here; for showing forms, and for actions. */
export function may(page: WorkspacePage, permission: Permission) {
  return decide(page.account, page.workspace, permission);
}
