// The words of every email Harbor sends (emails/templates/, one per kind): subjects,
// headings, sentences, button labels and the footer. Plain words for people who are not
// engineers: a workspace is "paused", never anything more technical; every email says
// which account and workspaces it is about, what happened, what happens next and on which
// date. Dates arrive as epoch milliseconds and are written here in the account's zone.
//
// The functions take the template's props (emails/props.ts) by shape: the domain does not
// import emails/, so each one names only the fields it reads.
import type { EmailKind } from "../email/catalog";
import { GRACE_DAYS } from "../billing/grace";
import { DAY_MS } from "../trial";
import { listWithAnd } from "./common";
import { placeInZoneId } from "../time-zones";
import { timeZoneName } from "./time-zones";

// ── Shapes (a subset of emails/props.ts) ─────────────────────────────────────

interface Account {
  accountName: string;
  timeZone: string;
}
interface Line {
  name: string;
  dataKeptUntil?: number | null;
}

// ── Dates, counts and lists ─────────────────────────────────────────────────

/** "4 December 2026", in the account's zone (the same words as the dashboard's dates). */
export function emailDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(at);
}

/**
 * "4 December 2026 at 14:05 (Paris time)": for things that happened at a time of day. An
 * email is read anywhere, so unlike a page it names the zone, always in this one style.
 */
export function emailDateTime(at: number, timeZone: string): string {
  const when = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(at);
  // An email's zone is the account's, always a current id: named from the id alone, so the
  // picker's data stays out of every page's script.
  return `${when} (${timeZoneName({ id: timeZone, place: placeInZoneId(timeZone) })})`;
}

/** "December 2026": a card's expiry month (month 1–12), the same wherever you are. */
export function emailMonth(month: number, year: number): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", month: "long", year: "numeric" }).format(
    Date.UTC(year, month - 1, 1),
  );
}

/** "today", "tomorrow", "in 3 days". */
export function inDays(days: number): string {
  if (days <= 0) return "today";
  if (days === 1) return "tomorrow";
  return `in ${days} days`;
}

/** "1 workspace", "2 workspaces". */
function countWorkspaces(n: number): string {
  return n === 1 ? "1 workspace" : `${n} workspaces`;
}

function names(lines: readonly Line[]): string {
  return listWithAnd(lines.map((l) => l.name));
}

/** "is" or "are" for a list of workspaces. */
function isAre(lines: readonly Line[]): string {
  return lines.length === 1 ? "is" : "are";
}

/** "your workspace shop-eu" or "your workspaces shop-eu and bookings-us". */
function yourWorkspaces(lines: readonly Line[]): string {
  return `your ${lines.length === 1 ? "workspace" : "workspaces"} ${names(lines)}`;
}

/** The date a workspace paused at `at` has its data deleted if nothing changes. */
function graceEnd(at: number): number {
  return at + GRACE_DAYS * DAY_MS;
}

/** One line of a list of paused workspaces: its name and how long its data is kept. */
export function keptUntilLine(line: Line, timeZone: string): string {
  return line.dataKeptUntil ? `${line.name}: data kept until ${emailDate(line.dataKeptUntil, timeZone)}` : line.name;
}

/** One line of a list of running workspaces. */
export function runningLine(line: Line): string {
  return `${line.name}: keeps running`;
}

/** What "paused" means, said once in every email that pauses something. */
/** What "paused" means, under every list of paused workspaces (emails/layout.tsx PausedWorkspaces). */
export const PAUSED_MEANS =
  "Paused means their sites are offline for visitors, but nothing is deleted yet: files and settings are kept until the date shown.";
const DELETED_AFTER = "After that date, a paused workspace is deleted and can't be brought back.";

// ── The layout (emails/layout.tsx) ──────────────────────────────────────────

/**
 * Why this person gets this email, by kind: billing mail also goes to billing contacts; an
 * invitation goes to someone who may have no account at all; the people emails go to
 * whoever invited or was removed, who need not own anything.
 */
