import { data, Form, redirect } from "react-router";
import type { Route } from "./+types/sign-in";
import { getAuth } from "../../server/auth/better-auth";
import { signedInAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { forwardSetCookies } from "../../server/http/cookies";
import { safeRedirectPath } from "../../server/http/safe-redirect";

const SIGN_IN_PROBLEMS: Record<string, string> = {
  unavailable: "We couldn't reach Google just now. Please try again in a moment.",
  default: "Signing in didn't work that time. Please try again.",
};

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), "/workspaces");
  if (signedInAccount(context)) throw redirect(redirectTo);
  const error = url.searchParams.get("error");
  return { redirectTo, problem: error ? (SIGN_IN_PROBLEMS[error] ?? SIGN_IN_PROBLEMS.default) : null };
}

/** Starts Google sign-in: our own form action, so it works without JavaScript. */
export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const form = await request.formData().catch(() => new FormData());
  const callbackURL = safeRedirectPath(form.get("redirectTo"), "/workspaces");
  try {
    const response = await getAuth(rc.env).api.signInSocial({
      body: { provider: "google", callbackURL, errorCallbackURL: "/sign-in?error=failed" },
      headers: request.headers,
      asResponse: true,
    });
    const body = (await response.json().catch(() => null)) as { url?: unknown } | null;
    if (!response.ok || typeof body?.url !== "string") throw new Error(`sign-in start answered ${response.status}`);
    return redirect(body.url, { headers: forwardSetCookies(response.headers) });
  } catch (error) {
    rc.log.warn("auth.sign_in_start_failed", { error });
    return data({ problem: SIGN_IN_PROBLEMS.unavailable, redirectTo: callbackURL }, { status: 503 });
  }
}

export const meta: Route.MetaFunction = () => [{ title: "Sign in · Harbor" }];

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const problem = actionData?.problem ?? loaderData.problem;
  return (
    <section className="card">
      <h1>Sign in to Harbor</h1>
      {problem ? (
        <p className="notice bad" role="alert">
          {problem}
        </p>
      ) : null}
      <p>Use your Google account. New here? Signing in starts your free 14-day trial — no card needed.</p>
      <Form method="post">
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <button type="submit">Continue with Google</button>
      </Form>
    </section>
  );
}
