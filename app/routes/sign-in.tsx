import { getFormProps } from "@conform-to/react";
import { Form, href, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/sign-in";
import { SIGN_IN_PAGE as P, SIGN_IN_PROBLEMS, signInProblem, SITE_FRAME } from "../../domain/vocabulary";
import { getAuth } from "../../server/auth/better-auth";
import { signedInAccount } from "../.server/auth/session";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { getRequestContext } from "../../server/bindings/request-context";
import { forwardSetCookies } from "../../server/http/cookies";
import { safeRedirectPath } from "../../server/http/safe-redirect";
import { FormSummary, useIntentForm } from "../components/form-kit";

/** The sign-in form (here and on the home page): where to go afterwards, checked again by safeRedirectPath. */
const signInSchema = z.object({ intent: z.literal("sign-in"), redirectTo: z.string().optional() });

export async function loader({ request, context }: Route.LoaderArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"), href("/workspaces"));
  if (signedInAccount(context)) throw redirect(redirectTo);
  const error = url.searchParams.get("error");
  // Better Auth adds Google's answer as ?error=…: "access_denied" is the person choosing Cancel.
  return { redirectTo, problem: error ? signInProblem(error) : null, cancelled: error === "access_denied" };
}

/** Starts Google sign-in: our own form action, so it works without JavaScript. */
export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const form = await readIntentForm(request, { "sign-in": signInSchema });
  if (!form.intent) return unknownForm("sign-in");
  const { intent, submission } = form;
  if (submission.status !== "success") return invalid(intent, submission);
  const callbackURL = safeRedirectPath(submission.value.redirectTo, href("/workspaces"));
  try {
    const response = await getAuth(rc.env).api.signInSocial({
      body: { provider: "google", callbackURL, errorCallbackURL: href("/sign-in") },
      headers: request.headers,
      asResponse: true,
    });
    const body = (await response.json().catch(() => null)) as { url?: unknown } | null;
    if (!response.ok || typeof body?.url !== "string") throw new Error(`sign-in start answered ${response.status}`);
    return redirect(body.url, { headers: forwardSetCookies(response.headers) });
  } catch (error) {
    rc.log.warn("auth.sign_in_start_failed", { error });
    return refused(intent, submission, SIGN_IN_PROBLEMS.unavailable);
  }
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function SignIn({ loaderData, actionData }: Route.ComponentProps) {
  const { form, done } = useIntentForm("sign-in", signInSchema, actionData);
  return (
    <section className="card">
      <h1>{P.heading}</h1>
      {/* Google sent the person back without signing them in: by their choice (a calm note) or not. */}
      {loaderData.problem && !form.errors?.length ? (
        <p
          className={loaderData.cancelled ? "notice info" : "notice bad"}
          role={loaderData.cancelled ? "status" : "alert"}
          data-testid="sign-in-problem"
        >
          {loaderData.problem}
        </p>
      ) : null}
      <FormSummary form={form} done={done} />
      <p>{P.intro}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="sign-in" />
        <input type="hidden" name="redirectTo" value={loaderData.redirectTo} />
        <button type="submit">{P.continue}</button>
      </Form>
    </section>
  );
}