const WHY: Readonly<Record<EmailKind, "signup" | "trial" | "workspaces" | "billing" | "invitation" | "invited" | "removed">> =
  Object.freeze({
    welcome: "signup",
    "trial-ending": "trial",
    "trial-ended": "trial",
    "subscription-started": "billing",
    "payment-failed": "billing",
    "payment-needs-confirming": "billing",
    "card-expiring": "billing",
    "workspaces-paused": "workspaces",
    "deletion-warning": "workspaces",
    "workspace-deleted": "workspaces",
    "payment-received": "billing",
    "cancellation-scheduled": "billing",
    "cancellation-reverted": "billing",
    "subscription-ended": "billing",
    "plan-downgraded": "billing",
    "plan-upgraded": "billing",
    "workspace-trouble": "workspaces",
    "workspace-recovered": "workspaces",
    "deployment-expiring": "workspaces",
    invitation: "invitation",
    "invitation-accepted": "invited",
    "member-removed": "removed",
  });

export const EMAIL_LAYOUT = Object.freeze({
  logo: "Harbor",
  /** The first line of the footer. */
  sentTo: (accountName: string, accountEmail: string) => `Sent to the owner of the ${accountName} account (${accountEmail}).`,
  /** The first line for an invitation: the invitee may have no account, so it names who asked for it. */
  sentToInvitee: (address: string, inviterName: string) => `Sent to ${address} because ${inviterName} invited you.`,
  why: (kind: EmailKind): string => {
    switch (WHY[kind]) {
      case "signup":
        return "You get this email because you just created an account on Harbor.";
      case "trial":
        return "You get this email because you are trying Harbor for free.";
      case "workspaces":
        return "You get this email because you own workspaces on Harbor.";
      case "billing":
        return "You get this email because you own this Harbor account or look after its billing.";
      case "invitation":
        return "We won't email you about this invitation again.";
      case "invited":
        return "You get this email because you invited them.";
      case "removed":
        return "You get this email because you used to have access to this workspace.";
    }
  },
  supportBefore: "Questions? Reply to this email or write to",
  supportAfter: ".",
  dashboard: "Sign in to Harbor",
  receipt: "See your receipt",
});

// ── One block per email ─────────────────────────────────────────────────────

export const WELCOME_EMAIL = Object.freeze({
  subject: (p: Account & { trialEndsAt: number }) =>
    `Welcome to Harbor: your free trial runs until ${emailDate(p.trialEndsAt, p.timeZone)}`,
  preview: (p: Account & { trialEndsAt: number }) =>
    `Your ${p.accountName} account is ready. Create your first workspace to get started.`,
  heading: "Welcome to Harbor",
  started: (p: Account & { trialEndsAt: number }) =>
    `Your ${p.accountName} account is ready, and your free trial has started. It runs until ${emailDate(p.trialEndsAt, p.timeZone)}, and you don't need a card for it.`,
  workspace: "A workspace is where your website and apps live. Create your first one to get started: it only takes a minute.",
  next: (p: Account & { trialEndsAt: number }) =>
    `We'll email you a few days before ${emailDate(p.trialEndsAt, p.timeZone)} to help you choose a plan. If you don't choose one, your workspaces are paused, not deleted.`,
  button: "Create your first workspace",
});

type TrialEnding = Account & { trialEndsAt: number; daysLeft: number; workspaces: readonly Line[] };

export const TRIAL_ENDING_EMAIL = Object.freeze({
  subject: (p: TrialEnding) =>
    p.daysLeft <= 1
      ? `Your Harbor free trial ends ${inDays(p.daysLeft)}, ${emailDate(p.trialEndsAt, p.timeZone)}`
      : `Your Harbor free trial ends in ${p.daysLeft} days, on ${emailDate(p.trialEndsAt, p.timeZone)}`,
  preview: (p: TrialEnding) => `Choose a plan before ${emailDate(p.trialEndsAt, p.timeZone)} to keep your workspaces running.`,
  heading: (p: TrialEnding) => `Your free trial ends ${inDays(p.daysLeft)}`,
  ends: (p: TrialEnding) => `The free trial on your ${p.accountName} account ends on ${emailDate(p.trialEndsAt, p.timeZone)}.`,
  keepRunning: (p: TrialEnding) =>
    p.workspaces.length === 0
      ? "Choose a plan before then to keep using Harbor."
      : `Choose a plan before then and ${yourWorkspaces(p.workspaces)} ${p.workspaces.length === 1 ? "keeps" : "keep"} running without a break.`,
  otherwise: (p: TrialEnding) =>
    p.workspaces.length === 0
      ? "If you don't, nothing is lost: you can choose a plan whenever you're ready."
      : `If you don't, ${p.workspaces.length === 1 ? "it is" : "they are"} paused on ${emailDate(p.trialEndsAt, p.timeZone)}: ${p.workspaces.length === 1 ? "its sites go" : "their sites go"} offline, and files and settings are kept until ${emailDate(graceEnd(p.trialEndsAt), p.timeZone)}. After that date they are deleted.`,
  button: "Choose a plan",
});

