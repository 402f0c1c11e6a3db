// What changing plan would do, shown before anything changes (the Change plan page). Pure:
// the page gathers the workspaces and what runs in them; this says what the new plan
// allows and what would stop.

import type { Plan } from "../plans/catalog";
import { deploymentLimit, isTrialPlan, planAllowsRegion } from "../plans/catalog";
import { parseSize } from "../plans/sizes";
import { keptWorkspaces, type FateWorkspace } from "./workspace-fates";

export interface PlanChangeWorkspace extends FateWorkspace {
  name: string;
  /** Deployments and sandboxes now; null when the server couldn't be asked. */
  deployments: { count: number; overSize: number } | null;
  /** Each deployment's memory (OpenBerth size) and processors, to check the new caps. */
  sizes?: readonly { memory: string | null; cpus: number | null }[];
}

export type PlanChangeDirection = "upgrade" | "downgrade" | "same";

export interface PlanChangePreview {
  direction: PlanChangeDirection;
  /** Workspaces that can be chosen to keep (in a region the plan has). */
  choosable: string[];
  /** How many may run on the new plan. */
  maxWorkspaces: number;
  /** The customer must choose: more choosable workspaces than the plan allows. */
  mustChoose: boolean;
  /** What runs with the default choice (the oldest allowed), or the given one. */
  keep: string[];
  /** Would pause: over the limit, or in a region the plan lacks. */
  paused: { id: string; why: "over_limit" | "region" }[];
  /** Kept workspaces with more deployments than the new plan allows (they keep running; no new ones). */
  overDeploymentLimit: { id: string; count: number; limit: number }[];
  /** Kept workspaces with deployments bigger than the new plan's caps (they keep running as they are). */
  overSizeCaps: { id: string; count: number }[];
}

/** From no plan or a trial, any paid plan is "up"; between paid plans, more workspaces or regions is "up". */
export function changeDirection(from: Plan | null, to: Plan): PlanChangeDirection {
  if (from === null || isTrialPlan(from)) return from?.id === to.id ? "same" : "upgrade";
  if (from.id === to.id) return "same";
  const rank = (p: Plan) => p.entitlements.maxWorkspaces * 10 + p.entitlements.regions.length;
  return rank(to) >= rank(from) ? "upgrade" : "downgrade";
}

export function previewPlanChange(
  from: Plan | null,
  to: Plan,
  workspaces: readonly PlanChangeWorkspace[],
  chosen: readonly string[] | null,
): PlanChangePreview {
  const choosable = workspaces.filter((w) => w.region !== null && planAllowsRegion(to, w.region)).map((w) => w.id);
  const keep = keptWorkspaces(to, workspaces, chosen);
  const limit = deploymentLimit(to);
  const paused: PlanChangePreview["paused"] = [];
  const overDeploymentLimit: PlanChangePreview["overDeploymentLimit"] = [];
  const overSizeCaps: PlanChangePreview["overSizeCaps"] = [];
  for (const w of workspaces) {
    if (!keep.has(w.id)) {
      paused.push({ id: w.id, why: choosable.includes(w.id) ? "over_limit" : "region" });
      continue;
    }
    if (w.deployments && limit !== null && w.deployments.count > limit)
      overDeploymentLimit.push({ id: w.id, count: w.deployments.count, limit });
    const oversize = (w.sizes ?? []).filter((s) => !withinCaps(to, s)).length;
    if (oversize > 0) overSizeCaps.push({ id: w.id, count: oversize });
  }
  return {
    direction: changeDirection(from, to),
    choosable,
    maxWorkspaces: to.entitlements.maxWorkspaces,
    mustChoose: choosable.length > to.entitlements.maxWorkspaces,
    keep: [...keep],
    paused,
    overDeploymentLimit,
    overSizeCaps,
  };
}

function withinCaps(plan: Plan, size: { memory: string | null; cpus: number | null }): boolean {
  if (size.cpus !== null && size.cpus > plan.entitlements.maxCpusPerDeployment) return false;
  if (size.memory === null || size.memory === "" || size.memory === "0") return true;
  try {
    return parseSize(size.memory) <= parseSize(plan.entitlements.maxMemoryPerDeployment);
  } catch {
    return true;
  }
}

/**
 * A choice the customer sent: only workspaces that can be chosen, each once, at most as
 * many as the plan allows. Returns null for anything else (the page says so).
 */
export function validKeepChoice(preview: PlanChangePreview, chosen: readonly string[]): string[] | null {
  const unique = [...new Set(chosen)];
  if (unique.length !== chosen.length) return null;
  if (unique.some((id) => !preview.choosable.includes(id))) return null;
  if (unique.length > preview.maxWorkspaces) return null;
  if (preview.mustChoose && unique.length === 0) return null;
  return unique;
}
