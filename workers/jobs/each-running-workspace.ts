/**
 * Visits every running workspace's OpenBerth server as its admin, a page of workspaces at a
 * time and a few servers at once, for the passes that look after deployments (their
 * lifetimes). One server that can't be reached or answers badly, or a workspace whose key
 * can't be opened, is logged and counted and does not stop the others; the next run tries again.
 */
import type { Services } from "../../server/bindings/services";
import type { OpenBerthClient } from "../../server/openberth/openberth-client";
import { OpenBerthError } from "../../server/openberth/openberth-error";
import { openWorkspaceClient } from "../../server/openberth/workspace-client";
import { runningWorkspacesPage, type RunningWorkspace } from "../../server/repositories/workspaces";

const PAGE = 50;
/** Servers asked at once: enough to finish quickly, few enough to stay within a Worker's connections. */
const AT_ONCE = 4;

export interface Visits {
  workspaces: number;
  unreachable: number;
  failed: number;
}

export async function eachRunningWorkspace(
  services: Services,
  visit: (workspace: RunningWorkspace, client: OpenBerthClient, adminUserId: string) => Promise<void>,
): Promise<Visits> {
  const visits: Visits = { workspaces: 0, unreachable: 0, failed: 0 };
  let afterId = "";
  for (;;) {
    const page = await runningWorkspacesPage(services.db, afterId, PAGE);
    if (page.length === 0) break;
    afterId = page.at(-1)!.id;
    for (let i = 0; i < page.length; i += AT_ONCE) {
      await Promise.all(
        page.slice(i, i + AT_ONCE).map(async (workspace) => {
          visits.workspaces++;
          try {
            const { client, adminUserId } = await openWorkspaceClient(services, workspace);
            await visit(workspace, client, adminUserId);
          } catch (error) {
            if (error instanceof OpenBerthError) {
              visits.unreachable++;
              services.log.warn("deployment_pass.unreachable", {
                workspaceId: workspace.id,
                kind: error.kind,
                status: error.status,
              });
              return;
            }
            // Anything else (a key that can't be opened) is ours to fix, and still not the other workspaces' problem.
            visits.failed++;
            services.log.count("errors", { where: "deployment_pass" });
            services.log.error("deployment_pass.failed", { workspaceId: workspace.id, error });
          }
        }),
      );
    }
    if (page.length < PAGE) break;
  }
  return visits;
}
