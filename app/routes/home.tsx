import { href, Link, redirect } from "react-router";
import type { Route } from "./+types/home";
import { HOME_PAGE as P } from "../../domain/vocabulary";
import { signedInAccount } from "../.server/auth/session";
import { planCards } from "../.server/billing/plan-offers";
import { PlanCards, StartTrialForm } from "../components/plan-cards";
import { getRequestContext } from "../../server/bindings/request-context";
import { pricesForPages } from "../../server/billing/prices";

/** What Harbor is, for whom, and what it costs (the plan catalog, priced as the pricing page prices it). */
export async function loader({ context }: Route.LoaderArgs) {
  if (signedInAccount(context)) throw redirect(href("/workspaces"));
  const rc = getRequestContext(context);
  return { plans: planCards(null, await pricesForPages(rc), rc.now()) };
}

export const meta: Route.MetaFunction = () => [{ title: P.title }];

export default function Home({ loaderData: d }: Route.ComponentProps) {
  return (
    <>
      <section className="hero" aria-labelledby="home-heading">
        <h1 id="home-heading">{P.heading}</h1>
        <p className="lede">{P.lede}</p>
        <p>{P.forWhom}</p>
        <StartTrialForm label={P.startTrial} />
        <p className="muted small">{P.trialTerms}</p>
      </section>
      <section aria-labelledby="points-heading">
        <h2 id="points-heading">{P.pointsHeading}</h2>
        <ul className="points">
          {P.points.map((point) => (
            <li key={point.heading} className="card">
              <h3>{point.heading}</h3>
              <p>{point.body}</p>
            </li>
          ))}
        </ul>
        <p>
          <Link to={href("/help")}>{P.helpLink}</Link>
        </p>
      </section>
      <section aria-labelledby="home-plans-heading">
        <h2 id="home-plans-heading">{P.plansHeading}</h2>
        <p>{P.plansIntro}</p>
        <PlanCards plans={d.plans} brief />
        <p>
          <Link to={href("/pricing")}>{P.comparePlans}</Link>
        </p>
      </section>
    </>
  );
}
