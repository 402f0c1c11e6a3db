/**
 * The plan's check before anything new runs on a workspace's server: how many deployments
 * exist now (sandboxes included; OpenBerth counts both), and the memory and processors asked for.
 * Asked inside withOpenBerth() because the count lives on the server, not in our database.
 */
import type { Decision } from "../../../domain/authorize";
import { countsAgainstPlan, type SizedPermission } from "../../../domain/permissions";
import type { Account } from "../auth/session";
import type { OpenBerthClient } from "../../../server/openberth/openberth-client";
import type { WorkspaceForAccount } from "../../../server/repositories/workspaces";
import { decide } from "../workspaces/workspace-access";

/** Anything that may ask for memory or processors (the permission table says which). */
export type PlanCheckedAction = SizedPermission;

export async function checkPlan(
  client: OpenBerthClient,
  account: Account,
  workspace: WorkspaceForAccount,
  action: PlanCheckedAction,
  requested: { memory?: string; cpus?: string },
): Promise<Decision> {
  // A new version replaces one that already counts; only new things add to the count.
  const adds = countsAgainstPlan(action);
  return decide(account, workspace, action, {
    ...(adds ? { deployments: (await client.listDeployments()).count } : {}),
    ...(requested.memory ? { requestedMemory: requested.memory } : {}),
    ...(requested.cpus ? { requestedCpus: Number(requested.cpus) } : {}),
  });
}
