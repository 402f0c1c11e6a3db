/**
 * Deployment forms' fields, checked in the browser (conform, with JavaScript) and on the
 * server (always), by the same schema. The file's contents are checked on the server
 * (server/uploads); the form only says whether one was sent.
 */
import { z } from "zod";
import { plainBlock, plainLine } from "./text-fields";
import { isTtlChoice } from "../../domain/openberth/resource-options";
import { DEPLOYMENT_FORM_MESSAGES } from "../../domain/vocabulary";

/** Becomes the web address, so: letters, digits and dashes (OpenBerth lowercases it). */
export const deploymentName = z
  .string({ error: DEPLOYMENT_FORM_MESSAGES.name })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/, { error: DEPLOYMENT_FORM_MESSAGES.name });

const ttl = z.string({ error: DEPLOYMENT_FORM_MESSAGES.ttl }).refine(isTtlChoice, { error: DEPLOYMENT_FORM_MESSAGES.ttl });
/** "" (sent as nothing) = the workspace's default. Checked against the plan by authorize(). */
const memory = z.string().max(10).optional();
const cpus = z.string().max(10).optional();
/** An empty file input sends nothing; that and what's inside are server/uploads' to judge. */
const file = z.file({ error: DEPLOYMENT_FORM_MESSAGES.notAFile }).optional();

const fileName = z
  .string({ error: DEPLOYMENT_FORM_MESSAGES.fileName })
  .trim()
  .regex(/^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,199}$/, { error: DEPLOYMENT_FORM_MESSAGES.fileName })
  .refine((p) => !p.split("/").includes(".."), { error: DEPLOYMENT_FORM_MESSAGES.fileName });
const code = z
  .string({ error: DEPLOYMENT_FORM_MESSAGES.code })
  .min(1, { error: DEPLOYMENT_FORM_MESSAGES.code })
  .max(1_000_000, { error: DEPLOYMENT_FORM_MESSAGES.codeTooLong });

export const uploadDeploymentSchema = z.object({ intent: z.literal("upload"), name: deploymentName, file, ttl, memory, cpus });

export const pasteDeploymentSchema = z.object({
  intent: z.literal("paste"),
  name: deploymentName,
  fileName,
  code,
  ttl,
  memory,
  cpus,
});

/** A new version: an uploaded file (the page's form) or pasted code, with memory and processors. */
export const redeployDeploymentSchema = z.discriminatedUnion("source", [
  z.object({ intent: z.literal("redeploy"), source: z.literal("upload"), file, memory, cpus }),
  z.object({ intent: z.literal("redeploy"), source: z.literal("paste"), fileName, code, memory, cpus }),
]);

/** A deployment's title, description and how long it stays online. */
export const editDeploymentSchema = z.object({
  intent: z.literal("edit"),
  title: plainLine(100, DEPLOYMENT_FORM_MESSAGES.titleTooLong).optional(),
  description: plainBlock(500, DEPLOYMENT_FORM_MESSAGES.descriptionTooLong).optional(),
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

/** Deleting asks for the box to be ticked: nothing goes by accident. */
/** Deleting asks once (app/.server/forms/confirm.ts); nothing is typed or ticked. */
export const deleteDeploymentSchema = z.object({ intent: z.literal("delete") });

/** Extend: the same lifetime again, counted from now (deployments and sandboxes). */
export const extendLifetimeSchema = z.object({ intent: z.literal("extend") });
