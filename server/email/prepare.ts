/**
 * At send time, each email's condition is checked again against what is true now (still on
 * the trial? still paused?) and its template's props are built from current names and
 * dates. An email whose condition stopped holding is skipped, with the reason recorded.
 */
import { effectivePlanOf } from "../../domain/billing/effective-plan";
import type { EmailKind } from "../../domain/email/catalog";
import { cardExpiresBefore } from "../../domain/email/reminders";
import { getPlan, isTrialPlan } from "../../domain/plans/catalog";
import { INVITED_ROLES, type InvitedRole } from "../../domain/permissions";
import { formatPrice, planDisplayName, planFeatures } from "../../domain/vocabulary";
import { INVITATION_EMAIL } from "../../domain/vocabulary/emails";
import type { Action, EmailBase, EmailPropsByKind, WorkspaceLine } from "../../emails/props";
import type { Services } from "../bindings/services";
import { pricesForPages } from "../billing/prices";
import { sha256Hex } from "../crypto/sha256-hex";
import { billingAccountById, workspacesPaidBy, type BillingAccount, type OwnedWorkspace } from "../repositories/billing";
import { workspaceOutbox, type OutboxRow } from "../repositories/email-outbox";
import { invitationForEmail, isMemberOf } from "../repositories/invitation-emails";
import { workspaceForEmail } from "../repositories/workspaces";

export type Prepared =
  | {
      send: true;
      kind: EmailKind;
      props: EmailBase & EmailPropsByKind[EmailKind];
      summary: WorkspaceLine[];
      /** Where it goes instead of the account's own addresses (an invitation: the invitee alone). */
      to?: string[];
      /**
       * What the account's own service and Slack are told instead of the subject and the
       * button's link, when those are the recipient's alone (an invitation's link holds its token).
       */
      notice?: { summary: string; link: string };
    }
  | { send: false; reason: string };

type Facts = Record<string, unknown>;
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

interface Context {
  services: Services;
  row: OutboxRow;
  facts: Facts;
  account: BillingAccount;
  at: number;
  link: (path: string) => Action;
  workspaces: () => Promise<OwnedWorkspace[]>;
  line: (w: { id: string; slug: string; name: string; graceEndsAt?: Date | null }) => WorkspaceLine;
}

type Preparer = (c: Context) => Promise<Prepared>;
const skip = (reason: string): Prepared => ({ send: false, reason });

export async function prepareEmail(services: Services, row: OutboxRow): Promise<Prepared> {
  const account = await billingAccountById(services.db, row.accountId);
  if (!account) return skip("account_gone");
  const appUrl = services.env.APP_URL.replace(/\/$/, "");
  let owned: OwnedWorkspace[] | null = null;
  const c: Context = {
    services,
    row,
    facts: (row.facts ?? {}) as Facts,
    account,
    at: services.now().getTime(),
    link: (path) => ({ url: `${appUrl}${path}` }),
    workspaces: async () => (owned ??= await workspacesPaidBy(services.db, account.id)),
    line: (w) => ({
      id: w.id,
      name: w.name,
      url: `${appUrl}/workspaces/${w.slug}`,
      dataKeptUntil: w.graceEndsAt?.getTime() ?? null,
    }),
  };
  const prepared = await PREPARERS[row.kind](c);
  if (!prepared.send) return prepared;
  const base: EmailBase = {
    accountName: account.name,
    accountEmail: account.email,
    // No time zone is kept for an account yet: dates are written for UTC.
    timeZone: "UTC",
    appUrl,
    supportEmail: services.env.SUPPORT_EMAIL,
  };
  return { ...prepared, props: { ...base, ...prepared.props } };
}

const ok = <K extends EmailKind>(
  kind: K,
  props: EmailPropsByKind[K],
  summary: WorkspaceLine[] = [],
  extra: { to?: string[]; notice?: { summary: string; link: string } } = {},
): Prepared => ({ send: true, kind, props, summary, ...extra }) as Prepared;

const invitedRole = (v: unknown): InvitedRole | null =>
  typeof v === "string" && (INVITED_ROLES as readonly string[]).includes(v) ? (v as InvitedRole) : null;
const gone = (w: { deletedAt: Date | null; lifecycleState: string }) =>
  w.deletedAt !== null || w.lifecycleState === "deleted" || w.lifecycleState === "deprovisioning";

const paused = (ws: OwnedWorkspace[], reason?: string) =>
  ws.filter((w) => w.desiredState === "suspended" && (reason === undefined || w.suspensionReason === reason));
