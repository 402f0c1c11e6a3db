/**
 * The end of a pause's grace (docs/decisions/0027, 0029), hourly, for each paused workspace
 * whose data is deleted within 7 days:
 * - its deletion warning due now (7, 3 or 1 day before) goes into the outbox;
 * - a workspace reaching its last day with less than a day's notice (paused before the
 *   warnings existed) has its grace moved a day on first, so the last warning is real;
 * - once the grace is over, it is deleted through its coordinator — only if its final
 *   warning is in the outbox — and when none of the owner's workspaces is left to bring
 *   back, the owner's subscription is cancelled.
 * Deleting sits behind BILLING_TERMINATION ("on" deletes; anything else only counts).
 */
import { isLiveSubscription } from "../../domain/billing/billing-state";
import { DELETION_WARNING_DAYS, dedupeKey } from "../../domain/email/catalog";
import { deletionAllowed, deletionWarningDue, extendedGraceFor } from "../../domain/email/reminders";
import { DAY_MS } from "../../domain/trial";
import type { Services } from "../../server/bindings/services";
import { syncBilling } from "../../server/billing/sync-billing";
import { queueEmails } from "../../server/email/queue-emails";
import { emailOutbox } from "../../drizzle/schema";
import { billingAccountById, graceEndingWorkspacesPage, workspacesPaidBy } from "../../server/repositories/billing";
import { existingKeys, insertOutbox, type OutboxDraft } from "../../server/repositories/email-outbox";

const PAGE = 100;
const WARNING_WINDOW_MS = Math.max(...DELETION_WARNING_DAYS) * DAY_MS;

export function terminationEnabled(env: { BILLING_TERMINATION?: string }): boolean {
  return env.BILLING_TERMINATION === "on";
}

interface Due {
  id: string;
  billingOwnerAccountId: string;
  graceEndsAt: number;
}

export async function runGraceSweep(services: Services): Promise<{ [k: string]: unknown }> {
  const { db, log } = services;
  const enabled = terminationEnabled(services.env as { BILLING_TERMINATION?: string });
  const at = services.now().getTime();
  let afterId = "";
  let due = 0;
  let terminated = 0;
  let warned = 0;
  let extended = 0;
  let heldForWarning = 0;
  const owners = new Set<string>();
  for (;;) {
    const page = await graceEndingWorkspacesPage(db, { until: new Date(at + WARNING_WINDOW_MS), afterId, limit: PAGE });
    if (page.length === 0) break;
    // Without deleting there is nothing to warn about: with the switch off the sweep only counts.
    const last = Math.min(...DELETION_WARNING_DAYS);
    const finalKey = (w: Due) => dedupeKey.deletionWarning(w.id, w.graceEndsAt, last);
    const recorded = await existingKeys(db, page.map(finalKey));
    const current: Due[] = [];
    for (const w of page) {
      // A grace moved on, so that the final warning gives a day's notice.
      const later = enabled && !recorded.has(finalKey(w)) ? extendedGraceFor(w.graceEndsAt, at) : null;
      if (
        later !== null &&
        (await services.coordinator(w.id).extendGrace({ workspaceId: w.id, until: later, actor: "system", traceId: log.traceId }))
      ) {
        extended++;
        current.push({ ...w, graceEndsAt: later });
      } else current.push(w);
    }
    // The warnings due now.
    const drafts: OutboxDraft[] = !enabled
      ? []
      : current.flatMap((w) => {
          const days = deletionWarningDue(w.graceEndsAt, at);
          return days === null
            ? []
            : [
                {
                  accountId: w.billingOwnerAccountId,
                  workspaceId: w.id,
                  kind: "deletion-warning" as const,
                  key: dedupeKey.deletionWarning(w.id, w.graceEndsAt, days),
                  facts: { graceEndsAt: w.graceEndsAt, days },
                },
              ];
        });
    if (drafts.length > 0) {
      const statements = drafts.map((d) => insertOutbox(db, d, new Date(at)).returning({ id: emailOutbox.id }));
      const inserted = (await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]])).flat();
      await queueEmails(
        services,
        inserted.map((r) => r.id),
      );
      warned += inserted.length;
    }
    // Those whose grace is over, each only once its final warning is recorded.
    const over = current.filter((w) => w.graceEndsAt <= at);
    due += over.length;
    const deletable = over.filter((w) => deletionAllowed(w.graceEndsAt, at, recorded.has(finalKey(w))));
    heldForWarning += over.length - deletable.length;
    if (enabled) {
      for (let i = 0; i < deletable.length; i += 10) {
        const results = await Promise.all(
          deletable.slice(i, i + 10).map(async (w) => {
            const done = await services
              .coordinator(w.id)
              .requestTermination({ workspaceId: w.id, actor: "system", traceId: log.traceId });
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
  if (due > 0 || warned > 0)
    log.info("sweep.grace", { due, terminated, warned, extended, heldForWarning, enabled, subscriptionsCancelled });
  return { due, terminated, warned, extended, heldForWarning, enabled, subscriptionsCancelled };
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
