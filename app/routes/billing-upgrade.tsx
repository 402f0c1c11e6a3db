import { data, Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/billing-upgrade";
import { getPlan, isTrialPlan, type Plan } from "../../domain/plans/catalog";
import { PRICING_PAGE, SITE_FRAME, UPGRADE_PAGE as P } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { comingBack } from "../.server/billing/coming-back";
import { priceOf } from "../.server/billing/plan-offers";
import { getRequestContext } from "../../server/bindings/request-context";
import { startCheckout } from "../../server/billing/checkout";
import { pricesForPages } from "../../server/billing/prices";
import { billingAccountById } from "../../server/repositories/billing";
import { isLiveSubscription } from "../../domain/billing/billing-state";

/** A paid plan that new customers can choose, or null. */
function chosenPlan(id: unknown): Plan | null {
  const plan = typeof id === "string" ? getPlan(id) : undefined;
  return plan && plan.status === "active" && !isTrialPlan(plan) && plan.stripePriceId ? plan : null;
}

/** Before paying: the plan, its price, that the trial ends today, and what comes back. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const plan = chosenPlan(new URL(request.url).searchParams.get("plan"));
  if (!plan) throw redirect(href("/pricing"));
  const billing = await billingAccountById(rc.db, account.id);
  // A plan stands already: another plan is a plan change, on its own page.
  if (isLiveSubscription(billing?.subscriptionStatus ?? null))
    throw redirect(`${href("/account/billing/change-plan")}?plan=${encodeURIComponent(plan.id)}`);
  const [prices, back] = await Promise.all([pricesForPages(rc), comingBack(rc, account.id, plan)]);
  return {
    planId: plan.id,
    name: plan.name,
    price: priceOf(plan, prices),
    onTrial: billing?.billingState === "trial" && Boolean(billing.trialEndsAt && billing.trialEndsAt > rc.now()),
    maxWorkspaces: plan.entitlements.maxWorkspaces,
    ...back,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await request.formData().catch(() => null);
  const plan = chosenPlan(form?.get("plan"));
  if (!plan) return data({ message: PRICING_PAGE.unknownPlan }, { status: 400 });
  const started = await startCheckout(rc, { accountId: account.id, plan });
  if (started.kind === "redirect") throw redirect(started.url);
  if (started.kind === "has_subscription") return data({ message: PRICING_PAGE.hasPlan }, { status: 409 });
  return data({ message: PRICING_PAGE.priceUnavailable }, { status: 503 });
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: SITE_FRAME.pageTitle(P.title(loaderData?.name ?? "")) }];

export default function Upgrade({ loaderData: d, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod?.toLowerCase() === "post";
  return (
    <>
      <div className="page-head">
        <h1>{P.heading(d.name)}</h1>
        <Link to={href("/pricing")}>{P.back}</Link>
      </div>
      {actionData?.message ? (
        <p className="notice warn" role="alert" data-testid="upgrade-refused">
          {actionData.message}
        </p>
      ) : null}
      <section className="card">
        {d.price ? <p className="price">{P.price(d.price)}</p> : null}
        {d.onTrial ? <p>{P.trialEnds}</p> : null}
        <NameList title={P.bringsBack} names={d.bringsBack} testId="brings-back" />
        <NameList title={P.staysPaused(d.maxWorkspaces)} names={d.staysPaused} testId="stays-paused" />
        <NameList title={P.alreadyDeleted} names={d.alreadyDeleted} testId="already-deleted" />
        <p className="muted">{P.payingNext}</p>
        <Form method="post" reloadDocument>
          <input type="hidden" name="plan" value={d.planId} />
          <button type="submit" disabled={busy}>
            {P.continue}
          </button>
        </Form>
      </section>
    </>
  );
}

function NameList({ title, names, testId }: { title: string; names: string[]; testId: string }) {
  if (names.length === 0) return null;
  return (
    <div data-testid={testId}>
      <p>{title}</p>
      <ul>
        {names.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
