/**
 * Sandbox forms' fields, checked on the server (and in the browser where conform runs).
 * File paths follow the same rule as a pasted deployment's file name.
 */
import { z } from "zod";
import { isTtlChoice } from "../../domain/openberth/resource-options";
import { DEPLOYMENT_FORM_MESSAGES, deploymentName, pasteDeploymentSchema } from "./deployment-forms";

/** A new sandbox starts from one file, like a pasted deployment. */
export const newSandboxSchema = z.object({
  name: deploymentName,
  fileName: pasteDeploymentSchema.shape.fileName,
  code: pasteDeploymentSchema.shape.code,
  memory: z.string().max(10).optional(),
});

const filePath = pasteDeploymentSchema.shape.fileName;
/** The things one can do to a sandbox from its page, by intent. */
export const sandboxChangeSchemas = {
  write: z.object({
    path: filePath,
    content: z.string().max(1_000_000, { error: "That's more than 1 MB; upload it as a deployment instead." }),
  }),
  remove: z.object({ path: filePath }),
  install: z.object({
    packages: z
      .string({ error: "Name at least one package." })
      .trim()
      .min(1, { error: "Name at least one package." })
      .transform((s) => s.split(/[\s,]+/).filter(Boolean))
      .pipe(
        z
          .array(z.string().regex(/^[a-zA-Z0-9@_./:=<>^~-]+$/, { error: "Package names can't contain spaces or quotes." }))
          .max(20),
      ),
  }),
  run: z.object({
    command: z.string({ error: "Type a command to run." }).trim().min(1, { error: "Type a command to run." }).max(2_000),
  }),
  promote: z.object({ ttl: z.string().refine(isTtlChoice, { error: DEPLOYMENT_FORM_MESSAGES.ttl }) }),
};
