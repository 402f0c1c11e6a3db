/**
 * What a plan would bring back, shown before paying: which paused workspaces it switches
 * back on, which stay paused (over the plan's limit), and which were paused too long and
 * are already deleted. Judged by the same fate function the sync applies afterwards.
 */
import { workspaceFates } from "../../../domain/billing/workspace-fates";
import type { Plan } from "../../../domain/plans/catalog";
import type { Services } from "../../../server/bindings/services";
import { billingAccountById, workspacesDeletedAfterGrace, workspacesPaidBy } from "../../../server/repositories/billing";

export interface ComingBack {
  bringsBack: string[];
  staysPaused: string[];
  alreadyDeleted: string[];
}

export async function comingBack(services: Services, accountId: string, plan: Plan): Promise<ComingBack> {
  const [account, owned, deleted] = await Promise.all([
    billingAccountById(services.db, accountId),
    workspacesPaidBy(services.db, accountId),
    workspacesDeletedAfterGrace(services.db, accountId),
  ]);
  const fates = workspaceFates({ kind: "plan", plan }, owned, account?.keptWorkspaceIds ?? null)!;
  const paused = owned.filter((w) => w.desiredState === "suspended" || w.lifecycleState === "suspended");
  return {
    bringsBack: paused.filter((w) => fates.get(w.id)?.desired === "running").map((w) => w.name),
    staysPaused: paused.filter((w) => fates.get(w.id)?.desired !== "running").map((w) => w.name),
    alreadyDeleted: deleted.map((w) => w.name),
  };
}
