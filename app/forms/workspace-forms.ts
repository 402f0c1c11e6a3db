/**
 * The workspace forms' fields, checked the same way in the browser (conform, when
 * JavaScript runs) and on the server (always). Words come from the domain vocabulary.
 */
import { z } from "zod";
import { REGIONS } from "../../domain/regions";
import { checkWorkspaceName } from "../../domain/workspaces/workspace-name";
import { WORKSPACE_FORM_MESSAGES as M } from "../../domain/vocabulary";

const nameField = z.string({ error: M.nameEmpty }).transform((value, ctx) => {
  const check = checkWorkspaceName(value);
  if (check.ok) return check.name;
  ctx.addIssue({
    code: "custom",
    message: check.problem === "too_long" ? M.nameTooLong : check.problem === "empty" ? M.nameEmpty : M.nameInvalid,
  });
  return z.NEVER;
});

export const createWorkspaceSchema = z.object({
  intent: z.literal("create"),
  name: nameField,
  region: z.enum(REGIONS, { error: M.regionMissing }),
  /** Makes a double-submitted form create one workspace: it becomes the workspace's id. */
  requestId: z.string({ error: M.somethingChanged }).regex(/^[0-9a-z]{26}$/, { error: M.somethingChanged }),
});

export const renameWorkspaceSchema = z.object({
  intent: z.literal("rename"),
  name: nameField,
});

/** Deleting asks once (app/.server/forms/confirm.ts); nothing is typed. */
export const deleteWorkspaceSchema = z.object({ intent: z.literal("delete") });

export const retryWorkspaceSchema = z.object({ intent: z.literal("retry") });
