// How a deployment's state reads to a person. OpenBerth's status (building, running,
// updating, failed) and its runtime container status become our words (principle 03).
// The one home of a deployment's visible status, whether it is online, who put it
// online, and whether its page keeps refreshing: the list and the deployment's own page
// (and the sandbox's) ask deploymentStatus() and show what it says.

import { DEPLOYMENT_OWNER_NAMES, DEPLOYMENT_STATUS_LABELS } from "../vocabulary";

export type DeploymentTone = "progress" | "ok" | "trouble" | "neutral";

export interface DeploymentLook {
  label: string;
  tone: DeploymentTone;
}

/** By OpenBerth's status: how it looks, and whether it is about to change on its own. */
const STATUSES: Readonly<Record<string, DeploymentLook & { changing: boolean }>> = Object.freeze({
  building: { label: DEPLOYMENT_STATUS_LABELS.building, tone: "progress", changing: true },
  updating: { label: DEPLOYMENT_STATUS_LABELS.updating, tone: "progress", changing: true },
  running: { label: DEPLOYMENT_STATUS_LABELS.running, tone: "ok", changing: false },
  failed: { label: DEPLOYMENT_STATUS_LABELS.failed, tone: "trouble", changing: false },
});

const UNKNOWN = Object.freeze({ label: DEPLOYMENT_STATUS_LABELS.unknown, tone: "neutral", changing: false } as const);

function entry(status: string) {
  return Object.hasOwn(STATUSES, status) ? STATUSES[status]! : UNKNOWN;
}

export function deploymentLook(status: string): DeploymentLook {
  const { label, tone } = entry(status);
  return { label, tone };
}

/**
 * Whether a page showing it should keep refreshing: building or updating settles on its
 * own soon. The one home of live refresh for a deployment or sandbox.
 */
export function deploymentIsChanging(status: string): boolean {
  return entry(status).changing;
}

/** For a page listing deployments: keep refreshing while any of them is changing. */
export function anyDeploymentChanging(deployments: readonly { status: string }[]): boolean {
  return deployments.some((d) => deploymentIsChanging(d.status));
}

/** What of an OpenBerth deployment (or sandbox) the status is judged from. */
export interface DeploymentFacts {
  status: string;
  containerStatus?: string | undefined;
  ownerId: string;
  ownerName?: string | undefined;
}

export interface DeploymentStatus {
  look: DeploymentLook;
  /**
   * People can visit it now: it runs, it is being updated (the old version serves
   * meanwhile), or an update failed and the previous version still serves.
   */
  online: boolean;
  /** Who put it online, in our words. */
  owner: string;
  /** Keep the page refreshing (deploymentIsChanging). */
  live: boolean;
}

/**
 * A deployment as every page shows it. `adminUserId` is the workspace's own OpenBerth user,
 * the one the dashboard acts as: what it put online is said to come from the dashboard.
 */
export function deploymentStatus(d: DeploymentFacts, adminUserId: string): DeploymentStatus {
  return {
    look: deploymentLook(d.status),
    online: d.status === "running" || d.status === "updating" || d.containerStatus === "running",
    owner: d.ownerId === adminUserId ? DEPLOYMENT_OWNER_NAMES.dashboard : d.ownerName || DEPLOYMENT_OWNER_NAMES.someoneWithAKey,
    live: deploymentIsChanging(d.status),
  };
}

/**
 * Why a deployment failed, in our words. OpenBerth keeps build output out of the logs,
 * so this is all a person can learn from its status: whether the previous version still
 * serves (a failed update) or nothing does (a failed first start).
 */
export function failureExplanation(input: { status: string; containerStatus?: string; mode: string }): string | null {
  if (input.status !== "failed") return null;
  const what = input.mode === "sandbox" ? "sandbox" : "deployment";
  if (input.containerStatus === "running") {
    return `The latest version of this ${what} didn't start, so the previous version is still the one people see. This usually means the new code couldn't be built — for example a missing file, or a mistake in the list of what the app needs. Check that it builds on your computer, then upload it again.`;
  }
  return `This ${what} didn't start, so nothing is online yet. This usually means the code couldn't be built or didn't start — for example a missing file, a mistake in the list of what the app needs, or an app that doesn't answer visitors. Check that it runs on your computer, then upload it again.`;
}