type WithWorkspaces = Account & { workspaces: readonly Line[] };

export const TRIAL_ENDED_EMAIL = Object.freeze({
  subject: (p: WithWorkspaces) =>
    p.workspaces.length === 0
      ? "Your Harbor free trial has ended"
      : `Your Harbor free trial has ended, so ${names(p.workspaces)} ${isAre(p.workspaces)} paused`,
  preview: "Nothing has been deleted. Choose a plan to switch everything back on.",
  heading: "Your free trial has ended",
  ended: (p: WithWorkspaces) =>
    p.workspaces.length === 0
      ? `The free trial on your ${p.accountName} account has ended.`
      : `The free trial on your ${p.accountName} account has ended, so we've paused ${p.workspaces.length === 1 ? "this workspace" : "these workspaces"}:`,
  next: (p: WithWorkspaces) =>
    p.workspaces.length === 0
      ? "Choose a plan whenever you're ready to create workspaces again."
      : `Choose a plan before that date and ${p.workspaces.length === 1 ? "it switches" : "they switch"} straight back on, just as you left ${p.workspaces.length === 1 ? "it" : "them"}. ${DELETED_AFTER}`,
  button: "Choose a plan",
});

type SubscriptionStarted = Account & { planName: string; price: string | null; renewsAt: number | null };

export const SUBSCRIPTION_STARTED_EMAIL = Object.freeze({
  subject: (p: SubscriptionStarted) => `Thank you: you're on the Harbor ${p.planName} plan`,
  preview: (p: SubscriptionStarted) => `Your payment went through and the ${p.planName} plan is active.`,
  heading: (p: SubscriptionStarted) => `You're on the ${p.planName} plan`,
  started: (p: SubscriptionStarted) =>
    `Thank you! Your payment went through, and the ${p.planName} plan is now active on your ${p.accountName} account. Your workspaces keep running, with everything the plan includes.`,
  renews: (p: SubscriptionStarted): string | null => {
    const date = p.renewsAt === null ? null : emailDate(p.renewsAt, p.timeZone);
    if (date && p.price) return `It renews on ${date} for ${p.price}. You can cancel at any time before then.`;
    if (date) return `It renews on ${date}. You can cancel at any time before then.`;
    if (p.price) return `It costs ${p.price}. You can cancel at any time.`;
    return null;
  },
  button: "Open your dashboard",
});

type PaymentFailed = Account & {
  amount: string;
  cardLabel: string | null;
  attempt: number;
  nextAttemptAt: number | null;
  workspaces: readonly Line[];
};

