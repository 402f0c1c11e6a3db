/**
 * Every 5 minutes: deployments made with an access key whose default lifetime means "until
 * deleted" (NEVER_KEY_HOURS, domain/openberth/lifetime.ts) have their expiry cleared, since
 * OpenBerth can't give a key a default of "never". Such a deployment would otherwise stay a
 * year; after this pass it stays until someone deletes it. Lifetimes chosen explicitly with
 * the berth tool, sandboxes, and older keys' deployments are left alone.
 */
import { clearsExpiry } from "../../domain/openberth/lifetime";
import type { Services } from "../../server/bindings/services";
import { OpenBerthError } from "../../server/openberth/openberth-error";
import { eachRunningWorkspace } from "./each-running-workspace";

export async function runKeepUntilDeleted(services: Services): Promise<{ [k: string]: unknown }> {
  let cleared = 0;
  let refused = 0;
  const visits = await eachRunningWorkspace(services, async (workspace, client) => {
    const [{ users }, { deployments }] = await Promise.all([client.listUsers(), client.listDeployments()]);
    const keyDefaults = new Map(users.map((u) => [u.id, u.defaultTtlHours]));
    for (const d of deployments.filter((x) => clearsExpiry(x, keyDefaults.get(x.ownerId)))) {
      try {
        await client.patchDeployment(d.id, { ttl: "0" });
        cleared++;
      } catch (error) {
        // A locked deployment refuses changes; it is tried again on the next pass.
        if (!(error instanceof OpenBerthError)) throw error;
        refused++;
        services.log.warn("deployment_pass.clear_refused", { workspaceId: workspace.id, deploymentId: d.id, kind: error.kind });
      }
    }
  });
  return { ...visits, cleared, refused };
}
