// What a customer sees for a workspace: eight internal states fold into a few
// plain labels (plan §VI). Words come from vocabulary.ts.

import type { SuspensionReason, WorkspaceState } from "./states";
import { isTransitional } from "./states";
import type { StatusLabel } from "../vocabulary";
import { PAUSED_DESCRIPTIONS, STATE_DESCRIPTIONS, STATUS_LABELS } from "../vocabulary";

export type { StatusLabel };

export type StatusTone = "progress" | "ok" | "paused" | "trouble" | "gone";

export type WorkspaceStatus = {
  label: StatusLabel;
  tone: StatusTone;
  description: string;
  /** Keep refreshing the page: the state is about to change on its own. */
  live: boolean;
};

const LOOK: Readonly<Record<WorkspaceState, { label: StatusLabel; tone: StatusTone }>> = Object.freeze({
  pending: { label: STATUS_LABELS.settingUp, tone: "progress" },
  provisioning: { label: STATUS_LABELS.settingUp, tone: "progress" },
  ready: { label: STATUS_LABELS.ready, tone: "ok" },
  suspended: { label: STATUS_LABELS.paused, tone: "paused" },
  failed: { label: STATUS_LABELS.trouble, tone: "trouble" },
  unknown: { label: STATUS_LABELS.trouble, tone: "trouble" },
  deprovisioning: { label: STATUS_LABELS.deleting, tone: "progress" },
  deleted: { label: STATUS_LABELS.deleted, tone: "gone" },
});

/** `reason` only matters while suspended; it explains the pause and the way out. */
export function statusOf(state: WorkspaceState, reason: SuspensionReason | null): WorkspaceStatus {
  const { label, tone } = LOOK[state];
  const description = state === "suspended" && reason !== null ? PAUSED_DESCRIPTIONS[reason] : STATE_DESCRIPTIONS[state];
  return { label, tone, description, live: isTransitional(state) };
}

/** Whether a workspace's OpenBerth server can be used now, and if not, what the page says instead. */
export type ServerGate =
  | { open: true }
  | { open: false; tone: "progress" | "paused" | "trouble" | "gone"; title: string; description: string; live: boolean };
