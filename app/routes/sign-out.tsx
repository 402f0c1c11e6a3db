import { href, redirect } from "react-router";
import type { Route } from "./+types/sign-out";
import { getAuth } from "../../server/auth/better-auth";
import { getRequestContext } from "../../server/bindings/request-context";
import { forwardSetCookies } from "../../server/http/cookies";
import { safeRedirectPath } from "../../server/http/safe-redirect";

export async function loader() {
  throw redirect(href("/"));
}

/** Our own form action (works without JavaScript): ends the session, clears its cookies. */
export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  // Where to go next: home, or our own page that asked (an invitation for another account).
  const form = await request.formData().catch(() => null);
  const next = safeRedirectPath(form?.get("redirectTo"), href("/"));
  try {
    const response = await getAuth(rc.env).api.signOut({ headers: request.headers, asResponse: true });
    return redirect(next, { headers: forwardSetCookies(response.headers) });
  } catch (error) {
    // No session (already signed out) still ends where it was going.
    rc.log.info("auth.sign_out_without_session", { error });
    return redirect(next);
  }
}
