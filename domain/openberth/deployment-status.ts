// How a deployment's state reads to a person. OpenBerth's status (building, running,
// updating, failed) and its runtime container status become our words (principle 03).

export type DeploymentTone = "progress" | "ok" | "trouble" | "neutral";

export interface DeploymentLook {
  label: string;
  tone: DeploymentTone;
  /** Keep refreshing: the state is about to change on its own. */
  live: boolean;
}

const LOOKS: Readonly<Record<string, DeploymentLook>> = Object.freeze({
  building: { label: "Getting ready", tone: "progress", live: true },
  updating: { label: "Updating", tone: "progress", live: true },
  running: { label: "Live", tone: "ok", live: false },
  failed: { label: "Didn't start", tone: "trouble", live: false },
});

export function deploymentLook(status: string): DeploymentLook {
  return Object.hasOwn(LOOKS, status) ? LOOKS[status]! : { label: "Unknown", tone: "neutral", live: false };
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
    return `The latest version of this ${what} didn't start, so the previous version is still the one people see. This usually means the new code couldn't be built — for example a missing file, or a mistake in package.json or requirements.txt. Check that it builds on your computer, then upload it again.`;
  }
  return `This ${what} didn't start, so nothing is online yet. This usually means the code couldn't be built or didn't start — for example a missing file, a mistake in package.json or requirements.txt, or an app that doesn't listen on its port. Check that it runs on your computer, then upload it again.`;
}
