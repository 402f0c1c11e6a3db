import { href, redirect } from "react-router";
import type { Route } from "./+types/billing-portal";
import { requireAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { portalUrl } from "../../server/billing/portal";
import { billingAccountById } from "../../server/repositories/billing";

/**
 * Into Stripe's Customer Portal: a fresh session each time (they are short-lived, so no
 * link ever holds one). A GET works too, for links in emails; `flow=card` opens the
 * card update directly. Coming back lands on /account/billing/returned, which syncs.
 */
async function openPortal(request: Request, context: Route.ActionArgs["context"], flow: string | null) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const billing = await billingAccountById(rc.db, account.id);
  if (!billing?.stripeCustomerId) throw redirect(`${href("/account/billing")}?notice=no-customer`);
  try {
    const url = await portalUrl(
      rc,
      billing.stripeCustomerId,
      `${rc.env.APP_URL}${href("/account/billing/returned")}`,
      flow === "card" ? "payment_method_update" : null,
    );
    return redirect(url);
  } catch (error) {
    rc.log.warn("billing.portal_unavailable", { error });
    return redirect(`${href("/account/billing")}?notice=portal-unavailable`);
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const form = await request.formData().catch(() => null);
  const flow = form?.get("flow");
  return openPortal(request, context, typeof flow === "string" ? flow : null);
}

export async function loader({ request, context }: Route.LoaderArgs) {
  return openPortal(request, context, new URL(request.url).searchParams.get("flow"));
}