export const PAYMENT_FAILED_EMAIL = Object.freeze({
  subject: (p: PaymentFailed) =>
    p.attempt <= 1
      ? `Your Harbor payment of ${p.amount} didn't go through`
      : `Your Harbor payment of ${p.amount} is still failing`,
  preview: (p: PaymentFailed) =>
    p.nextAttemptAt === null
      ? "We won't try again. Update your card to keep your workspaces running."
      : `We'll try again on ${emailDate(p.nextAttemptAt, p.timeZone)}. Update your card to pay now.`,
  heading: (p: PaymentFailed) => (p.attempt <= 1 ? "Your payment didn't go through" : "Your payment is still failing"),
  what: (p: PaymentFailed) => {
    const from = p.cardLabel ? `from your ${p.cardLabel}` : "from your card";
    return p.attempt <= 1
      ? `We tried to take ${p.amount} ${from} for your ${p.accountName} account, but the payment didn't go through. This often happens when a card has expired or the bank has declined the payment.`
      : `We tried again to take ${p.amount} ${from} for your ${p.accountName} account, and the payment still didn't go through. We've now tried ${p.attempt} times.`;
  },
  next: (p: PaymentFailed) => {
    const running =
      p.workspaces.length === 0
        ? ""
        : ` Until then, ${yourWorkspaces(p.workspaces)} ${p.workspaces.length === 1 ? "keeps" : "keep"} running.`;
    return p.nextAttemptAt === null
      ? p.workspaces.length === 0
        ? "We won't try this payment again."
        : `We won't try this payment again. Unless it is paid, ${yourWorkspaces(p.workspaces)} will be paused in the next few days: ${p.workspaces.length === 1 ? "its sites go" : "their sites go"} offline, and files and settings are kept for ${GRACE_DAYS} days before they are deleted. We'll email you when that happens.`
      : `We'll try again on ${emailDate(p.nextAttemptAt, p.timeZone)}.${running}`;
  },
  fix: "Update your card now and we'll take the payment straight away.",
  button: "Update your card",
});

type Amount = Account & { amount: string };

export const PAYMENT_NEEDS_CONFIRMING_EMAIL = Object.freeze({
  subject: (p: Amount) => `Please confirm your Harbor payment of ${p.amount}`,
  preview: "Your bank wants you to approve this payment before it goes through.",
  heading: "Your bank needs you to confirm a payment",
  what: (p: Amount) =>
    `Your bank has asked you to approve the payment of ${p.amount} for your ${p.accountName} account. This is a normal security check that some banks do, and the payment won't go through until you approve it.`,
  how: "It only takes a moment: open the payment page, and your bank will ask you to approve it, often in its app.",
  otherwise:
    "If it isn't approved, we treat it like a payment that didn't go through, and we'll email you about what happens next.",
  button: "Confirm your payment",
});

type CardExpiring = Account & { cardLabel: string; expMonth: number; expYear: number; renewsAt: number };

export const CARD_EXPIRING_EMAIL = Object.freeze({
  subject: (p: CardExpiring) => `Your ${p.cardLabel} expires at the end of ${emailMonth(p.expMonth, p.expYear)}`,
  preview: (p: CardExpiring) => `Add a new card before your next payment on ${emailDate(p.renewsAt, p.timeZone)}.`,
  heading: "Your card expires soon",
  what: (p: CardExpiring) =>
    `The ${p.cardLabel} that pays for your ${p.accountName} account expires at the end of ${emailMonth(p.expMonth, p.expYear)}.`,
  next: (p: CardExpiring) =>
    `Your next payment is on ${emailDate(p.renewsAt, p.timeZone)}, after the card expires. Add a new card before then so the payment goes through and your workspaces keep running.`,
  button: "Update your card",
});

export type PausedReason = "trial_ended" | "payment_failed" | "downgrade" | "plan_ended";
type Paused = WithWorkspaces & { reason: PausedReason };

