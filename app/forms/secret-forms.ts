/** Secret forms' fields: names as OpenBerth accepts them, values up to 64 KB. */
import { z } from "zod";
import { plainLine } from "./text-fields";
import { SECRET_FORM_MESSAGES as M } from "../../domain/vocabulary";

const secretName = z
  .string({ error: M.nameMissing })
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, { error: M.name });

export const setSecretSchema = z.object({
  intent: z.literal("set"),
  name: secretName,
  value: z
    .string({ error: M.value })
    .min(1, { error: M.value })
    .max(64 * 1024, { error: M.valueTooLong }),
  description: plainLine(200, M.descriptionTooLong).optional(),
  scope: z.enum(["global", "dashboard"], { error: M.scope }),
});
export const deleteSecretSchema = z.object({
  intent: z.literal("delete"),
  name: secretName,
  scope: z.enum(["global", "dashboard"]),
});
