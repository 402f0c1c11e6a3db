/** Secret forms' fields: names as OpenBerth accepts them, values up to 64 KB. */
import { z } from "zod";

const secretName = z
  .string({ error: "Use capital letters, numbers and underscores, e.g. API_TOKEN." })
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, {
    error: "Use letters, numbers and underscores, starting with a letter, e.g. API_TOKEN.",
  });

export const setSecretSchema = z.object({
  intent: z.literal("set"),
  name: secretName,
  value: z
    .string({ error: "Please enter the secret's value." })
    .min(1, { error: "Please enter the secret's value." })
    .max(64 * 1024, { error: "That value is too long (64 KB at most)." }),
  description: z.string().trim().max(200, { error: "Please keep the description to 200 characters." }).optional(),
  scope: z.enum(["global", "dashboard"], { error: "Choose who can use it." }),
});
export const deleteSecretSchema = z.object({
  intent: z.enum(["delete", "delete-confirmed"]),
  name: secretName,
  scope: z.enum(["global", "dashboard"]),
});
