/**
 * The workspace settings form: each choice must be one the page offered for the plan
 * ("" keeps the server's default); an allowance switched on needs an amount.
 */
import type { SettingsChoices } from "../lib/choices";

/** "" means the server's own default (memory, processors) or no allowance chosen. */
export interface DeploymentDefaults {
  memory: string;
  cpus: string;
  quotaOn: boolean;
  quota: string;
  /** How often the allowance starts again: "7d" or "30d" ("" = monthly). */
  reset: string;
}

export const DEPLOYMENT_DEFAULTS_MESSAGES = {
  notOffered: "One of those choices isn't included in this workspace's plan. Please choose from the lists.",
  allowanceMissing: "Choose the allowance, or switch the allowance off.",
} as const;

export function readDeploymentDefaultsForm(
  form: FormData,
  offered: SettingsChoices,
): { ok: true; value: DeploymentDefaults } | { ok: false; message: string } {
  const pick = (field: keyof SettingsChoices) => {
    const value = String(form.get(field) ?? "");
    return value === "" || offered[field].some((c) => c.value === value) ? value : null;
  };
  const memory = pick("memory");
  const cpus = pick("cpus");
  const quota = pick("quota");
  const reset = pick("reset");
  if (memory === null || cpus === null || quota === null || reset === null)
    return { ok: false, message: DEPLOYMENT_DEFAULTS_MESSAGES.notOffered };
  const quotaOn = form.get("quotaOn") === "on";
  if (quotaOn && !quota) return { ok: false, message: DEPLOYMENT_DEFAULTS_MESSAGES.allowanceMissing };
  return { ok: true, value: { memory, cpus, quotaOn, quota, reset } };
}
