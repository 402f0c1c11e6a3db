import { Form, href, Link } from "react-router";
import { PRICING_PAGE as P } from "../../domain/vocabulary";

/** What the visitor can do about a plan: its button. */
export type Offer = "start-trial" | "current" | "upgrade" | "change" | "none";

/** One plan as the pricing and home pages show it (app/.server/billing/plan-offers.ts builds them). */
export interface PlanCardView {
  id: string;
  name: string;
  tagline: string;
  price: string | null;
  /** No price at all (the trial): "Free". A paid plan whose price couldn't be read says so instead. */
  free: boolean;
  features: string[];
  offer: Offer;
}

/**
 * The catalog's plans side by side. `brief` (the home page) shows name, line and price only:
 * the pricing page is where the whole list and the buttons are.
 */
export function PlanCards({ plans, brief = false }: { plans: readonly PlanCardView[]; brief?: boolean }) {
  const Heading = brief ? "h3" : "h2";
  return (
    <div className="plans">
      {plans.map((plan) => (
        <section
          key={plan.id}
          className={`card plan${plan.offer === "current" ? " current" : ""}`}
          aria-labelledby={`plan-${plan.id}`}
          data-testid={`plan-${plan.id}`}
        >
          <Heading id={`plan-${plan.id}`}>
            {plan.name}
            {plan.offer === "current" ? <span className="badge ok"> {P.current}</span> : null}
          </Heading>
          <p className="muted">{plan.tagline}</p>
          <p className="price">{plan.price ?? (plan.free ? P.free : P.priceAtCheckout)}</p>
          {brief ? null : (
            <>
              <ul className="features">
                {plan.features.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
              <PlanButton planId={plan.id} name={plan.name} offer={plan.offer} />
            </>
          )}
        </section>
      ))}
    </div>
  );
}

/** The free trial's button: our sign-in form (app/routes/sign-in.tsx), so it works without JavaScript. */
export function StartTrialForm({ label }: { label: string }) {
  return (
    <Form method="post" action={href("/sign-in")}>
      <input type="hidden" name="intent" value="sign-in" />
      <button type="submit">{label}</button>
    </Form>
  );
}

function PlanButton({ planId, name, offer }: { planId: string; name: string; offer: string }) {
  switch (offer) {
    case "start-trial":
      return <StartTrialForm label={P.startTrial} />;
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
