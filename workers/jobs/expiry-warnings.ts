/**
 * Hourly: a deployment meant to last more than two days gets an email the day before it goes
 * offline (expiryWarningDue, domain/openberth/lifetime.ts), to the workspace's billing owner,
 * through the email pipeline. The dedupe key names the deployment and its expiry, so each
 * expiry is written about once however often the pass sees it, and an extended deployment is
 * written about again before its new expiry.
 */
import { dedupeKey } from "../../domain/email/catalog";
import { parseOpenBerthDate } from "../../domain/openberth/dates";
import { expiryWarningDue } from "../../domain/openberth/lifetime";
import type { Services } from "../../server/bindings/services";
import { queueEmailsByKey } from "../../server/email/queue-emails";
import { insertOutbox, type OutboxDraft } from "../../server/repositories/email-outbox";
import { eachRunningWorkspace } from "./each-running-workspace";

export async function runExpiryWarnings(services: Services): Promise<{ [k: string]: unknown }> {
  const at = services.now();
  const drafts: OutboxDraft[] = [];
  const visits = await eachRunningWorkspace(services, async (workspace, client) => {
    const { deployments } = await client.listDeployments();
    for (const d of deployments) {
      const expiresAt = parseOpenBerthDate(d.expiresAt)?.getTime() ?? null;
      if (expiresAt === null || !expiryWarningDue(d, expiresAt, at.getTime())) continue;
      drafts.push({
        accountId: workspace.billingOwnerAccountId,
        workspaceId: workspace.id,
        kind: "deployment-expiring",
        key: dedupeKey.deploymentExpiring(workspace.id, d.id, expiresAt),
        facts: { deploymentId: d.id, name: d.title || d.name, url: d.url, expiresAt },
      });
    }
  });
  // Already written (seen an hour ago): the unique dedupe key keeps the first row.
  for (let i = 0; i < drafts.length; i += 50) {
    const page = drafts.slice(i, i + 50).map((d) => insertOutbox(services.db, d, at));
    await services.db.batch(page as [(typeof page)[number], ...(typeof page)[number][]]);
  }
  await queueEmailsByKey(
    services,
    drafts.map((d) => d.key),
  );
  return { ...visits, due: drafts.length };
}
