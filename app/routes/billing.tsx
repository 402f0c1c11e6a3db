import { data, Form, href, Link } from "react-router";
import type { Route } from "./+types/billing";
import { isLiveSubscription, isPaymentRetrying } from "../../domain/billing/billing-state";
import { effectivePlan } from "../../domain/billing/effective-plan";
import { getPlan } from "../../domain/plans/catalog";
import {
  BILLING_PAGE as P,
  ACCOUNT_PAGE,
  BILLING_STATUS,
  GRACE_LINE,
  CHANGE_PLAN_PAGE,
  formatPrice,
  planDisplayName,
  SITE_FRAME,
  TRIAL_ROUNDING_NOTE,
  TRIAL_ROUNDING_SUMMARY,
} from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { recentInvoices } from "../.server/billing/invoices";
import { holderOf, priceOf } from "../.server/billing/plan-offers";
import { getRequestContext } from "../../server/bindings/request-context";
import { pricesForPages } from "../../server/billing/prices";
import { billingAccountById, workspacesPaidBy } from "../../server/repositories/billing";
import { formatDate } from "../lib/format-date";
import { BILLING_CONTACTS_SECTION } from "../../domain/vocabulary";
import { addBillingContact, contactAddresses, removeBillingContact } from "../.server/email/contact-addresses";
import { invalid, readIntentForm, refused, succeeded, unknownForm, type FormAnswer } from "../.server/forms/form-reply";
import { addContactSchema, removeContactSchema } from "../forms/contact-forms";
import { BillingContactsCard } from "../components/billing-contacts-card";

const NOTICES: Record<string, string> = {
  returned: P.backFromManage,
  swapped: CHANGE_PLAN_PAGE.swapped,
  "portal-unavailable": P.portalUnavailable,
  "no-customer": P.noCustomer,
};

