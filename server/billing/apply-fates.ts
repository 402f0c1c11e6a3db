/**
 * Applies the fate function (domain/billing/workspace-fates.ts) to every workspace a
 * billing owner pays for, through each workspace's coordinator — the only way a billing
 * change reaches a workspace. Idempotent: a coordinator ignores an intent it already holds.
 */
import { effectivePlan } from "../../domain/billing/effective-plan";
import { workspaceFates } from "../../domain/billing/workspace-fates";
import type { Services } from "../bindings/services";
import { billingAccountById, workspacesPaidBy, type BillingAccount, type OwnedWorkspace } from "../repositories/billing";

export interface FatesApplied {
  paused: number;
  resumed: number;
  unchanged: number;
}

export async function applyFates(
  services: Services,
  accountId: string,
  /** `swap`: the customer chose which workspaces run on the plan they have (grace dates are kept). */
  options: { actor: string; account?: BillingAccount; workspaces?: OwnedWorkspace[]; swap?: boolean },
): Promise<FatesApplied> {
  const { db, log, coordinator, traceId } = services;
  const account = options.account ?? (await billingAccountById(db, accountId));
  const result: FatesApplied = { paused: 0, resumed: 0, unchanged: 0 };
  if (!account) return result;
  const owned = options.workspaces ?? (await workspacesPaidBy(db, accountId));
  const effective = effectivePlan(
    {
      planId: account.planId,
      trialEndsAt: account.trialEndsAt,
      billingState: account.billingState,
      endedReason: account.endedReason,
    },
    services.now(),
  );
  const fates = workspaceFates(effective, owned, account.keptWorkspaceIds ?? null);
  if (!fates) {
    log.alert("billing.plan_unreadable", { accountId, planId: account.planId, billingState: account.billingState });
    return result;
  }
  const desired = new Map(owned.map((w) => [w.id, w]));
  await Promise.all(
    [...fates].map(async ([workspaceId, fate]) => {
      const now = desired.get(workspaceId)!;
      const input = { workspaceId, actor: options.actor, traceId };
      if (fate.desired === "running") {
        if (now.desiredState === "running") return void result.unchanged++;
        await coordinator(workspaceId).requestResume({ ...input, swap: options.swap ?? false });
        result.resumed++;
      } else {
        if (now.desiredState === "suspended" && now.suspensionReason === fate.reason) return void result.unchanged++;
        // A workspace being deleted stays so (the coordinator ignores the pause).
        await coordinator(workspaceId).requestSuspend({ ...input, reason: fate.reason });
        result.paused++;
      }
    }),
  );
  if (result.paused + result.resumed > 0) log.info("billing.fates_applied", { accountId, ...result });
  return result;
}