export const WORKSPACES_PAUSED_EMAIL = Object.freeze({
  subject: (p: Paused) => {
    const what = `${names(p.workspaces)} ${isAre(p.workspaces)} paused`;
    switch (p.reason) {
      case "trial_ended":
        return `Your Harbor free trial has ended: ${what}`;
      case "payment_failed":
        return `Your Harbor payment didn't go through: ${what}`;
      case "downgrade":
        return `Your Harbor plan changed: ${what}`;
      case "plan_ended":
        return `Your Harbor plan has ended: ${what}`;
    }
  },
  preview: "Nothing has been deleted yet. Here is how to switch them back on.",
  heading: (p: Paused) => (p.workspaces.length === 1 ? "Your workspace is paused" : "Your workspaces are paused"),
  why: (p: Paused) => {
    const these = p.workspaces.length === 1 ? "this workspace" : "these workspaces";
    switch (p.reason) {
      case "trial_ended":
        return `The free trial on your ${p.accountName} account has ended, so we've paused ${these}:`;
      case "payment_failed":
        return `We couldn't take the payment for your ${p.accountName} account, so we've paused ${these}:`;
      case "downgrade":
        return `The plan on your ${p.accountName} account now includes fewer workspaces, so we've paused ${these}:`;
      case "plan_ended":
        return `The plan on your ${p.accountName} account has ended, so we've paused ${these}:`;
    }
  },
  next: (p: Paused) => {
    const it = p.workspaces.length === 1 ? "it switches" : "they switch";
    switch (p.reason) {
      case "trial_ended":
      case "plan_ended":
        return `Choose a plan before that date and ${it} straight back on, just as you left ${p.workspaces.length === 1 ? "it" : "them"}. ${DELETED_AFTER}`;
      case "payment_failed":
        return `Update your card before that date and we'll take the payment; ${it} straight back on once it goes through. ${DELETED_AFTER}`;
      case "downgrade":
        return `To switch ${p.workspaces.length === 1 ? "it" : "them"} back on before that date, move to a plan that includes more workspaces, or choose which workspaces to keep. ${DELETED_AFTER}`;
    }
  },
  button: (p: Paused) => {
    switch (p.reason) {
      case "trial_ended":
      case "plan_ended":
        return "Choose a plan";
      case "payment_failed":
        return "Update your card";
      case "downgrade":
        return "Choose which workspaces to keep";
    }
  },
});

type DeletionWarning = Account & { workspace: Line; deletesAt: number; daysLeft: number };

export const DELETION_WARNING_EMAIL = Object.freeze({
  subject: (p: DeletionWarning) =>
    p.daysLeft <= 1
      ? `Your Harbor workspace ${p.workspace.name} will be deleted ${inDays(p.daysLeft)}, ${emailDate(p.deletesAt, p.timeZone)}`
      : `Your Harbor workspace ${p.workspace.name} will be deleted in ${p.daysLeft} days, on ${emailDate(p.deletesAt, p.timeZone)}`,
  preview: (p: DeletionWarning) =>
    `This can't be undone. Restore ${p.workspace.name} before ${emailDate(p.deletesAt, p.timeZone)} to keep it.`,
  heading: (p: DeletionWarning) => `${p.workspace.name} will be deleted ${inDays(p.daysLeft)}`,
  what: (p: DeletionWarning) =>
    `${p.workspace.name}, a paused workspace on your ${p.accountName} account, will be deleted on ${emailDate(p.deletesAt, p.timeZone)}, with all its sites, files and settings.`,
  final: "This can't be undone: once it's deleted, we can't bring it back.",
  keep: (p: DeletionWarning) =>
    `To keep it, restore it before ${emailDate(p.deletesAt, p.timeZone)}. If you don't need it any more, you don't need to do anything.`,
  button: (p: DeletionWarning) => `Restore ${p.workspace.name}`,
});

type Deleted = Account & { workspaceName: string; deletedAt: number };

export const WORKSPACE_DELETED_EMAIL = Object.freeze({
  subject: (p: Deleted) => `Your Harbor workspace ${p.workspaceName} has been deleted`,
  preview: "Your account and your invoices are still there. You can start again whenever you like.",
  heading: (p: Deleted) => `${p.workspaceName} has been deleted`,
  what: (p: Deleted) =>
    `On ${emailDate(p.deletedAt, p.timeZone)} we deleted ${p.workspaceName} from your ${p.accountName} account, because it had been paused for longer than we keep data. Its sites, files and settings are gone and can't be brought back.`,
  remains: "Your account, your other workspaces and your past invoices are not affected.",
  next: "You can create a new workspace whenever you like.",
  button: "Create a new workspace",
});

type Received = WithWorkspaces & { amount: string | null };

export const PAYMENT_RECEIVED_EMAIL = Object.freeze({
  subject: (p: Received) => {
    const paid = p.amount ? `Your Harbor payment of ${p.amount} went through` : "Your Harbor payment went through";
    return p.workspaces.length === 0
      ? `Thank you: ${paid.charAt(0).toLowerCase()}${paid.slice(1)}`
      : `${paid}: ${names(p.workspaces)} ${isAre(p.workspaces)} running again`;
  },
  preview: "Thank you for your payment.",
  heading: "Thank you, your payment went through",
  what: (p: Received) =>
    p.amount
      ? `We've received your payment of ${p.amount} for your ${p.accountName} account.`
      : `We've received your payment for your ${p.accountName} account.`,
  workspaces: (p: Received) =>
    p.workspaces.length === 0
      ? "Everything on your account keeps running as normal."
      : `${p.workspaces.length === 1 ? "This workspace is" : "These workspaces are"} switching back on now, just as you left ${p.workspaces.length === 1 ? "it" : "them"}:`,
  button: "Open your dashboard",
});

