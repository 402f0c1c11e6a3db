/**
 * The workspace settings form, checked in the browser (conform, with JavaScript) and on the
 * server (always) by the same schema: each choice must be one the page offered for the
 * plan (none keeps the server's default); an allowance switched on needs an amount.
 */
import { z } from "zod";
import { SETTINGS_FORM_MESSAGES as M } from "../../domain/vocabulary";
import type { SettingsChoices } from "../lib/choices";

/** "" means the server's own default (memory, processors) or no allowance chosen. */
export type DeploymentDefaults = {
  memory: string;
  cpus: string;
  quotaOn: boolean;
  quota: string;
  /** How often the allowance starts again: "7d" or "30d" ("" = monthly). */
  reset: string;
};

/** The settings form for a plan's choices; its value is the defaults to save. */
export function deploymentDefaultsSchema(offered: SettingsChoices) {
  // An empty select sends "", which the form reads as nothing: the server's default.
  const offeredChoice = (field: keyof SettingsChoices) =>
    z
      .string()
      .optional()
      .refine((value) => value === undefined || offered[field].some((c) => c.value === value), { error: M.notOffered })
      .transform((value) => value ?? "");
  return z
    .object({
      intent: z.literal("save"),
      memory: offeredChoice("memory"),
      cpus: offeredChoice("cpus"),
      quotaOn: z
        .string()
        .optional()
        .transform((on) => on === "on"),
      quota: offeredChoice("quota"),
      reset: offeredChoice("reset"),
    })
    .refine((v) => !v.quotaOn || v.quota !== "", { error: M.allowanceMissing, path: ["quota"] })
    .transform(({ memory, cpus, quotaOn, quota, reset }): DeploymentDefaults => ({ memory, cpus, quotaOn, quota, reset }));
}
