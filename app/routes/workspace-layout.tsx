import { Outlet, useLocation, useMatches } from "react-router";
import type { Route } from "./+types/workspace-layout";
import { may, workspaceMiddleware, workspacePage } from "../.server/workspaces/workspace-page";
import { getRequestContext } from "../../server/bindings/request-context";
import { ServerGateNotice } from "../components/server-gate-notice";
import { WorkspaceNav } from "../components/workspace-nav";

/**
 * The frame of every page under /workspaces/:slug. Its middleware loads the signed-in
 * account, the workspace and the member's role once per request (child loaders and
 * actions read them from the context); it shows the workspace's navigation and, where the
 * server can't be used now, the notice saying why — once, for every page.
 */
export const middleware: Route.MiddlewareFunction[] = [workspaceMiddleware];

export function loader({ context }: Route.LoaderArgs) {
  const page = workspacePage(context, "view:workspace");
  const { head, gate } = page;
  // Billing's ways back are the owner's (who pays); members see why and until when.
  return { head, gate, timeZone: getRequestContext(context).timeZone, isOwner: may(page, "manage:billing").allowed };
}

/** Pages that explain the workspace's state themselves (the overview) say so in their handle. */
export interface WorkspacePageHandle {
  showsOwnStatus?: boolean;
}

export default function WorkspaceLayout({ loaderData: { head, gate, timeZone, isOwner } }: Route.ComponentProps) {
  const location = useLocation();
  const ownStatus = useMatches().some((m) => (m.handle as WorkspacePageHandle | undefined)?.showsOwnStatus);
  return (
    <>
      <WorkspaceNav slug={head.slug} name={head.name} />
      {!gate.open && !ownStatus ? (
        <ServerGateNotice gate={gate} retryHref={location.pathname} timeZone={timeZone} isOwner={isOwner} />
      ) : null}
      <Outlet />
    </>
  );
}
