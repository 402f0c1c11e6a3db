import { z } from "zod";

/**
 * One event as the infra service signs and sends it (docs/infra-contract.md §4): checked
 * by the webhook before it is recorded, and again when the queue hands it on.
 */
export const infraEventBody = z.object({
  eventId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  resourceId: z.string().min(1).max(100),
  workspaceId: z.string().min(1).max(100),
  sequence: z.number().int().positive(),
  state: z.string().min(1).max(64),
  occurredAt: z.iso.datetime(),
});
export type InfraEvent = z.infer<typeof infraEventBody>;
