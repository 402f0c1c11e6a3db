/**
 * Sandbox forms' fields, checked in the browser (conform, with JavaScript) and on the
 * server (always). File paths follow the same rule as a pasted deployment's file name.
 */
import { z } from "zod";
import { isInstallablePackage } from "../../domain/openberth/package-names";
import { plainLine } from "./text-fields";
import { SANDBOX_FORM_MESSAGES as M } from "../../domain/vocabulary";
import { deploymentName, extendLifetimeSchema, pasteDeploymentSchema } from "./deployment-forms";

const filePath = pasteDeploymentSchema.shape.fileName;

/** A new sandbox starts from one file, like a pasted deployment. */
export const newSandboxSchema = z.object({
  intent: z.literal("create"),
  name: deploymentName,
  fileName: filePath,
  code: pasteDeploymentSchema.shape.code,
  /** "" = the workspace's default. Checked against the plan before it's made. */
  memory: z.string().max(10).optional(),
});

/** The things one can do to a sandbox from its page, by intent. */
export const sandboxChangeSchemas = {
  write: z.object({
    intent: z.literal("write"),
    path: filePath,
    // An empty file is a file too.
    content: z
      .string()
      .max(1_000_000, { error: M.contentTooLong })
      .optional()
      .transform((content) => content ?? ""),
  }),
  remove: z.object({ intent: z.literal("remove"), path: filePath }),
  install: z.object({
    intent: z.literal("install"),
    packages: z
      .string({ error: M.packagesMissing })
      .trim()
      .min(1, { error: M.packagesMissing })
      .transform((s) => s.split(/[\s,]+/).filter(Boolean))
      .pipe(
        // npm's rules for names (and a version after "@"): no paths, no megabyte names.
        z.array(z.string().refine(isInstallablePackage, { error: M.packageName })).max(20, { error: M.tooManyPackages }),
      ),
  }),
  run: z.object({
    intent: z.literal("run"),
    command: z.string({ error: M.command }).trim().min(1, { error: M.command }).pipe(plainLine(2_000)),
  }),
  promote: z.object({ intent: z.literal("promote"), ttl: pasteDeploymentSchema.shape.ttl }),
  /** Removing a file, deleting and promoting ask once (app/.server/forms/confirm.ts). */
  delete: z.object({ intent: z.literal("delete") }),
  extend: extendLifetimeSchema,
};
