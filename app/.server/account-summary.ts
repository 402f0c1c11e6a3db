/**
 * What the dashboard says about the account itself: its plan and the trial countdown. The
 * one helper every page showing the countdown uses (/account and /workspaces), with the
 * request's time zone, so the pages can't count days differently.
 */
import { now } from "../../domain/clock";
import { trialCountdown, type TrialHolder } from "../../domain/trial";
import { planDisplayName, trialCountdownText } from "../../domain/vocabulary";
import { formatDate } from "../lib/format-date";

export function accountSummary(account: TrialHolder, timeZone: string, at: Date = now()) {
  const trial = trialCountdown(account, at, timeZone);
  const endsAt = trial?.endsAt ?? null;
  return {
    planName: planDisplayName(account.planId),
    onTrial: trial !== null,
    trialEnded: trial?.status.kind === "ended",
    trialText: trial ? trialCountdownText(trial.status) : null,
    trialEndsAt: endsAt ? endsAt.toISOString() : null,
    trialEndsOn: endsAt ? formatDate(endsAt, timeZone, "datetime") : null,
  };
}
