// Why a workspace's state changed: the codes the coordinator writes to the timeline
// (workspace_events.reason). People see the plain-language line for each code
// (domain/vocabulary, TIMELINE_REASONS); the codes themselves never reach a page.

export const LIFECYCLE_REASONS = [
  "created",
  "setup_started",
  "setup_retrying",
  "setup_failed",
  "setup_retry_requested",
  "ready",
  "pause_requested",
  "paused",
  "resume_requested",
  "resumed",
  "crashed",
  "recovered",
  "restarting",
  "lost_track",
  "delete_requested",
  "deleting",
  "deleted",
  "trial_ended",
  "payment_failed",
  "downgrade",
  "plan_ended",
  "adopted",
  /** The grace after a pause ran out: the server and its data were deleted. */
  "grace_ended",
] as const;

export type LifecycleReason = (typeof LIFECYCLE_REASONS)[number];

export function isLifecycleReason(value: unknown): value is LifecycleReason {
  return typeof value === "string" && (LIFECYCLE_REASONS as readonly string[]).includes(value);
}