const running = (ws: OwnedWorkspace[]) => ws.filter((w) => w.desiredState === "running");
const hasPlan = (c: Context) => effectivePlanOf(c.account, new Date(c.at)) !== null;
const onTrial = (a: BillingAccount) => a.billingState === "trial" && isTrialPlan(getPlan(a.planId) ?? ({} as never));
const cardLabel = (a: BillingAccount) =>
  a.cardBrand && a.cardLast4 ? `${a.cardBrand[0]!.toUpperCase()}${a.cardBrand.slice(1)} ending ${a.cardLast4}` : null;
const amountOf = (f: Facts) => {
  const amount = num(f.amountDue);
  const currency = str(f.currency);
  return amount !== null && currency ? formatPrice(amount, currency, null) : null;
};

const PREPARERS: Record<EmailKind, Preparer> = {
  welcome: async (c) => {
    const end = c.account.trialEndsAt?.getTime();
    if (!end) return skip("no_trial");
    return ok("welcome", { trialEndsAt: end, action: c.link("/workspaces/new") });
  },
  "trial-ending": async (c) => {
    const end = c.account.trialEndsAt?.getTime();
    if (!onTrial(c.account) || !end || end !== num(c.facts.trialEndsAt) || end <= c.at) return skip("trial_no_longer_ending");
    const ws = (await c.workspaces()).map(c.line);
    return ok(
      "trial-ending",
      {
        trialEndsAt: end,
        daysLeft: num(c.facts.days) ?? Math.ceil((end - c.at) / 86_400_000),
        workspaces: ws,
        action: c.link("/pricing"),
      },
      ws,
    );
  },
  "trial-ended": async (c) => {
    if (hasPlan(c) || !onTrial(c.account)) return skip("has_a_plan");
    const ws = paused(await c.workspaces()).map(c.line);
    return ok("trial-ended", { workspaces: ws, action: c.link("/pricing") }, ws);
  },
  "subscription-started": async (c) => {
    if (!hasPlan(c) || onTrial(c.account)) return skip("no_paid_plan");
    const plan = getPlan(c.account.planId);
    const price = plan?.stripePriceId ? (await pricesForPages(c.services)).get(plan.stripePriceId) : undefined;
    return ok("subscription-started", {
      planName: planDisplayName(c.account.planId),
      price: price ? formatPrice(price.unitAmount, price.currency, price.interval, price.intervalCount ?? 1) : null,
      renewsAt: c.account.currentPeriodEnd?.getTime() ?? null,
      invoiceUrl: str(c.facts.invoiceUrl),
      action: c.link("/workspaces"),
    });
  },
  "payment-failed": async (c) => {
    if (c.account.openInvoiceId !== str(c.facts.invoiceId)) return skip("invoice_no_longer_unpaid");
    const ws = running(await c.workspaces()).map(c.line);
    return ok(
      "payment-failed",
      {
        amount: amountOf(c.facts) ?? "",
        cardLabel: cardLabel(c.account),
        attempt: num(c.facts.attempt) ?? 1,
        nextAttemptAt: num(c.facts.nextPaymentAttempt) === null ? null : num(c.facts.nextPaymentAttempt)! * 1000,
        workspaces: ws,
        action: c.link("/account/billing/portal?flow=card"),
      },
      ws,
    );
  },
  "payment-needs-confirming": async (c) => {
    if (c.account.openInvoiceId !== str(c.facts.invoiceId)) return skip("invoice_no_longer_unpaid");
    const hosted = str(c.facts.hostedUrl);
    return ok("payment-needs-confirming", {
      amount: amountOf(c.facts) ?? "",
      action: hosted ? { url: hosted } : c.link("/account/billing"),
    });
  },
  "card-expiring": async (c) => {
    const a = c.account;
    const renews = a.currentPeriodEnd?.getTime();
    if (
      a.billingState !== "active" ||
      a.cardPaymentMethodId !== str(c.facts.paymentMethodId) ||
      !renews ||
      !a.cardExpYear ||
      !a.cardExpMonth
    )
      return skip("card_changed");
    if (!cardExpiresBefore(a.cardExpYear, a.cardExpMonth, renews)) return skip("card_lasts");
    return ok("card-expiring", {
      cardLabel: cardLabel(a) ?? "Your card",
      expMonth: a.cardExpMonth,
      expYear: a.cardExpYear,
      renewsAt: renews,
      action: c.link("/account/billing/portal?flow=card"),
    });
  },
  "workspaces-paused": async (c) => {
    const reason = (str(c.facts.reason) ?? "payment_failed") as EmailPropsByKind["workspaces-paused"]["reason"];
    const ws = paused(await c.workspaces(), reason).map(c.line);
    if (ws.length === 0 || hasPlan(c)) return skip("nothing_paused");
    return ok("workspaces-paused", { reason, workspaces: ws, action: c.link("/account/billing") }, ws);
  },
  "deletion-warning": async (c) => {
    const w = (await c.workspaces()).find((x) => x.id === c.row.workspaceId);
    const deletesAt = num(c.facts.graceEndsAt);
    if (!w || w.desiredState !== "suspended" || w.graceEndsAt?.getTime() !== deletesAt || deletesAt === null)
      return skip("no_longer_paused");
    const line = c.line(w);
    return ok(
      "deletion-warning",
      {
        workspace: line,
        deletesAt,
        daysLeft: num(c.facts.days) ?? 1,
        action: c.link(w.suspensionReason === "downgrade" ? "/account/billing/change-plan?plan=current" : "/account/billing"),
      },
      [line],
    );
  },
  "workspace-deleted": async (c) => {
    const w = c.row.workspaceId ? await workspaceForEmail(c.services.db, c.row.workspaceId) : null;
    // Deleting cannot be undone once begun: the email goes as the server is taken down.
    if (!w || (!w.deletedAt && w.lifecycleState !== "deprovisioning" && w.lifecycleState !== "deleted"))
      return skip("not_deleted");
    return ok("workspace-deleted", {
      workspaceName: w.name,
      deletedAt: w.deletedAt?.getTime() ?? num(c.facts.at) ?? c.at,
      // The new-workspace page itself says when a plan is needed first.
      action: c.link("/workspaces/new"),
    });
  },
  "payment-received": async (c) => {
    if (!hasPlan(c) || c.account.openInvoiceId !== null) return skip("payment_not_settled");
    const ws = running(await c.workspaces()).map(c.line);
    return ok(
      "payment-received",
      {
        amount: amountOf(c.facts),
        workspaces: ws,
        invoiceUrl: str(c.facts.hostedUrl),
        action: c.link("/workspaces"),
      },
      ws,
    );
  },
  "cancellation-scheduled": async (c) => {
    const endsAt = c.account.cancelAt?.getTime();
    if (c.account.billingState !== "cancelling" || !endsAt || endsAt !== num(c.facts.cancelAt))
      return skip("no_longer_cancelling");
    const ws = (await c.workspaces()).filter((w) => w.desiredState !== "deleted").map(c.line);
    return ok(
      "cancellation-scheduled",
      {
        planName: planDisplayName(c.account.planId),
        endsAt,
        workspaces: ws,
        action: c.link("/account/billing/portal"),
      },
      ws,
    );
  },
  "cancellation-reverted": async (c) => {
    if (c.account.billingState !== "active" && c.account.billingState !== "past_due") return skip("not_continuing");
    return ok("cancellation-reverted", {
      planName: planDisplayName(c.account.planId),
      renewsAt: c.account.currentPeriodEnd?.getTime() ?? null,
      action: c.link("/account/billing"),
    });
  },
  "subscription-ended": async (c) => {
    if (c.account.billingState !== "ended" || hasPlan(c)) return skip("has_a_plan");
    const ws = paused(await c.workspaces()).map(c.line);
    return ok(
      "subscription-ended",
      {
        planName: planDisplayName(str(c.facts.planId) ?? c.account.planId),
        workspaces: ws,
        action: c.link("/pricing"),
      },
      ws,
    );
  },
  "plan-downgraded": async (c) => {
    if (c.account.planId !== str(c.facts.to)) return skip("plan_changed_again");
    const ws = await c.workspaces();
    const stopped = paused(ws, "downgrade").map(c.line);
    const askToChoose = stopped.length > 0 && c.account.keptWorkspaceIds === null;
    return ok(
      "plan-downgraded",
      {
        planName: planDisplayName(c.account.planId),
        kept: running(ws).map(c.line),
        paused: stopped,
        askToChoose,
        action: askToChoose ? c.link("/account/billing/change-plan?plan=current") : c.link("/workspaces"),
      },
      stopped,
    );
  },
  "plan-upgraded": async (c) => {
    const plan = getPlan(c.account.planId);
    if (!plan || c.account.planId !== str(c.facts.to)) return skip("plan_changed_again");
    return ok("plan-upgraded", {
      planName: plan.name,
      features: planFeatures(plan),
      action: c.link("/workspaces"),
    });
  },
  "workspace-trouble": async (c) => {
    const w = c.row.workspaceId ? await workspaceForEmail(c.services.db, c.row.workspaceId) : null;
    if (!w || w.deletedAt || (w.lifecycleState !== "failed" && w.lifecycleState !== "unknown"))
      return skip("no_longer_in_trouble");
    const line = c.line(w);
    return ok(
      "workspace-trouble",
      { workspace: line, since: num(c.facts.since) ?? c.at, action: c.link(`/workspaces/${w.slug}`) },
      [line],
    );
  },
  "deployment-expiring": async (c) => {
    const w = c.row.workspaceId ? await workspaceForEmail(c.services.db, c.row.workspaceId) : null;
    const expiresAt = num(c.facts.expiresAt);
    const deploymentId = str(c.facts.deploymentId);
    if (!w || w.deletedAt || w.lifecycleState === "deleted" || w.lifecycleState === "deprovisioning")
      return skip("workspace_gone");
    // Found an hour ago at most; a site whose time is already up can't be kept any more.
    if (expiresAt === null || expiresAt <= c.at || !deploymentId) return skip("already_offline");
    const line = c.line(w);
    return ok(
      "deployment-expiring",
      {
        workspace: line,
        site: { name: str(c.facts.name) ?? deploymentId, address: (str(c.facts.url) ?? "").replace(/^https?:\/\//, "") },
        expiresAt,
        action: c.link(`/workspaces/${w.slug}/deployments/${encodeURIComponent(deploymentId)}`),
      },
      [line],
    );
  },
  "workspace-recovered": async (c) => {
    const w = c.row.workspaceId ? await workspaceForEmail(c.services.db, c.row.workspaceId) : null;
    if (!w || w.deletedAt) return skip("workspace_gone");
    // Only a customer we told about the trouble hears that it is over (once per trouble).
    const earlier = await workspaceOutbox(c.services.db, w.id, ["workspace-trouble", "workspace-recovered"]);
    const before = earlier.filter((r) => r.id !== c.row.id && r.createdAt.getTime() <= c.row.createdAt.getTime());
    const lastTold = before.find((r) => r.kind === "workspace-trouble" && r.status === "sent");
    if (!lastTold) return skip("trouble_not_told");
    if (
      before.some(
        (r) => r.kind === "workspace-recovered" && r.status === "sent" && r.createdAt.getTime() >= lastTold.createdAt.getTime(),
      )
    )
      return skip("already_told");
    const line = c.line(w);
    return ok(
      "workspace-recovered",
      {
        workspace: line,
        troubleSince: num((lastTold.facts as Facts).since),
        action: c.link(`/workspaces/${w.slug}`),
      },
      [line],
    );
  },
  invitation: async (c) => {
    const invitationId = str(c.facts.invitationId);
    const token = str(c.facts.token);
    const invitation = invitationId ? await invitationForEmail(c.services.db, invitationId) : null;
    // Only a token that still opens the invitation is mailed: re-inviting replaces it, and
    // accepting, revoking or running out of time ends it.
    if (
      !invitation ||
      !token ||
      invitation.acceptedAt !== null ||
      invitation.revokedAt !== null ||
      invitation.expiresAt.getTime() <= c.at ||
      (await sha256Hex(token)) !== invitation.tokenHash
    )
      return skip("invitation_not_pending");
    if (gone({ deletedAt: invitation.workspaceDeletedAt, lifecycleState: invitation.workspaceState }))
      return skip("workspace_gone");
    const to = invitation.email.toLowerCase();
    const facts = { to, workspaceName: invitation.workspaceName, role: invitation.role };
    return ok(
      "invitation",
      {
        to,
        inviterName: invitation.inviterName,
        workspaceName: invitation.workspaceName,
        role: invitation.role,
        expiresAt: invitation.expiresAt.getTime(),
        action: c.link(`/invitations/${encodeURIComponent(token)}`),
      },
      [],
      {
        to: [to],
        notice: {
          summary: INVITATION_EMAIL.notice(facts),
          link: c.link(`/workspaces/${invitation.workspaceSlug}/people`).url,
        },
      },
    );
  },
  "invitation-accepted": async (c) => {
    const w = c.row.workspaceId ? await workspaceForEmail(c.services.db, c.row.workspaceId) : null;
    if (!w || gone(w)) return skip("workspace_gone");
    const memberEmail = str(c.facts.memberEmail);
    const role = invitedRole(c.facts.role);
    if (!memberEmail || !role) return skip("facts_missing");
    const line = c.line(w);
    return ok(
      "invitation-accepted",
      {
        workspace: line,
        memberName: str(c.facts.memberName) || memberEmail,
        memberEmail,
        role,
        action: c.link(`/workspaces/${w.slug}/people`),
      },
      [line],
    );
  },
  "member-removed": async (c) => {
    // Invited back since: being told they were removed would be wrong now.
    if (c.row.workspaceId && (await isMemberOf(c.services.db, c.row.workspaceId, c.row.accountId))) return skip("member_again");
    // The workspace may be deleted by now: its name comes with the facts.
    const workspaceName = str(c.facts.workspaceName);
    const byName = str(c.facts.byName);
    if (!workspaceName || !byName) return skip("facts_missing");
    return ok("member-removed", { workspaceName, byName, action: c.link("/workspaces") });
  },
};