type CancellationScheduled = WithWorkspaces & { planName: string; endsAt: number };

export const CANCELLATION_SCHEDULED_EMAIL = Object.freeze({
  subject: (p: CancellationScheduled) => `Your Harbor ${p.planName} plan ends on ${emailDate(p.endsAt, p.timeZone)}`,
  preview: (p: CancellationScheduled) => `Changed your mind? Keep your plan before ${emailDate(p.endsAt, p.timeZone)}.`,
  heading: (p: CancellationScheduled) => `Your plan ends on ${emailDate(p.endsAt, p.timeZone)}`,
  what: (p: CancellationScheduled) =>
    `The ${p.planName} plan on your ${p.accountName} account has been cancelled. It stays active until ${emailDate(p.endsAt, p.timeZone)}, and you won't be charged again.`,
  next: (p: CancellationScheduled) =>
    p.workspaces.length === 0
      ? `After ${emailDate(p.endsAt, p.timeZone)} you can still sign in, and choose a plan again whenever you like.`
      : `On ${emailDate(p.endsAt, p.timeZone)}, ${yourWorkspaces(p.workspaces)} will be paused: ${p.workspaces.length === 1 ? "its sites go" : "their sites go"} offline, and files and settings are kept until ${emailDate(graceEnd(p.endsAt), p.timeZone)}. After that date they are deleted.`,
  keep: (p: CancellationScheduled) =>
    `Changed your mind? Keep your plan before ${emailDate(p.endsAt, p.timeZone)} and nothing changes.`,
  button: "Keep my plan",
});

type Reverted = Account & { planName: string; renewsAt: number | null };

export const CANCELLATION_REVERTED_EMAIL = Object.freeze({
  subject: (p: Reverted) => `Your Harbor ${p.planName} plan will continue`,
  preview: "Your plan is no longer set to end. Your workspaces keep running.",
  heading: "Your plan will continue",
  what: (p: Reverted) =>
    `Good news: the ${p.planName} plan on your ${p.accountName} account is no longer set to end, and your workspaces keep running as normal.`,
  renews: (p: Reverted) =>
    p.renewsAt === null
      ? "Your payments carry on as before."
      : `It renews on ${emailDate(p.renewsAt, p.timeZone)}, and your payments carry on as before.`,
  button: "See billing",
});

type Ended = WithWorkspaces & { planName: string };

export const SUBSCRIPTION_ENDED_EMAIL = Object.freeze({
  subject: (p: Ended) =>
    p.workspaces.length === 0
      ? `Your Harbor ${p.planName} plan has ended`
      : `Your Harbor ${p.planName} plan has ended, so ${names(p.workspaces)} ${isAre(p.workspaces)} paused`,
  preview: "Nothing has been deleted yet. Choose a plan to switch everything back on.",
  heading: "Your plan has ended",
  what: (p: Ended) =>
    p.workspaces.length === 0
      ? `The ${p.planName} plan on your ${p.accountName} account has ended.`
      : `The ${p.planName} plan on your ${p.accountName} account has ended, so we've paused ${p.workspaces.length === 1 ? "this workspace" : "these workspaces"}:`,
  next: (p: Ended) =>
    p.workspaces.length === 0
      ? "You can choose a plan again whenever you like."
      : `Choose a plan before that date and ${p.workspaces.length === 1 ? "it switches" : "they switch"} straight back on, just as you left ${p.workspaces.length === 1 ? "it" : "them"}. ${DELETED_AFTER}`,
  button: "Choose a plan",
});

type Downgraded = Account & { planName: string; kept: readonly Line[]; paused: readonly Line[]; askToChoose: boolean };

