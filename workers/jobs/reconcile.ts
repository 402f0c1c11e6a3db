/**
 * The 5-minute safety net (plan §III "reconciler"). Three passes, each a bounded number of
 * D1 queries per page:
 *   1. workspaces not checked for a while → one queue message each; their coordinators
 *      ask the infra service for the truth and repair drift;
 *   2. every instance the infra service holds → instances we don't know (or whose
 *      workspace is gone) are destroyed; ones whose setup answer we lost are adopted;
 *   3. infra events received but never applied → queued again.
 */
import { now } from "../../domain/clock";
import type { Services } from "../../server/bindings/services";
import type { InfraEventMessage, ReconcileMessage } from "../../server/queues/messages";
import { unprocessedInfraEvents } from "../../server/repositories/infra-events";
import { dueInstancesPage, knownInstances } from "../../server/repositories/reconciliation";

export const RECONCILE_INTERVAL_MS = 5 * 60 * 1000;
const PAGE = 100;

export interface ReconcileReport {
  [key: string]: unknown;
  due: number;
  duePages: number;
  /** D1 queries the due pass made (one per page, plus the empty page that ends it). */
  dueQueries: number;
  queriesPerDuePage: number;
  infraInstancesSeen: number;
  orphansDestroyed: number;
  adopted: number;
  requeuedEvents: number;
  queries: number;
}

export async function runReconcile(services: Services, options: { maxPages?: number } = {}): Promise<ReconcileReport> {
  const { env, db, log, queries: counter } = services;
  const start = counter.queries;
  const at = now();
  const report: ReconcileReport = {
    due: 0,
    duePages: 0,
    dueQueries: 0,
    queriesPerDuePage: 0,
    infraInstancesSeen: 0,
    orphansDestroyed: 0,
    adopted: 0,
    requeuedEvents: 0,
    queries: 0,
  };

  // 1. Due workspaces → the reconcile queue.
  const cutoff = new Date(at.getTime() - RECONCILE_INTERVAL_MS);
  let afterId = "";
  const before = counter.queries;
  for (let page = 0; page < (options.maxPages ?? 1_000); page++) {
    const ids = await dueInstancesPage(db, { cutoff, afterId, limit: PAGE });
    if (ids.length === 0) break;
    const messages: { body: ReconcileMessage }[] = ids.map((workspaceId) => ({
      body: { type: "reconcile.workspace", traceId: log.traceId, workspaceId },
    }));
    await env.RECONCILE_JOBS.sendBatch(messages);
    report.due += ids.length;
    report.duePages++;
    afterId = ids.at(-1)!;
    if (ids.length < PAGE) break;
  }
  report.dueQueries = counter.queries - before;
  report.queriesPerDuePage = report.duePages ? Math.round((report.dueQueries / report.duePages) * 100) / 100 : 0;

  // 2. Orphans: what the infra service holds that we don't.
  const infra = services.infra();
  try {
    let cursor: string | null = null;
    do {
      const page = await infra.list({ cursor, limit: PAGE });
      report.infraInstancesSeen += page.instances.length;
      const known = new Map(
        (
          await knownInstances(
            db,
            page.instances.map((i) => i.workspaceId),
          )
        ).map((k) => [k.workspaceId, k]),
      );
      for (const instance of page.instances) {
        if (instance.state === "deleting" || instance.state === "deleted") continue;
        const ours = known.get(instance.workspaceId);
        if (ours && !ours.deletedAt && ours.infraResourceId === instance.resourceId) continue;
        if (ours && !ours.deletedAt && ours.infraResourceId === null && ours.desiredState !== "deleted") {
          // Set up, but our record of it was lost: its coordinator adopts it.
          await env.RECONCILE_JOBS.send({
            type: "reconcile.workspace",
            traceId: log.traceId,
            workspaceId: instance.workspaceId,
          } satisfies ReconcileMessage);
          report.adopted++;
          log.warn("reconcile.orphan_adopting", { resourceId: instance.resourceId, workspaceId: instance.workspaceId });
          continue;
        }
        await infra.destroy(instance.resourceId);
        report.orphansDestroyed++;
        log.alert("reconcile.orphan_destroyed", {
          resourceId: instance.resourceId,
          workspaceId: instance.workspaceId,
          why: !ours ? "unknown workspace" : ours.deletedAt ? "workspace deleted" : "not the workspace's instance",
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
  } catch (error) {
    log.warn("reconcile.orphan_sweep_incomplete", { error });
  }

  // 3. Events that arrived but were never applied.
  const stuck = await unprocessedInfraEvents(db, new Date(Date.now() - 2 * 60 * 1000), PAGE);
  if (stuck.length > 0) {
    const messages: { body: InfraEventMessage }[] = stuck.map((e) => ({
      body: {
        type: "infra.event",
        traceId: log.traceId,
        event: {
          eventId: e.eventId,
          resourceId: e.infraResourceId,
          workspaceId: e.workspaceId ?? "",
          sequence: e.sequence,
          state: e.infraState,
          occurredAt: e.occurredAt.toISOString(),
        },
      },
    }));
    await env.INFRA_EVENTS.sendBatch(messages);
    report.requeuedEvents = stuck.length;
  }

  report.queries = counter.queries - start;
  return report;
}
