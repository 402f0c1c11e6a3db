import { z } from "zod";

export const OPENBERTH_USER_MESSAGES = {
  name: "Use 1–40 letters, numbers, dots, dashes or underscores, e.g. laptop or ci-bot.",
  reserved: "That name is taken by the workspace itself. Choose another.",
} as const;

/** Names appear in addresses and in the CLI, so keep them simple. */
export const accessKeyName = z
  .string({ error: OPENBERTH_USER_MESSAGES.name })
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, { error: OPENBERTH_USER_MESSAGES.name })
  .refine((n) => n.toLowerCase() !== "admin", { error: OPENBERTH_USER_MESSAGES.reserved });
