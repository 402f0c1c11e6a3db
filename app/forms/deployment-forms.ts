/**
 * Deployment forms' fields, checked in the browser (conform, with JavaScript) and on the
 * server (always). The file itself is checked on the server (app/.server/uploads).
 */
import { z } from "zod";
import { isTtlChoice } from "../../domain/openberth/resource-options";

export const DEPLOYMENT_FORM_MESSAGES = {
  name: "Please give it a name of up to 40 letters, numbers or dashes.",
  ttl: "Please choose how long it should stay online.",
  fileName: "Please name the file, for example index.html.",
  code: "Please paste the code to put online.",
  codeTooLong: "That's more than we can take pasted (1 MB). Upload it as a file instead.",
} as const;

/** Becomes the web address, so: letters, digits and dashes (OpenBerth lowercases it). */
export const deploymentName = z
  .string({ error: DEPLOYMENT_FORM_MESSAGES.name })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, { error: DEPLOYMENT_FORM_MESSAGES.name });

const resources = {
  ttl: z.string({ error: DEPLOYMENT_FORM_MESSAGES.ttl }).refine(isTtlChoice, { error: DEPLOYMENT_FORM_MESSAGES.ttl }),
  /** "" = the workspace's default. Checked against the plan by authorize(). */
  memory: z.string().max(10).optional(),
  cpus: z.string().max(10).optional(),
};

export const uploadDeploymentSchema = z.object({ intent: z.literal("upload"), name: deploymentName, ...resources });

export const pasteDeploymentSchema = z.object({
  intent: z.literal("paste"),
  name: deploymentName,
  fileName: z
    .string({ error: DEPLOYMENT_FORM_MESSAGES.fileName })
    .trim()
    .regex(/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,199}$/, { error: DEPLOYMENT_FORM_MESSAGES.fileName })
    .refine((p) => !p.split("/").includes(".."), { error: DEPLOYMENT_FORM_MESSAGES.fileName }),
  code: z.string({ error: DEPLOYMENT_FORM_MESSAGES.code }).min(1, { error: DEPLOYMENT_FORM_MESSAGES.code }).max(1_000_000, { error: DEPLOYMENT_FORM_MESSAGES.codeTooLong }),
  ...resources,
});
