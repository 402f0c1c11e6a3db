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
  visitorUsername: "Choose a username for visitors.",
  visitorUsernameTooLong: "Please keep the username to 64 characters.",
  visitorPassword: "Choose a password of at least 8 characters.",
  visitorPasswordTooLong: "Please keep the password to 128 characters.",
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
  code: z
    .string({ error: DEPLOYMENT_FORM_MESSAGES.code })
    .min(1, { error: DEPLOYMENT_FORM_MESSAGES.code })
    .max(1_000_000, { error: DEPLOYMENT_FORM_MESSAGES.codeTooLong }),
  ...resources,
});

/** A deployment's title, description and how long it stays online. */
export const editDeploymentSchema = z.object({
  intent: z.literal("edit"),
  title: z.string().trim().max(100, { error: "Please keep the title to 100 characters." }).optional(),
  description: z.string().trim().max(500, { error: "Please keep the description to 500 characters." }).optional(),
  ttl: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || isTtlChoice(v), { error: DEPLOYMENT_FORM_MESSAGES.ttl }),
});

/** Who may visit: anyone, visitors with a username and password, or programs with a key. */
export const protectDeploymentSchema = z.discriminatedUnion("mode", [
  z.object({ intent: z.literal("protect"), mode: z.literal("public") }),
  z.object({
    intent: z.literal("protect"),
    mode: z.literal("basic_auth"),
    username: z
      .string({ error: DEPLOYMENT_FORM_MESSAGES.visitorUsername })
      .trim()
      .min(1, { error: DEPLOYMENT_FORM_MESSAGES.visitorUsername })
      .max(64, { error: DEPLOYMENT_FORM_MESSAGES.visitorUsernameTooLong }),
    password: z
      .string({ error: DEPLOYMENT_FORM_MESSAGES.visitorPassword })
      .min(8, { error: DEPLOYMENT_FORM_MESSAGES.visitorPassword })
      .max(128, { error: DEPLOYMENT_FORM_MESSAGES.visitorPasswordTooLong }),
  }),
  z.object({ intent: z.literal("protect"), mode: z.literal("api_key") }),
]);
