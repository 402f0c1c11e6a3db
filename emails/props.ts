/**
 * What each template is given: everything already looked up and checked by the server's
 * preparer (server/email/prepare.ts), so templates only lay words out. Dates are epoch
 * milliseconds, formatted by the template in `timeZone`. Links are absolute.
 */
import type { EmailKind } from "../domain/email/catalog";

/** What every email's layout needs. */
export interface EmailBase {
  /** The account that owns the workspaces (its name, and the address it signed in with). */
  accountName: string;
  accountEmail: string;
  /** IANA zone the dates are written in (UTC until the account says otherwise). */
  timeZone: string;
  /** https://app.harbor.example: the dashboard, for the footer's links. */
  appUrl: string;
  /** Where replies go (shown in the footer). */
  supportEmail: string;
}

export interface WorkspaceLine {
  /** Harbor's id for it (for the account's own service; not shown in emails). */
  id?: string;
  name: string;
  /** Its page in the dashboard. */
  url: string;
  /** When its data is deleted if nothing changes (paused workspaces). */
  dataKeptUntil?: number | null;
}

/** The email's one button: where it goes (its words are the template's, from the vocabulary). */
export interface Action {
  url: string;
}

export interface EmailPropsByKind {
  welcome: { trialEndsAt: number; action: Action };
  "trial-ending": { trialEndsAt: number; daysLeft: number; workspaces: WorkspaceLine[]; action: Action };
  "trial-ended": { workspaces: WorkspaceLine[]; action: Action };
  "subscription-started": {
    planName: string;
    /** e.g. "€9.00 a month" (already formatted from Stripe's price). */
    price: string | null;
    renewsAt: number | null;
    /** Stripe's receipt for the first payment, if there is one. */
    invoiceUrl: string | null;
    action: Action;
  };
  "payment-failed": {
    amount: string;
    cardLabel: string | null;
    attempt: number;
    nextAttemptAt: number | null;
    /** When the workspaces pause if no payment succeeds (null: Stripe has stopped trying). */
    workspaces: WorkspaceLine[];
    action: Action;
  };
  "payment-needs-confirming": { amount: string; action: Action };
  "card-expiring": { cardLabel: string; expMonth: number; expYear: number; renewsAt: number; action: Action };
  "workspaces-paused": {
    reason: "trial_ended" | "payment_failed" | "downgrade" | "plan_ended";
    workspaces: WorkspaceLine[];
    action: Action;
  };
  "deletion-warning": { workspace: WorkspaceLine; deletesAt: number; daysLeft: number; action: Action };
  "workspace-deleted": { workspaceName: string; deletedAt: number; action: Action };
  "payment-received": { amount: string | null; workspaces: WorkspaceLine[]; invoiceUrl: string | null; action: Action };
  "cancellation-scheduled": { planName: string; endsAt: number; workspaces: WorkspaceLine[]; action: Action };
  "cancellation-reverted": { planName: string; renewsAt: number | null; action: Action };
  "subscription-ended": { planName: string; workspaces: WorkspaceLine[]; action: Action };
  "plan-downgraded": {
    planName: string;
    kept: WorkspaceLine[];
    paused: WorkspaceLine[];
    /** The plan changed outside Harbor's Change plan page: ask which workspaces to keep. */
    askToChoose: boolean;
    action: Action;
  };
  "plan-upgraded": { planName: string; features: string[]; action: Action };
  "workspace-trouble": { workspace: WorkspaceLine; since: number; action: Action };
  "workspace-recovered": { workspace: WorkspaceLine; troubleSince: number | null; action: Action };
  /** A site that goes offline within a day (its lifetime was longer than two days). */
  "deployment-expiring": {
    workspace: WorkspaceLine;
    site: { name: string; address: string };
    expiresAt: number;
    /** Its page, where Extend is. */
    action: Action;
  };
  /**
   * To the invitee alone (EmailBase is the inviter's account, which the outbox row needs).
   * The action is the accept page, with the invitation's token in it.
   */
  invitation: {
    /** The invitee's address: the footer says it was sent there. */
    to: string;
    inviterName: string;
    workspaceName: string;
    role: "admin" | "member";
    expiresAt: number;
    action: Action;
  };
  /** To the inviter. The action is the workspace's People page. */
  "invitation-accepted": {
    workspace: WorkspaceLine;
    memberName: string;
    memberEmail: string;
    role: "admin" | "member";
    action: Action;
  };
  /** To the removed member (EmailBase is their account). The action is their list of workspaces. */
  "member-removed": { workspaceName: string; byName: string; action: Action };
}

export type EmailProps<K extends EmailKind> = EmailBase & EmailPropsByKind[K];

/** A rendered email: the same bytes are sent on every retry (the outbox keeps them). */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
