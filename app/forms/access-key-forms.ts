import { z } from "zod";
import { ACCESS_KEY_NAME, isReservedAccessKeyName } from "../../domain/openberth/ids";

export const OPENBERTH_USER_MESSAGES = {
  name: "Use 1–40 letters, numbers, dots, dashes or underscores, e.g. laptop or ci-bot.",
  reserved: "That name is taken by the workspace itself. Choose another.",
} as const;

/**
 * A name typed into the form (spaces around it dropped). The rule is the domain's
 * (domain/openberth/ids.ts); an address is checked there exactly, with isAccessKeyName.
 */
export const accessKeyName = z
  .string({ error: OPENBERTH_USER_MESSAGES.name })
  .trim()
  .regex(ACCESS_KEY_NAME, { error: OPENBERTH_USER_MESSAGES.name })
  .refine((n) => !isReservedAccessKeyName(n), { error: OPENBERTH_USER_MESSAGES.reserved });
