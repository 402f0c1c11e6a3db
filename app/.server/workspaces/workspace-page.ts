/**
 * What every page inside a workspace starts with: the signed-in account, the workspace
 * (authorized for the page's permission through authorize()), and whether its OpenBerth
 * server can be used right now — a paused, unfinished or unreachable workspace gets a plain
 * explanation on the page instead of an error.
 */
import { now } from "../../../domain/clock";
import { pausedByBilling, visibleStatus, type ServerGate, type WorkspaceStatus } from "../../../domain/lifecycle/status";
import { isChanging } from "../../../domain/lifecycle/lifecycle-decisions";
import type { Permission } from "../../../domain/permissions";
import { requireAccount, type Account } from "../auth/session";
import { createContext, data, type MiddlewareFunction, type RouterContextProvider } from "react-router";
import { getRequestContext } from "../../../server/bindings/request-context";
import type { WorkspaceForAccount } from "../../../server/repositories/workspaces";
import { billingOf, decide, requireWorkspace } from "./workspace-access";

export type { ServerGate };

export interface WorkspacePage {
  account: Account;
  workspace: WorkspaceForAccount;
  gate: ServerGate;
  /** What the page's heading and workspace navigation show (safe to send to the browser). */
  head: { slug: string; name: string };
}

/**
 * The workspace a page under /workspaces/:slug is about, loaded once per request by the
 * layout route's middleware (app/routes/workspace-layout.tsx) for the signed-in account.
 */
export const workspacePageContext = createContext<WorkspacePage>();

export const workspaceMiddleware: MiddlewareFunction<Response> = async ({ request, context, params }, next) => {
  const account = requireAccount(request, context);
  const workspace = await requireWorkspace(getRequestContext(context), account, params.slug, "view:workspace");
  context.set(workspacePageContext, {
    account,
    workspace,
    gate: serverGate(workspace),
    head: { slug: workspace.slug, name: workspace.name },
  });
  return next();
};

/**
 * The loaded workspace, if the account may `permission` it here; otherwise our 403 page
 * (with the plain reason) or the 404 a non-member gets. No query: the middleware read it.
 */
export function workspacePage(context: Readonly<RouterContextProvider>, permission: Permission): WorkspacePage {
  const page = context.get(workspacePageContext);
  const decision = decide(page.account, page.workspace, permission);
  if (decision.allowed) return page;
  if (decision.status === 403) throw data({ message: decision.message }, { status: 403 });
  throw data(null, { status: 404 });
}

export function serverGate(workspace: WorkspaceForAccount, at: Date = now()): ServerGate {
  const billingPaused = pausedByBilling(visible(workspace), at) !== null;
  if (!billingPaused && workspace.lifecycleState === "ready" && workspace.endpointUrl) return { open: true };
  const status = workspaceStatus(workspace, at);
  const pausedReason = pausedByBilling(visible(workspace), at) ?? (status.tone === "paused" ? workspace.suspensionReason : null);
  return {
    open: false,
    tone: status.tone === "ok" ? "progress" : status.tone,
    title: status.label,
    description: status.description,
    live: isChanging(workspace.desiredState, workspace.lifecycleState),
    ...(status.tone === "paused" && {
      paused: { reason: pausedReason, dataKeptUntil: workspace.graceEndsAt?.toISOString() ?? null },
    }),
  };
}

/** The status the customer sees (domain/lifecycle/status.ts): the recorded one, or paused because the billing owner has no plan. */
export function workspaceStatus(workspace: WorkspaceForAccount, at: Date = now()): WorkspaceStatus {
  return visibleStatus(visible(workspace), at);
}

function visible(workspace: WorkspaceForAccount) {
  return { ...workspace, billing: billingOf(workspace) };
}

/** Whether the account may do `permission` here; for showing forms, and for actions. */
export function may(page: WorkspacePage, permission: Permission) {
  return decide(page.account, page.workspace, permission);
}
