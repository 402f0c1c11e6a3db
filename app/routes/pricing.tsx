import type { Route } from "./+types/pricing";
import { isTrialPlan, publicPlans } from "../../domain/plans/catalog";
import { PRICING_PAGE as P, SITE_FRAME } from "../../domain/vocabulary";
import { signedInAccount } from "../.server/auth/session";
import { planCards } from "../.server/billing/plan-offers";
import { PlanCards } from "../components/plan-cards";
import { getRequestContext } from "../../server/bindings/request-context";
import { pricesForPages } from "../../server/billing/prices";
import { billingAccountById } from "../../server/repositories/billing";

/** Public: every active plan, its price as Stripe has it, and the right button for the visitor. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const signedIn = signedInAccount(context);
  const [prices, account] = await Promise.all([pricesForPages(rc), signedIn ? billingAccountById(rc.db, signedIn.id) : null]);
  const url = new URL(request.url);
  const notice = url.searchParams.get("checkout") === "cancelled" ? P.checkoutCancelled : null;
  return {
    signedIn: signedIn !== null,
    onTrial: account
      ? account.billingState === "trial" && publicPlans().some((p) => isTrialPlan(p) && p.id === account.planId)
      : false,
    notice,
    plans: planCards(account, prices, rc.now()),
  };
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Pricing({ loaderData: d }: Route.ComponentProps) {
  return (
    <>
      <h1>{P.heading}</h1>
      <p className="lede">{P.intro}</p>
      {d.notice ? (
        <p className="notice info" role="status" data-testid="pricing-notice">
          {d.notice}
        </p>
      ) : null}
      {d.onTrial ? <p className="notice info">{P.trialNote}</p> : null}
      <PlanCards plans={d.plans} />
      <p className="muted small">{P.vatNote}</p>
    </>
  );
}
