// Every workspace's fate, decided in one pure function (docs/decisions/0027). Sync, Change
// plan and the sweeps only apply its answer through the coordinators. Its inputs are the
// billing owner's standing and the kept selection, never a stored pause reason — so a
// payment that recovers does not wake a workspace paused by a downgrade.

import type { Region } from "../regions";
import type { SuspensionReason } from "../lifecycle/states";
import type { Plan } from "../plans/catalog";
import { planAllowsRegion } from "../plans/catalog";
import type { EffectivePlan } from "./effective-plan";

export interface FateWorkspace {
  id: string;
  region: Region | null;
  createdAt: Date;
}

export type Fate = { desired: "running"; reason: null } | { desired: "suspended"; reason: SuspensionReason };

const RUN: Fate = Object.freeze({ desired: "running", reason: null });

/**
 * Which workspaces run and which pause, and why. With no plan, all pause for the plan's
 * reason. With a plan, the workspaces it allows run, up to its limit: first those the
 * customer chose to keep (in their order), then the oldest of the rest — the same rule
 * whether the plan changed on our page or elsewhere (Stripe's dashboard). The others pause
 * with reason `downgrade`. An unreadable plan changes nothing (null).
 */
export function workspaceFates(
  effective: EffectivePlan,
  workspaces: readonly FateWorkspace[],
  kept: readonly string[] | null,
): Map<string, Fate> | null {
  if (effective.kind === "unknown") return null;
  const fates = new Map<string, Fate>();
  if (effective.kind === "none") {
    for (const w of workspaces) fates.set(w.id, { desired: "suspended", reason: effective.reason });
    return fates;
  }
  const running = keptWorkspaces(effective.plan, workspaces, kept);
  for (const w of workspaces) fates.set(w.id, running.has(w.id) ? RUN : { desired: "suspended", reason: "downgrade" });
  return fates;
}

/** The workspaces a plan keeps running, given the customer's choice (see workspaceFates). */
export function keptWorkspaces(plan: Plan, workspaces: readonly FateWorkspace[], kept: readonly string[] | null): Set<string> {
  const allowed = workspaces.filter((w) => w.region !== null && planAllowsRegion(plan, w.region));
  const byId = new Map(allowed.map((w) => [w.id, w]));
  const chosen = [...new Set(kept ?? [])].filter((id) => byId.has(id));
  const oldestFirst = [...allowed].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const order = [...chosen, ...oldestFirst.map((w) => w.id).filter((id) => !chosen.includes(id))];
  return new Set(order.slice(0, plan.entitlements.maxWorkspaces));
}
