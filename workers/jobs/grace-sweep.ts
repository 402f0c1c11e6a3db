/**
 * The end of a pause's grace (docs/decisions/0027): a workspace still paused 14 days after
 * its pause began is deleted through its coordinator (the server destroyed, the row kept as
 * deleted, a timeline entry), and when none of its billing owner's workspaces is left to
 * bring back, the owner's subscription is cancelled (nothing is left to pay for).
 *
 * Behind a switch, BILLING_TERMINATION ("on" deletes; anything else only counts), off until
 * the deletion warnings of the email issue exist.
 */
import { isLiveSubscription } from "../../domain/billing/billing-state";
import type { Services } from "../../server/bindings/services";
import { syncBilling } from "../../server/billing/sync-billing";
import { billingAccountById, graceOverWorkspacesPage, workspacesPaidBy } from "../../server/repositories/billing";

const PAGE = 100;

export function terminationEnabled(env: { BILLING_TERMINATION?: string }): boolean {
  return env.BILLING_TERMINATION === "on";
}

export async function runGraceSweep(services: Services): Promise<{ [k: string]: unknown }> {
  const { db, log, coordinator } = services;
  const enabled = terminationEnabled(services.env as { BILLING_TERMINATION?: string });
  const at = services.now();
  let afterId = "";
  let due = 0;
  let terminated = 0;
  const owners = new Set<string>();
  for (;;) {
    const page = await graceOverWorkspacesPage(db, { at, afterId, limit: PAGE });
    if (page.length === 0) break;
    due += page.length;
    if (enabled) {
      for (let i = 0; i < page.length; i += 10) {
        const results = await Promise.all(
          page.slice(i, i + 10).map(async (w) => {
            const done = await coordinator(w.id).requestTermination({ workspaceId: w.id, actor: "system", traceId: log.traceId });
            if (done) owners.add(w.billingOwnerAccountId);
            return done;
          }),
        );
        terminated += results.filter(Boolean).length;
      }
    }
    afterId = page.at(-1)!.id;
    if (page.length < PAGE) break;
  }
  let subscriptionsCancelled = 0;
  for (const accountId of owners) {
    if (await cancelWhenNothingLeft(services, accountId)) subscriptionsCancelled++;
  }
  if (due > 0) log.info("sweep.grace_over", { due, terminated, enabled, subscriptionsCancelled });
  return { due, terminated, enabled, subscriptionsCancelled };
}

/** Cancels the account's subscription once none of its workspaces is left to bring back. */
async function cancelWhenNothingLeft(services: Services, accountId: string): Promise<boolean> {
  const left = (await workspacesPaidBy(services.db, accountId)).filter((w) => w.desiredState !== "deleted");
  if (left.length > 0) return false;
  const account = await billingAccountById(services.db, accountId);
  if (!account?.subscriptionId || !account.stripeCustomerId || !isLiveSubscription(account.subscriptionStatus)) return false;
  await services
    .stripe()
    .subscriptions.cancel(
      account.subscriptionId,
      { cancellation_details: { comment: "Every workspace was deleted after its grace ran out." } },
      { idempotencyKey: `terminate/${account.subscriptionId}` },
    );
  await syncBilling(services, account.stripeCustomerId, { actor: "system" });
  return true;
}
