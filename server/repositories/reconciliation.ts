/** The reconciler's and the sweeps' reads: pages of work, one query per page. */
import { and, asc, eq, gt, inArray, isNull, lt, lte, ne, or } from "drizzle-orm";
import { accounts, workspaceInstances, workspaces } from "../../drizzle/schema";
import { trialPlanIds } from "../../domain/plans/catalog";
import type { Database } from "../db/database";

/** Instances whose last check is older than `cutoff` (or never), after `afterId`, by id. */
export async function dueInstancesPage(db: Database, input: { cutoff: Date; afterId: string; limit: number }): Promise<string[]> {
  const rows = await db
    .select({ id: workspaceInstances.workspaceId })
    .from(workspaceInstances)
    .where(
      and(
        gt(workspaceInstances.workspaceId, input.afterId),
        ne(workspaceInstances.workspaceState, "deleted"),
        or(isNull(workspaceInstances.lastReconciledAt), lt(workspaceInstances.lastReconciledAt, input.cutoff)),
      ),
    )
    .orderBy(asc(workspaceInstances.workspaceId))
    .limit(input.limit);
  return rows.map((r) => r.id);
}

/** What we know of the workspaces an infra page names, in one query (≤ 100 ids). */
export async function knownInstances(db: Database, workspaceIds: string[]) {
  if (workspaceIds.length === 0) return [];
  return db
    .select({
      workspaceId: workspaceInstances.workspaceId,
      infraResourceId: workspaceInstances.infraResourceId,
      deletedAt: workspaces.deletedAt,
      desiredState: workspaceInstances.desiredState,
    })
    .from(workspaceInstances)
    .innerJoin(workspaces, eq(workspaces.id, workspaceInstances.workspaceId))
    .where(inArray(workspaceInstances.workspaceId, workspaceIds));
}

/**
 * Live workspaces of accounts whose trial has ended and that are still meant to run. "On a
 * trial" is the catalog's rule (isTrialPlan), as SQL: the plan is one of its trial plans.
 */
export async function expiredTrialWorkspacesPage(
  db: Database,
  input: { at: Date; afterId: string; limit: number },
): Promise<{ id: string; billingOwnerAccountId: string }[]> {
  const rows = await db
    .select({ id: workspaces.id, billingOwnerAccountId: workspaces.billingOwnerAccountId })
    .from(workspaces)
    .innerJoin(accounts, eq(accounts.id, workspaces.billingOwnerAccountId))
    .innerJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .where(
      and(
        gt(workspaces.id, input.afterId),
        isNull(workspaces.deletedAt),
        eq(accounts.billingState, "trial"),
        inArray(accounts.planId, trialPlanIds()),
        lte(accounts.trialEndsAt, input.at),
        eq(workspaceInstances.desiredState, "running"),
      ),
    )
    .orderBy(asc(workspaces.id))
    .limit(input.limit);
  return rows;
}
