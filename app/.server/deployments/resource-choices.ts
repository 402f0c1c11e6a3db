/** The select options for lifetime, memory and processors, cut to the workspace's plan. */
import { cpuChoices, memoryChoices, TTL_CHOICES } from "../../../domain/openberth/resource-options";
import type { Plan } from "../../../domain/plans/catalog";
import { formatProcessorCores, formatSize, ttlLabel } from "../../../domain/vocabulary";
import type { ResourceChoices } from "../../components/resource-fields";

export function resourceChoices(plan: Plan | undefined): ResourceChoices {
  return {
    ttl: TTL_CHOICES.map((value) => ({ value, label: ttlLabel(value) })),
    memory: plan ? memoryChoices(plan).map((value) => ({ value, label: formatSize(value) })) : [],
    cpus: plan ? cpuChoices(plan).map((value) => ({ value: String(value), label: formatProcessorCores(value) })) : [],
  };
}
