import { href, Link } from "react-router";
import type { Route } from "./+types/billing-welcome";
import { effectivePlanOf } from "../../domain/billing/effective-plan";
import { SITE_FRAME, WELCOME_PAGE as P } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import { holderOf } from "../.server/billing/plan-offers";
import { getRequestContext } from "../../server/bindings/request-context";
import { finishCheckout } from "../../server/billing/checkout";
import { billingAccountById } from "../../server/repositories/billing";

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,200}$/;

/** Checkout's success address: the customer usually arrives before the webhook, so sync now. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  let found = false;
  if (SESSION_ID.test(sessionId)) {
    try {
      found = (await finishCheckout(rc, { accountId: account.id, sessionId })) === "synced";
    } catch (error) {
      rc.log.warn("billing.welcome_sync_failed", { error });
      found = true;
    }
  }
  const billing = await billingAccountById(rc.db, account.id);
  const plan = billing ? effectivePlanOf(holderOf(billing), rc.now()) : null;
  const paid = plan !== null && billing?.billingState !== "trial";
  return { found, planName: paid ? plan.name : null };
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Welcome({ loaderData: d }: Route.ComponentProps) {
  return (
    <section className="card">
      {d.planName ? (
        <>
          <h1 data-testid="welcome-plan">{P.heading(d.planName)}</h1>
          <p>{P.body}</p>
        </>
      ) : (
        <>
          <h1>{P.title}</h1>
          <p role="status">{d.found ? P.notYet : P.notFound}</p>
        </>
      )}
      <p className="actions">
        <Link className="button" to={href("/workspaces")}>
          {P.toWorkspaces}
        </Link>
        <Link to={href("/account/billing")}>{P.toBilling}</Link>
      </p>
    </section>
  );
}
