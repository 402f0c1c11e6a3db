/**
 * The emails a workspace's own story means, read from its timeline entries as the
 * coordinator records them: trouble (written about only if it lasts 10 minutes — checked
 * again when the time comes), back to normal, and deleted when its grace ran out. Keyed by
 * the timeline entry, so a projection sent twice writes each once (decision 0029).
 */
import type { TimelineDraft } from "../lifecycle/lifecycle-record";
import type { WorkspaceState } from "../lifecycle/states";
import { dedupeKey, TROUBLE_NOTICE_MS, type EmailKind } from "./catalog";

export interface WorkspaceEmailDraft {
  kind: EmailKind;
  key: string;
  facts: Record<string, unknown>;
  sendAfter: number;
}

const TROUBLE: ReadonlySet<WorkspaceState> = new Set(["failed", "unknown"]);

export function workspaceEmailFor(workspaceId: string, entry: TimelineDraft & { id: string }): WorkspaceEmailDraft | null {
  const wasInTrouble = entry.previousState !== null && TROUBLE.has(entry.previousState);
  if (TROUBLE.has(entry.state) && !wasInTrouble)
    return {
      kind: "workspace-trouble",
      key: dedupeKey.workspaceTrouble(workspaceId, entry.id),
      facts: { since: entry.at },
      sendAfter: entry.at + TROUBLE_NOTICE_MS,
    };
  if (entry.state === "ready" && wasInTrouble)
    return {
      kind: "workspace-recovered",
      key: dedupeKey.workspaceRecovered(workspaceId, entry.id),
      facts: { at: entry.at },
      sendAfter: entry.at,
    };
  if (entry.reason === "grace_ended")
    return {
      kind: "workspace-deleted",
      key: dedupeKey.workspaceDeleted(workspaceId),
      facts: { at: entry.at },
      sendAfter: entry.at,
    };
  return null;
}
