/** The workspace's default lifetime for new deployments (Settings), one of the lifetime choices. */
import { z } from "zod";
import { isTtlChoice, type TtlChoice } from "../../domain/openberth/resource-options";
import { DEPLOYMENT_FORM_MESSAGES } from "../../domain/vocabulary";

export const workspaceLifetimeSchema = z.object({
  intent: z.literal("lifetime"),
  ttl: z
    .string({ error: DEPLOYMENT_FORM_MESSAGES.ttl })
    .refine(isTtlChoice, { error: DEPLOYMENT_FORM_MESSAGES.ttl })
    .transform((v) => v as TtlChoice),
});
