/**
 * The hourly sweep: ends expired trials by pausing every workspace of the account, through
 * each workspace's coordinator (reason trial_ended). One query per page of workspaces.
 */
import { now } from "../../domain/clock";
import type { Services } from "../../server/bindings/services";
import { expiredTrialWorkspacesPage } from "../../server/repositories/reconciliation";

const PAGE = 100;

export async function runLifecycleSweep({
  db,
  log,
  coordinator,
  queries: counter,
}: Services): Promise<{ [key: string]: unknown; paused: number; queries: number }> {
  const before = counter.queries;
  const at = now();
  let afterId = "";
  let paused = 0;
  for (;;) {
    const ids = await expiredTrialWorkspacesPage(db, { at, afterId, limit: PAGE });
    if (ids.length === 0) break;
    for (let i = 0; i < ids.length; i += 10) {
      await Promise.all(
        ids
          .slice(i, i + 10)
          .map((workspaceId) =>
            coordinator(workspaceId).requestSuspend({ reason: "trial_ended", actor: "system", traceId: log.traceId }),
          ),
      );
    }
    paused += ids.length;
    log.info("sweep.trial_workspaces_paused", { count: ids.length });
    afterId = ids.at(-1)!;
    if (ids.length < PAGE) break;
  }
  return { paused, queries: counter.queries - before };
}
