// What a customer sees for a workspace: eight internal states fold into a few
// plain labels (plan §VI). Words come from domain/vocabulary. Whether the page keeps
// refreshing is not a status's business: isChanging() (lifecycle-decisions.ts) decides it.

import { billingPauseReason, type WorkspaceBilling } from "../authorize";
import type { DesiredState, SuspensionReason, WorkspaceState } from "./states";
import type { StatusLabel } from "../vocabulary";
import { PAUSED_DESCRIPTIONS, STATE_DESCRIPTIONS, STATUS_LABELS } from "../vocabulary";

export type { StatusLabel };

export type StatusTone = "progress" | "ok" | "paused" | "trouble" | "gone";

export type WorkspaceStatus = {
  label: StatusLabel;
  tone: StatusTone;
  description: string;
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
  return { label, tone, description };
}

/** What the visible status of a workspace is judged from. */
export type VisibleWorkspace = {
  lifecycleState: WorkspaceState;
  desiredState: DesiredState | null;
  suspensionReason: SuspensionReason | null;
  billing: WorkspaceBilling;
};

/**
 * The status the customer sees: the recorded one, or paused because the billing owner's
 * trial has ended — at request time, before the hourly sweep records the pause.
 */
export function visibleStatus(workspace: VisibleWorkspace, at: Date): WorkspaceStatus {
  const billingPause = pausedByBilling(workspace, at);
  return billingPause ? statusOf("suspended", billingPause) : statusOf(workspace.lifecycleState, workspace.suspensionReason);
}

/**
 * The billing owner has no plan (authorize() already refuses changes) but the sync or the
 * hourly sweep hasn't paused the workspace yet: show it as paused now, with the reason,
 * rather than wait. A recorded pause keeps its own reason; a workspace on its way out
 * keeps saying so. Null when it isn't paused this way.
 */
export function pausedByBilling(workspace: VisibleWorkspace, at: Date): SuspensionReason | null {
  const { lifecycleState: state, desiredState } = workspace;
  if (state === "suspended" || state === "deprovisioning" || state === "deleted" || desiredState === "deleted") return null;
  return billingPauseReason(workspace.billing, at);
}

/** Whether a workspace's OpenBerth server can be used now, and if not, what the page says instead. */
export type ServerGate =
  | { open: true }
  | {
      open: false;
      tone: "progress" | "paused" | "trouble" | "gone";
      title: string;
      description: string;
      live: boolean;
      /** While paused: why (for the way back), and when its data will be deleted (ISO), if known. */
      paused?: { reason: SuspensionReason | null; dataKeptUntil: string | null };
    };
