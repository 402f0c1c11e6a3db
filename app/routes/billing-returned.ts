import { href, redirect } from "react-router";
import type { Route } from "./+types/billing-returned";
import { requireAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { syncBilling } from "../../server/billing/sync-billing";
import { billingAccountById } from "../../server/repositories/billing";

/**
 * Back from the portal: sync now rather than wait for the webhook — a new card pays an open
 * invoice at once (server/billing/sync-billing.ts), so the workspaces come back within seconds.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const billing = await billingAccountById(rc.db, account.id);
  if (billing?.stripeCustomerId) {
    try {
      await syncBilling(rc, billing.stripeCustomerId, { actor: `account:${account.id}` });
    } catch (error) {
      // The webhook and the safety net will catch up; the page shows what we know.
      rc.log.warn("billing.return_sync_failed", { error });
    }
  }
  return redirect(`${href("/account/billing")}?notice=returned`);
}
