import { Form, href, Link } from "react-router";
import type { Route } from "./+types/pricing";
import { isTrialPlan, publicPlans } from "../../domain/plans/catalog";
import { PRICING_PAGE as P, SITE_FRAME } from "../../domain/vocabulary";
import { signedInAccount } from "../.server/auth/session";
import { planCards } from "../.server/billing/plan-offers";
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
      <div className="plans">
        {d.plans.map((plan) => (
          <section
            key={plan.id}
            className={`card plan${plan.offer === "current" ? " current" : ""}`}
            aria-labelledby={`plan-${plan.id}`}
            data-testid={`plan-${plan.id}`}
          >
            <h2 id={`plan-${plan.id}`}>
              {plan.name}
              {plan.offer === "current" ? <span className="badge ok"> {P.current}</span> : null}
            </h2>
            <p className="muted">{plan.tagline}</p>
            <p className="price">{plan.price ?? (plan.free ? P.free : P.priceAtCheckout)}</p>
            <ul className="features">
              {plan.features.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
            <PlanButton planId={plan.id} name={plan.name} offer={plan.offer} />
          </section>
        ))}
      </div>
      <p className="muted small">{P.vatNote}</p>
    </>
  );
}

function PlanButton({ planId, name, offer }: { planId: string; name: string; offer: string }) {
  switch (offer) {
    case "start-trial":
      return (
        <Form method="post" action={href("/sign-in")}>
          <input type="hidden" name="intent" value="sign-in" />
          <button type="submit">{P.startTrial}</button>
        </Form>
      );
    case "current":
      return <p className="muted">{P.currentPlan}</p>;
    case "upgrade":
      return (
        <Link className="button" to={`${href("/account/billing/upgrade")}?plan=${encodeURIComponent(planId)}`}>
          {P.upgrade(name)}
        </Link>
      );
    case "change":
      return (
        <Link className="button secondary" to={`${href("/account/billing/change-plan")}?plan=${encodeURIComponent(planId)}`}>
          {P.changePlan(name)}
        </Link>
      );
    default:
      return null;
  }
}
