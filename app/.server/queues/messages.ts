import { z } from "zod";

/**
 * Every queue message carries the trace id of the work that sent it, so one request can
 * be followed through the consumer and into the coordinator.
 * Each queue is named for what it carries (wrangler.jsonc).
 */
const traced = { traceId: z.string().regex(/^[0-9a-f]{32}$/) };

/** A diagnostic round trip through the whole pipeline (request → queue → coordinator). */
export const diagnosticProbe = z.object({
  type: z.literal("diagnostic.probe"),
  ...traced,
  probeId: z.string().min(1).max(100),
  workspaceId: z.string().min(1).max(100),
});

export const infraEventMessage = z.discriminatedUnion("type", [diagnosticProbe]);
export type InfraEventMessage = z.infer<typeof infraEventMessage>;

export const QUEUE_NAMES = {
  infraEvents: "harbor-infra-events",
  billingEvents: "harbor-billing-events",
  emailJobs: "harbor-email-jobs",
  reconcileJobs: "harbor-reconcile-jobs",
} as const;
