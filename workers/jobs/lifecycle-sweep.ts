/**
 * The hourly sweep of ended trials: for each account whose trial has ended with a workspace
 * still meant to run, the fate function decides (every workspace pauses, reason
 * trial_ended) and the coordinators apply it — the same path as billing's sync. One query
 * per page of workspaces, then two per account.
 */
import { now } from "../../domain/clock";
import type { Services } from "../../server/bindings/services";
import { applyFates } from "../../server/billing/apply-fates";
import { expiredTrialWorkspacesPage } from "../../server/repositories/reconciliation";

const PAGE = 100;

export async function runLifecycleSweep(
  services: Services,
): Promise<{ [key: string]: unknown; paused: number; queries: number }> {
  const { db, log, queries: counter } = services;
  const before = counter.queries;
  const at = now();
  let afterId = "";
  let paused = 0;
  const done = new Set<string>();
  for (;;) {
    const page = await expiredTrialWorkspacesPage(db, { at, afterId, limit: PAGE });
    if (page.length === 0) break;
    const owners = [...new Set(page.map((w) => w.billingOwnerAccountId))].filter((id) => !done.has(id));
    for (let i = 0; i < owners.length; i += 10) {
      const results = await Promise.all(owners.slice(i, i + 10).map((id) => applyFates(services, id, { actor: "system" })));
      paused += results.reduce((n, r) => n + r.paused, 0);
    }
    for (const id of owners) done.add(id);
    log.info("sweep.trial_workspaces_paused", { count: page.length, accounts: owners.length });
    afterId = page.at(-1)!.id;
    if (page.length < PAGE) break;
  }
  return { paused, queries: counter.queries - before };
}
