/**
 * Hourly: the emails that come from time passing rather than from a change — the trial's
 * end coming (3 days, 1 day) and come, and a card that runs out before the renewal. Each
 * writes its outbox row by dedupe key (a second run writes nothing new) and queues it.
 */
import { dedupeKey } from "../../domain/email/catalog";
import { cardExpiresBefore, trialReminderDue } from "../../domain/email/reminders";
import type { Services } from "../../server/bindings/services";
import { queueEmailsByKey } from "../../server/email/queue-emails";
import { existingKeys, insertOutbox, type OutboxDraft } from "../../server/repositories/email-outbox";
import { expiringCardCandidates, REMINDER_WINDOW, trialCandidates } from "../../server/repositories/email-reminders";

export async function runEmailReminders(services: Services): Promise<{ [k: string]: unknown }> {
  const { db, queries } = services;
  const before = queries.queries;
  const at = services.now();
  const drafts: OutboxDraft[] = [];

  for (const t of await trialCandidates(db, at, REMINDER_WINDOW.trialAheadMs, REMINDER_WINDOW.trialBehindMs)) {
    if (t.trialEndsAt <= at.getTime()) {
      if (!t.endedWritten)
        drafts.push({
          accountId: t.id,
          kind: "trial-ended",
          key: dedupeKey.trialEnded(t.id, t.trialEndsAt),
          facts: { trialEndsAt: t.trialEndsAt },
        });
      continue;
    }
    const days = trialReminderDue(t.trialEndsAt, at.getTime());
    if (days !== null && (t.remindedDays === null || days < t.remindedDays))
      drafts.push({
        accountId: t.id,
        kind: "trial-ending",
        key: dedupeKey.trialEnding(t.id, t.trialEndsAt, days),
        facts: { trialEndsAt: t.trialEndsAt, days },
      });
  }

  const cards = (await expiringCardCandidates(db, at, REMINDER_WINDOW.cardWithinMs)).filter((c) =>
    cardExpiresBefore(c.expYear, c.expMonth, c.renewsAt),
  );
  const cardKeys = cards.map((c) => dedupeKey.cardExpiring(c.paymentMethodId, c.expYear, c.expMonth));
  const known = await existingKeys(db, cardKeys);
  cards.forEach((c, i) => {
    if (!known.has(cardKeys[i]!))
      drafts.push({ accountId: c.id, kind: "card-expiring", key: cardKeys[i]!, facts: { paymentMethodId: c.paymentMethodId } });
  });

  for (let i = 0; i < drafts.length; i += 50) {
    const page = drafts.slice(i, i + 50).map((d) => insertOutbox(db, d, at));
    await db.batch(page as [(typeof page)[number], ...(typeof page)[number][]]);
  }
  await queueEmailsByKey(
    services,
    drafts.map((d) => d.key),
  );
  return { written: drafts.length, queries: queries.queries - before };
}
