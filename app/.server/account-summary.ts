/** What the dashboard says about the account itself: its plan and the trial countdown. */
import { now } from "../../domain/clock";
import { getPlan } from "../../domain/plans/catalog";
import { trialStatus } from "../../domain/trial";
import { planDisplayName, trialCountdownText } from "../../domain/vocabulary";
import { formatDate } from "../lib/format-date";
import type { Account } from "./auth/session";

export function accountSummary(account: Account, timeZone: string) {
  const plan = getPlan(account.planId);
  const onTrial = plan?.family === "trial";
  const trial = onTrial ? trialStatus(account.trialEndsAt, now(), timeZone) : null;
  return {
    planName: planDisplayName(account.planId),
    onTrial,
    trialEnded: trial?.kind === "ended",
    trialText: trial ? trialCountdownText(trial) : null,
    trialEndsAt: onTrial && account.trialEndsAt ? account.trialEndsAt.toISOString() : null,
    trialEndsOn: onTrial && account.trialEndsAt ? formatDate(account.trialEndsAt, timeZone, "datetime") : null,
  };
}
