/**
 * What a page shows about when something goes offline, and its Extend action (issue 14,
 * domain/openberth/lifetime.ts). Used by the deployment and the sandbox pages alike.
 */
import { now } from "../../../domain/clock";
import { parseOpenBerthDate } from "../../../domain/openberth/dates";
import { extendTtl, timeLeft } from "../../../domain/openberth/lifetime";
import type { DeployInfo } from "../../../server/openberth/openberth-schemas";
import type { RequestContext } from "../../../server/bindings/request-context";
import { goesOfflineIn, LIFETIME_WORDS, lifetimeLabel } from "../../../domain/vocabulary";
import { formatDate } from "../../lib/format-date";
import type { LifetimeView } from "../../components/lifetime-line";
import { redirectWithNotice } from "../forms/flash-notice";
import { withOpenBerth, type WorkspaceEndpoint } from "../openberth/workspace-openberth";

export function lifetimeView(d: Pick<DeployInfo, "expiresAt" | "ttlHours">, timeZone: string): LifetimeView {
  const expires = parseOpenBerthDate(d.expiresAt);
  if (!expires) return { countdown: null, until: null, untilIso: null, extend: null };
  const ttl = extendTtl(d.ttlHours);
  return {
    countdown: goesOfflineIn(timeLeft(expires.getTime(), now().getTime())),
    until: formatDate(expires, timeZone, "datetime"),
    untilIso: expires.toISOString(),
    extend: ttl && d.ttlHours ? LIFETIME_WORDS.extend(lifetimeLabel(d.ttlHours)) : null,
  };
}

/**
 * Extend: the same lifetime again, from now (OpenBerth's PATCH ttl counts from now). Ends on
 * the same page with what changed, or with the server's trouble in our words.
 */
export async function extendLifetime(
  rc: RequestContext,
  workspace: WorkspaceEndpoint,
  id: string,
  backTo: string,
): Promise<Response | { ok: false; message: string }> {
  const done = await withOpenBerth(rc, workspace, async (client) => {
    const d = await client.getDeployment(id);
    const ttl = extendTtl(d.ttlHours);
    if (!ttl) return null;
    return client.patchDeployment(id, { ttl });
  });
  if (!done.ok) return { ok: false, message: done.message };
  if (done.value === null) return redirectWithNotice(backTo, LIFETIME_WORDS.stays);
  const until = parseOpenBerthDate(done.value.expiresAt);
  rc.log.info("deployment.extended", { workspaceId: workspace.id, deploymentId: id });
  return redirectWithNotice(
    backTo,
    until ? LIFETIME_WORDS.extended(formatDate(until, rc.timeZone, "datetime")) : LIFETIME_WORDS.stays,
  );
}