export const PLAN_DOWNGRADED_EMAIL = Object.freeze({
  subject: (p: Downgraded) =>
    p.askToChoose
      ? `Choose which workspaces to keep on the Harbor ${p.planName} plan`
      : `You're now on the Harbor ${p.planName} plan`,
  preview: (p: Downgraded) =>
    p.paused.length === 0
      ? "Every workspace fits the new plan."
      : `${countWorkspaces(p.paused.length)} paused to fit the new plan. Nothing is deleted yet.`,
  heading: (p: Downgraded) => `You're now on the ${p.planName} plan`,
  what: (p: Downgraded) => `Your ${p.accountName} account has moved to the ${p.planName} plan.`,
  kept: (p: Downgraded) =>
    p.paused.length === 0 ? "Every workspace fits the new plan, so they all keep running:" : "These keep running:",
  paused: (p: Downgraded) =>
    `The ${p.planName} plan includes fewer workspaces, so ${p.paused.length === 1 ? "this one is" : "these are"} paused:`,
  next: (p: Downgraded) =>
    p.askToChoose
      ? "We chose which workspaces keep running. If you'd rather keep different ones, choose them now; you can swap at any time."
      : "To switch a paused workspace back on, swap which workspaces run, or move to a plan that includes more.",
  button: (p: Downgraded) => (p.askToChoose ? "Choose which workspaces to keep" : "Review your workspaces"),
});

type Upgraded = Account & { planName: string; features: readonly string[] };

export const PLAN_UPGRADED_EMAIL = Object.freeze({
  subject: (p: Upgraded) => `You're now on the Harbor ${p.planName} plan`,
  preview: "The new plan applies straight away.",
  heading: (p: Upgraded) => `Welcome to the ${p.planName} plan`,
  what: (p: Upgraded) =>
    `Your ${p.accountName} account is now on the ${p.planName} plan. The change applies straight away, and your workspaces keep running.`,
  includes: "Here's what it includes:",
  button: "Open your dashboard",
});

type Trouble = Account & { workspace: Line; since: number };

export const WORKSPACE_TROUBLE_EMAIL = Object.freeze({
  subject: (p: Trouble) => `We're fixing a problem with your Harbor workspace ${p.workspace.name}`,
  preview: "We're already working on it. You don't need to do anything.",
  heading: (p: Trouble) => `${p.workspace.name} is having trouble`,
  what: (p: Trouble) =>
    `Since ${emailDateTime(p.since, p.timeZone)}, ${p.workspace.name} on your ${p.accountName} account hasn't been working properly, so its sites may not load for visitors.`,
  reassure:
    "We've been alerted and we're already working on it. You don't need to do anything, and your files and settings are kept safe.",
  next: "We'll email you again as soon as it's working.",
  button: (p: Trouble) => `See how ${p.workspace.name} is doing`,
});

type Recovered = Account & { workspace: Line; troubleSince: number | null };

export const WORKSPACE_RECOVERED_EMAIL = Object.freeze({
  subject: (p: Recovered) => `Your Harbor workspace ${p.workspace.name} is working again`,
  preview: "Its sites are back online. You don't need to do anything.",
  heading: (p: Recovered) => `${p.workspace.name} is working again`,
  what: (p: Recovered) =>
    p.troubleSince === null
      ? `${p.workspace.name} on your ${p.accountName} account is working normally again after a problem, and its sites are back online for visitors.`
      : `${p.workspace.name} on your ${p.accountName} account is working normally again, and its sites are back online for visitors. It had been having trouble since ${emailDateTime(p.troubleSince, p.timeZone)}.`,
  next: "You don't need to do anything. Sorry for the trouble: if anything still doesn't look right, reply to this email and we'll take a look.",
  button: (p: Recovered) => `Open ${p.workspace.name}`,
});

type Expiring = Account & { workspace: Line; site: { name: string; address: string }; expiresAt: number };

