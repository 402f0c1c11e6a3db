/**
 * What the Change plan page needs about each workspace the account pays for: its region
 * and age, and for those whose server is up, how many deployments it runs and each one's
 * processor and memory limits (read from the workspace's own server, best effort: a
 * server that can't be asked just shows no counts).
 */
import type { PlanChangeWorkspace } from "../../../domain/billing/plan-change";
import type { RequestContext } from "../../../server/bindings/request-context";
import type { OwnedWorkspace } from "../../../server/repositories/billing";
import { withOpenBerth } from "../openberth/workspace-openberth";

/** Stats are read for this many deployments per workspace at most (the page stays quick). */
const STATS_PER_WORKSPACE = 20;

export async function planChangeWorkspaces(rc: RequestContext, owned: readonly OwnedWorkspace[]): Promise<PlanChangeWorkspace[]> {
  return Promise.all(
    owned.map(async (w): Promise<PlanChangeWorkspace> => {
      const base = { id: w.id, name: w.name, region: w.region, createdAt: w.createdAt, deployments: null };
      if (w.lifecycleState !== "ready" || !w.endpointUrl) return base;
      const read = await withOpenBerth(rc, { id: w.id, endpointUrl: w.endpointUrl }, async (client) => {
        const list = await client.listDeployments();
        const stats = await Promise.all(
          list.deployments.slice(0, STATS_PER_WORKSPACE).map((d) => client.deploymentStats(d.id).catch(() => null)),
        );
        return {
          count: list.count,
          sizes: stats.flatMap((s) =>
            s?.live
              ? [
                  {
                    cpus: s.live.cpuLimitCores || null,
                    memory: s.live.memoryLimitBytes ? `${Math.ceil(s.live.memoryLimitBytes / 1024 ** 2)}m` : null,
                  },
                ]
              : [],
          ),
        };
      });
      return read.ok ? { ...base, deployments: { count: read.value.count, overSize: 0 }, sizes: read.value.sizes } : base;
    }),
  );
}