/** The account's plan and how it stands, the card, recent invoices, and every way on — in every state. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const signedIn = requireAccount(request, context);
  const account = (await billingAccountById(rc.db, signedIn.id))!;
  const at = rc.now();
  const tz = rc.timeZone;
  const [prices, invoices, owned] = await Promise.all([
    pricesForPages(rc),
    account.stripeCustomerId ? recentInvoices(rc, account.stripeCustomerId) : Promise.resolve([]),
    workspacesPaidBy(rc.db, account.id),
  ]);
  const plan = getPlan(account.planId);
  const effective = effectivePlan(holderOf(account), at);
  const live = isLiveSubscription(account.subscriptionStatus);
  const url = new URL(request.url);
  const changed = url.searchParams.get("changed");
  const notice =
    changed && getPlan(changed)
      ? P.planChanged(planDisplayName(changed))
      : (NOTICES[url.searchParams.get("notice") ?? ""] ?? null);
  const price = plan ? priceOf(plan, prices) : null;

  let line: string | null = null;
  if (account.billingState === "cancelling" && account.cancelAt) line = P.endsOn(formatDate(account.cancelAt, tz));
  else if ((account.billingState === "active" || account.billingState === "past_due") && account.currentPeriodEnd)
    line = price
      ? P.renews(formatDate(account.currentPeriodEnd, tz), price)
      : P.renewsOn(formatDate(account.currentPeriodEnd, tz));
  else if (account.billingState === "trial" && effective.kind === "plan" && account.trialEndsAt)
    line = P.trialEndsOn(formatDate(account.trialEndsAt, tz, "datetime"));

  let problem: string | null = null;
  if (isPaymentRetrying(account.billingState)) problem = P.pastDue;
  else if (effective.kind === "none")
    problem =
      effective.reason === "payment_failed" ? P.paymentFailed : effective.reason === "trial_ended" ? P.trialEnded : P.ended;

  return {
    notice,
    onTrial: account.billingState === "trial" && Boolean(account.trialEndsAt),
    planName: plan?.name ?? planDisplayName(account.planId),
    status: BILLING_STATUS[account.billingState],
    line,
    problem,
    // While a payment is owed on a plan that still stands, the way back is paying it.
    paymentOwed: live && account.subscriptionStatus !== "active" && account.subscriptionStatus !== "trialing",
    canChangePlan: live && account.subscriptionStatus === "active",
    canUpgrade: !live,
    hasCustomer: Boolean(account.stripeCustomerId),
    card:
      account.cardBrand && account.cardLast4 && account.cardExpMonth && account.cardExpYear
        ? P.card(account.cardBrand, account.cardLast4, account.cardExpMonth, account.cardExpYear)
        : null,
    invoices:
      invoices?.map((inv) => ({
        id: inv.id,
        line: P.invoiceLine(formatDate(inv.created, tz), formatPrice(inv.amount, inv.currency, null)),
        status: inv.status === "paid" ? P.invoicePaid : inv.status === "open" ? P.invoiceOpen : P.invoiceOther,
        url: inv.url,
      })) ?? null,
    paused: owned
      .filter((w) => w.lifecycleState === "suspended" || w.desiredState === "suspended")
      .map((w) => ({
        slug: w.slug,
        name: w.name,
        keptUntil: w.graceEndsAt ? P.dataKeptUntil(formatDate(w.graceEndsAt, tz)) : null,
      })),
    // Paused by the plan's limit: the customer may choose which ones run.
    canSwap: live && owned.some((w) => w.suspensionReason === "downgrade"),
    billingContacts: (await contactAddresses(rc.db, account.id))?.contacts ?? [],
  };
}

/** The billing contacts: add one (at most MAX_BILLING_CONTACTS), remove one of the account's own. */
export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await readIntentForm(request, { "add-contact": addContactSchema, "remove-contact": removeContactSchema });
  if (!form.intent) return unknownForm("add-contact");
  const { intent, submission } = form;
  if (submission.status !== "success") return invalid(intent, submission);
  const C = BILLING_CONTACTS_SECTION;
  if (intent === "add-contact") {
    const email = submission.value.email;
    const added = await addBillingContact(rc.db, account.id, email);
    if (added.ok) return succeeded(intent, submission, C.added(email));
    if (added.reason === "full") return refused(intent, submission, C.full, { status: 409 });
    return refused(intent, submission, added.reason === "duplicate" ? C.duplicate : C.isYourAddress, { field: "email" });
  }
  const removed = await removeBillingContact(rc.db, account.id, submission.value.id);
  if (!removed)
    return data<FormAnswer>(
      { intent, result: { status: "error", initialValue: null, error: { "": [C.notFound] } } },
      { status: 404 },
    );
  return succeeded(intent, submission, C.removed(removed));
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Billing({ loaderData: d, actionData }: Route.ComponentProps) {
  return (
    <>
      <div className="page-head">
        <h1>{P.heading}</h1>
        <Link to={href("/account")}>{ACCOUNT_PAGE.title}</Link>
      </div>
      {d.notice ? (
        <p className="notice ok" role="status" data-testid="billing-notice">
          {d.notice}
        </p>
      ) : null}
      {d.problem ? (
        <p className="notice warn" role="alert" data-testid="billing-problem">
          {d.problem}
        </p>
      ) : null}
      <section className="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">{P.planHeading}</h2>
        <dl className="facts">
          <dt>{P.plan}</dt>
          <dd data-testid="billing-plan">{d.planName}</dd>
          <dt>{P.status}</dt>
          <dd data-testid="billing-status">{d.status}</dd>
        </dl>
        {d.line ? <p data-testid="billing-line">{d.line}</p> : null}
        {d.onTrial ? (
          <details className="muted small" data-testid="trial-rounding">
            <summary>{TRIAL_ROUNDING_SUMMARY}</summary>
            <p>{TRIAL_ROUNDING_NOTE}</p>
          </details>
        ) : null}
        <div className="actions">
          {d.paymentOwed ? (
            <Form method="post" action={href("/account/billing/portal")} reloadDocument>
              <input type="hidden" name="flow" value="card" />
              <button type="submit">{P.fixPayment}</button>
            </Form>
          ) : null}
          {d.canUpgrade ? (
            <Link className="button" to={href("/pricing")}>
              {P.upgrade}
            </Link>
          ) : null}
          {d.canChangePlan ? (
            <Link className="button secondary" to={href("/account/billing/change-plan")}>
              {P.changePlan}
            </Link>
          ) : null}
          {d.hasCustomer ? (
            <Form method="post" action={href("/account/billing/portal")} reloadDocument>
              <button type="submit" className="secondary">
                {P.manage}
              </button>
            </Form>
          ) : null}
        </div>
        {d.hasCustomer ? <p className="muted small">{P.manageHint}</p> : null}
      </section>
      {d.paused.length > 0 ? (
        <section className="card" aria-labelledby="paused-heading">
          <h2 id="paused-heading">{P.pausedHeading}</h2>
          {d.canSwap ? (
            <p>
              <Link to={`${href("/account/billing/change-plan")}?plan=current`}>{GRACE_LINE.swap}</Link>
            </p>
          ) : null}
          <ul>
            {d.paused.map((w) => (
              <li key={w.slug}>
                <Link to={href("/workspaces/:slug", { slug: w.slug })}>{w.name}</Link>
                {w.keptUntil ? <span className="muted"> · {w.keptUntil}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <BillingContactsCard contacts={d.billingContacts} answer={actionData} />
      <section className="card" aria-labelledby="card-heading">
        <h2 id="card-heading">{P.cardHeading}</h2>
        <p data-testid="billing-card">{d.card ?? P.noCard}</p>
      </section>
      <section className="card" aria-labelledby="invoices-heading">
        <h2 id="invoices-heading">{P.invoicesHeading}</h2>
        {d.invoices === null ? (
          <p className="muted">{P.invoicesUnavailable}</p>
        ) : d.invoices.length === 0 ? (
          <p className="muted">{P.noInvoices}</p>
        ) : (
          <ul className="invoices" data-testid="invoices">
            {d.invoices.map((inv) => (
              <li key={inv.id}>
                {inv.line} · {inv.status}
                {inv.url ? (
                  <>
                    {" · "}
                    <a href={inv.url}>{P.viewInvoice}</a>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