export const DEPLOYMENT_EXPIRING_EMAIL = Object.freeze({
  subject: (p: Expiring) => `${p.site.name} goes offline tomorrow`,
  preview: "Keep it online with one click, or let it go.",
  heading: (p: Expiring) => `${p.site.name} goes offline tomorrow`,
  what: (p: Expiring) =>
    `The site ${p.site.name} (${p.site.address}) in your workspace ${p.workspace.name} was put online for a limited time. It goes offline on ${emailDateTime(p.expiresAt, p.timeZone)}, and its files are removed with it.`,
  choice: "To keep it, open it in Harbor and choose how much longer it should stay, or choose to keep it until you delete it.",
  nothing: "If you don't need it any more, you don't have to do anything.",
  button: "Keep it online",
});

// ── People: invitations and members (issue 15) ──────────────────────────────

type InvitedRole = "admin" | "member";

/** "an admin" or "a member": a role as a sentence says it. */
export function roleInWords(role: InvitedRole): string {
  return role === "admin" ? "an admin" : "a member";
}

/** What a role lets someone do, in one sentence (the invitation and its acceptance say it). */
function roleMeans(role: InvitedRole): string {
  return role === "admin"
    ? "An admin can put sites online and look after the workspace's access keys and secrets, but can't delete the workspace or see its billing."
    : "A member can put sites online, but can't change the workspace's settings or secrets.";
}

type Invitation = Account & {
  to: string;
  inviterName: string;
  workspaceName: string;
  role: InvitedRole;
  expiresAt: number;
};

export const INVITATION_EMAIL = Object.freeze({
  subject: (p: Invitation) => `${p.inviterName} invited you to ${p.workspaceName} on Harbor`,
  preview: (p: Invitation) => `Join ${p.workspaceName} as ${roleInWords(p.role)}.`,
  heading: (p: Invitation) => `Join ${p.workspaceName} on Harbor`,
  what: (p: Invitation) =>
    `${p.inviterName} invited you to work in ${p.workspaceName}, a workspace on Harbor, as ${roleInWords(p.role)}. ${roleMeans(p.role)}`,
  how: "To join, open the invitation and sign in with Google using this email address. If you don't have a Harbor account yet, signing in creates one.",
  expires: (p: Invitation) => `This invitation works until ${emailDate(p.expiresAt, p.timeZone)}, and only once.`,
  unexpected: (p: Invitation) =>
    `If you don't know ${p.inviterName} or didn't expect this, you can ignore this email: nothing happens unless you accept.`,
  button: "See the invitation",
  /** What the inviter's own service and Slack are told (never the invitation's link: it is for the invitee alone). */
  notice: (p: { to: string; workspaceName: string; role: InvitedRole }) =>
    `Invitation sent to ${p.to} to join ${p.workspaceName} as ${roleInWords(p.role)}.`,
});

type Accepted = Account & { workspace: Line; memberName: string; memberEmail: string; role: InvitedRole };

export const INVITATION_ACCEPTED_EMAIL = Object.freeze({
  subject: (p: Accepted) => `${p.memberName} joined ${p.workspace.name} on Harbor`,
  preview: (p: Accepted) => `They accepted your invitation and joined as ${roleInWords(p.role)}.`,
  heading: (p: Accepted) => `${p.memberName} joined ${p.workspace.name}`,
  what: (p: Accepted) =>
    `${p.memberName} (${p.memberEmail}) accepted your invitation and joined ${p.workspace.name} as ${roleInWords(p.role)}. ${roleMeans(p.role)}`,
  next: "You'll find them, with everyone else in the workspace, on its People page.",
  button: (p: Accepted) => `See the people in ${p.workspace.name}`,
});

type Removed = Account & { workspaceName: string; byName: string };

export const MEMBER_REMOVED_EMAIL = Object.freeze({
  subject: (p: Removed) => `You no longer have access to ${p.workspaceName} on Harbor`,
  preview: (p: Removed) => `${p.byName} removed you from the workspace.`,
  heading: (p: Removed) => `You no longer have access to ${p.workspaceName}`,
  what: (p: Removed) =>
    `${p.byName} removed you from the workspace ${p.workspaceName}, so it no longer appears among your workspaces and you can't open it any more.`,
  yours: "Your own workspaces, and any other workspaces you were invited to, are not affected.",
  mistake: (p: Removed) => `If you think this is a mistake, ask ${p.byName} to invite you again.`,
  button: "See your workspaces",
});
