import { data, Form, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/account";
import { authorize } from "../../domain/authorize";
import { TRIAL_ROUNDING_NOTE } from "../../domain/vocabulary";
import { accountSummary } from "../.server/account-summary";
import { requireAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { isValidTimeZone, timeZoneCookie } from "../../server/http/time-zone";
import { formatDate } from "../lib/format-date";

export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const decision = authorize(account, "view:account", { type: "account" });
  if (!decision.allowed) throw data(null, { status: decision.status });
  // The same countdown as /workspaces, in the person's time zone (not UTC).
  const summary = accountSummary(account, rc.timeZone);
  return {
    name: account.name,
    email: account.email,
    image: account.image,
    planName: summary.planName,
    trialText: summary.trialText,
    trialEndsAt: summary.trialEndsAt,
    trialEndsOn: summary.trialEndsOn,
    memberSince: account.createdAt.toISOString(),
    timeZone: rc.timeZone,
    timeZones: ["UTC", ...Intl.supportedValuesOf("timeZone").filter((tz) => tz !== "UTC")],
  };
}

const timeZoneForm = z.object({ intent: z.literal("time-zone"), timeZone: z.string() });

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  requireAccount(request, context);
  const parsed = timeZoneForm.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success || !isValidTimeZone(parsed.data.timeZone)) {
    return data({ problem: "Please choose a time zone from the list." }, { status: 400 });
  }
  return redirect("/account", { headers: { "Set-Cookie": timeZoneCookie(parsed.data.timeZone, rc.url.protocol === "https:") } });
}

export const meta: Route.MetaFunction = () => [{ title: "Your account · Harbor" }];

export default function Account({ loaderData: a, actionData }: Route.ComponentProps) {
  return (
    <>
      <h1>Your account</h1>
      {a.trialText ? (
        <p className="notice info trial-banner" data-testid="trial-countdown">
          {a.trialText}
        </p>
      ) : null}
      <section className="card profile" aria-label="Profile">
        {a.image ? <img className="avatar" src={a.image} alt={`Profile picture of ${a.name}`} width={64} height={64} /> : null}
        <div>
          <p>
            <strong data-testid="account-name">{a.name}</strong>
          </p>
          <p className="muted" data-testid="account-email">
            {a.email}
          </p>
        </div>
      </section>
      <section className="card" aria-labelledby="plan-heading">
        <h2 id="plan-heading">Plan</h2>
        <dl className="facts">
          <dt>Plan</dt>
          <dd data-testid="account-plan">{a.planName}</dd>
          {a.trialEndsAt ? (
            <>
              <dt>Trial ends</dt>
              <dd>
                <time dateTime={a.trialEndsAt}>{a.trialEndsOn}</time>
              </dd>
            </>
          ) : null}
          <dt>Member since</dt>
          <dd>
            <time dateTime={a.memberSince}>{formatDate(a.memberSince, a.timeZone)}</time>
          </dd>
        </dl>
        {a.trialEndsAt ? <p className="muted">{TRIAL_ROUNDING_NOTE}</p> : null}
      </section>
      <section className="card" aria-labelledby="tz-heading">
        <h2 id="tz-heading">Time zone</h2>
        <p>Dates on Harbor are shown in {a.timeZone}.</p>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="time-zone" />
          <div className="field">
            <label htmlFor="timeZone">Show dates in</label>
            <select id="timeZone" name="timeZone" defaultValue={a.timeZone}>
              {a.timeZones.map((tz) => (
                <option key={tz} value={tz}>
                  {tz}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Save time zone
          </button>
        </Form>
        {actionData?.problem ? (
          <p className="notice bad" role="alert">
            {actionData.problem}
          </p>
        ) : null}
      </section>
      <section className="card">
        <h2>Sign out</h2>
        <Form method="post" action="/sign-out">
          <button type="submit">Sign out of Harbor</button>
        </Form>
      </section>
    </>
  );
}
