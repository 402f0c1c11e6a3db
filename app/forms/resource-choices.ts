/** The select options for lifetime, memory and processors, cut to the workspace's plan. */
import {
  cpuChoices,
  memoryChoices,
  networkQuotaChoices,
  QUOTA_RESET_CHOICES,
  TTL_CHOICES,
} from "../../domain/openberth/resource-options";
import type { Plan } from "../../domain/plans/catalog";
import { formatProcessorCores, formatSize, ttlLabel } from "../../domain/vocabulary";
import type { ResourceChoices, SettingsChoices } from "../lib/choices";

export function resourceChoices(plan: Plan | undefined): ResourceChoices {
  return {
    ttl: TTL_CHOICES.map((value) => ({ value, label: ttlLabel(value) })),
    memory: plan ? memoryChoices(plan).map((value) => ({ value, label: formatSize(value) })) : [],
    cpus: plan ? cpuChoices(plan).map((value) => ({ value: String(value), label: formatProcessorCores(value) })) : [],
  };
}

/** The workspace settings page: defaults for new deployments and the network allowance. */
export function settingsChoices(plan: Plan | undefined): SettingsChoices {
  const { memory, cpus } = resourceChoices(plan);
  return {
    memory,
    cpus,
    quota: plan ? networkQuotaChoices(plan).map((value) => ({ value, label: formatSize(value) })) : [],
    reset: QUOTA_RESET_CHOICES.map((value) => ({ value, label: value === "7d" ? "Every week" : "Every month" })),
  };
}
