// What a person may choose for a deployment's resources and lifetime: the choices on
// offer, cut to what their plan allows (plan entitlements, principle 05).

import type { Plan } from "../plans/catalog";
import { deploymentLimit } from "../plans/catalog";
import { parseSize } from "../plans/sizes";

export const MEMORY_CHOICES = ["128m", "256m", "512m", "1g", "2g", "4g"] as const;
export const CPU_CHOICES = [0.25, 0.5, 1, 2] as const;
export const NETWORK_QUOTA_CHOICES = ["1g", "5g", "20g", "50g", "100g", "200g"] as const;
/** OpenBerth TTL strings; "0" means the deployment never expires. */
export const TTL_CHOICES = ["1h", "24h", "72h", "168h", "720h", "0"] as const;
export type TtlChoice = (typeof TTL_CHOICES)[number];
export const QUOTA_RESET_CHOICES = ["7d", "30d"] as const;

/** What OpenBerth is told for a plan without a deployment limit (its field needs a number). */
export const UNLIMITED_DEPLOYMENTS = 10_000;

export function memoryChoices(plan: Plan): string[] {
  const max = parseSize(plan.entitlements.maxMemoryPerDeployment);
  return MEMORY_CHOICES.filter((m) => parseSize(m) <= max);
}

export function cpuChoices(plan: Plan): number[] {
  return CPU_CHOICES.filter((c) => c <= plan.entitlements.maxCpusPerDeployment);
}

export function networkQuotaChoices(plan: Plan): string[] {
  const max = parseSize(plan.entitlements.monthlyNetworkQuotaPerDeployment);
  return NETWORK_QUOTA_CHOICES.filter((q) => parseSize(q) <= max);
}

/** The maxDeployments every OpenBerth user we create gets, so the CLI meets the plan's limit too. */
export function accessKeyDeploymentLimit(plan: Plan): number {
  return deploymentLimit(plan) ?? UNLIMITED_DEPLOYMENTS;
}

export function isTtlChoice(value: unknown): value is TtlChoice {
  return typeof value === "string" && (TTL_CHOICES as readonly string[]).includes(value);
}
