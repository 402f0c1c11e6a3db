import { getFormProps, getSelectProps } from "@conform-to/react";
import { data, Form, href, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/account";
import { authorize } from "../../domain/authorize";
import { ACCOUNT_PAGE as P, CONTACT_EMAIL_SECTION as CONTACT, NOTIFICATIONS_PAGE, SITE_FRAME } from "../../domain/vocabulary";
import { accountSummary } from "../.server/account-summary";
import { requireAccount } from "../.server/auth/session";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { contactAddresses, retryAddress, setContactEmail } from "../.server/email/contact-addresses";
import { contactEmailSchema, retryAddressSchema } from "../forms/contact-forms";
import { ContactEmailCard } from "../components/contact-email-card";
import { getRequestContext } from "../../server/bindings/request-context";
import { isValidTimeZone } from "../../domain/time-zones";
import { timeZoneCookie } from "../../server/http/time-zone";
import { FieldProblem, FormSummary, useIntentForm } from "../components/form-kit";
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
    contact: await contactAddresses(rc.db, account.id),
  };
}

/** The time zone form: one of the zones the browser and the server both know. */
const timeZoneSchema = z.object({
  intent: z.literal("time-zone"),
  timeZone: z.string({ error: P.timeZoneUnknown }).refine(isValidTimeZone, { error: P.timeZoneUnknown }),
});

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await readIntentForm(request, {
    "time-zone": timeZoneSchema,
    "contact-email": contactEmailSchema,
    "retry-address": retryAddressSchema,
  });
  if (!form.intent) return unknownForm("time-zone");
  const { intent, submission } = form;
  if (submission.status !== "success") return invalid(intent, submission);
  if (intent === "contact-email") {
    const value = submission.value;
    const now = await setContactEmail(rc.db, account.id, value.use === "sign-in" ? null : (value.email ?? null));
    const backToSignIn = now === account.email.toLowerCase();
    return succeeded(intent, submission, backToSignIn ? CONTACT.backToSignIn(now) : CONTACT.saved(now));
  }
  if (intent === "retry-address") {
    const address = submission.value.address;
    if (!(await retryAddress(rc.db, account.id, address))) return refused(intent, submission, CONTACT.notUndeliverable);
    return succeeded(intent, submission, CONTACT.triedAgain(address.trim().toLowerCase()));
  }
  return redirect(href("/account"), {
    headers: { "Set-Cookie": timeZoneCookie(submission.value.timeZone, rc.url.protocol === "https:") },
  });
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Account({ loaderData: a, actionData }: Route.ComponentProps) {
  return (
    <>
      <h1>{P.heading}</h1>
      {a.trialText ? (
        <p className="notice info trial-banner" data-testid="trial-countdown">
          {a.trialText}
        </p>
      ) : null}
      <section className="card profile" aria-label={P.profile}>
        {a.image ? <img className="avatar" src={a.image} alt={P.pictureOf(a.name)} width={64} height={64} /> : null}
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
        <h2 id="plan-heading">{P.planHeading}</h2>
        <dl className="facts">
          <dt>{P.plan}</dt>
          <dd data-testid="account-plan">{a.planName}</dd>
          {a.trialEndsAt ? (
            <>
              <dt>{P.trialEnds}</dt>
              <dd>
                <time dateTime={a.trialEndsAt}>{a.trialEndsOn}</time>
              </dd>
            </>
          ) : null}
          <dt>{P.memberSince}</dt>
          <dd>
            <time dateTime={a.memberSince}>{formatDate(a.memberSince, a.timeZone)}</time>
          </dd>
        </dl>
        <p>
          <Link to={href("/account/billing")}>{P.billingLink}</Link>
        </p>
        <p>
          <Link to={href("/account/notifications")}>{NOTIFICATIONS_PAGE.linkFromAccount}</Link>
        </p>
      </section>
      {a.contact ? <ContactEmailCard contact={a.contact} answer={actionData} /> : null}
      {/* A newly saved zone starts the form afresh with it. */}
      <TimeZoneForm key={a.timeZone} timeZone={a.timeZone} timeZones={a.timeZones} answer={actionData} />
      <section className="card" aria-labelledby="sign-out-heading">
        <h2 id="sign-out-heading">{P.signOutHeading}</h2>
        <Form method="post" action={href("/sign-out")}>
          <button type="submit">{P.signOut}</button>
        </Form>
      </section>
    </>
  );
}

function TimeZoneForm({ timeZone, timeZones, answer }: { timeZone: string; timeZones: string[]; answer: unknown }) {
  const { form, fields, done } = useIntentForm("time-zone", timeZoneSchema, answer, { defaultValue: { timeZone } });
  return (
    <section className="card" aria-labelledby="tz-heading">
      <h2 id="tz-heading">{P.timeZoneHeading}</h2>
      <p>{P.datesShownIn(timeZone)}</p>
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="time-zone" />
        <div className="field">
          <label htmlFor={fields.timeZone.id}>{P.showDatesIn}</label>
          <select {...getSelectProps(fields.timeZone)}>
            {timeZones.map((tz) => (
              <option key={tz} value={tz}>
                {tz}
              </option>
            ))}
          </select>
          <FieldProblem field={fields.timeZone} />
        </div>
        <button type="submit" className="secondary">
          {P.saveTimeZone}
        </button>
      </Form>
    </section>
  );
}
