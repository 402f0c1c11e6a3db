/** Access key forms' fields, checked in the browser (conform, with JavaScript) and on the server (always). */
import { z } from "zod";
import { ACCESS_KEY_NAME, isReservedAccessKeyName } from "../../domain/openberth/ids";
import { ACCESS_KEY_FORM_MESSAGES as M } from "../../domain/vocabulary";

/**
 * A name typed into the form (spaces around it dropped). The rule is the domain's
 * (domain/openberth/ids.ts); an address is checked there exactly, with isAccessKeyName.
 */
export const accessKeyName = z
  .string({ error: M.name })
  .trim()
  .regex(ACCESS_KEY_NAME, { error: M.name })
  .refine((n) => !isReservedAccessKeyName(n), { error: M.reserved });

/** The access keys page: a new key for a name. */
export const createAccessKeySchema = z.object({ intent: z.literal("create"), name: accessKeyName });

/** One key's page: replace it, remove it, or clear what's in the way and remove it. */
export const accessKeyChangeSchemas = {
  rotate: z.object({ intent: z.literal("rotate") }),
  delete: z.object({ intent: z.literal("delete") }),
  "clear-and-delete": z.object({ intent: z.literal("clear-and-delete") }),
};
