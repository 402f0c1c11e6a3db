import { getFormProps, getSelectProps } from "@conform-to/react";
import { data, Form, href, Link } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/account";
import { authorize } from "../../domain/authorize";
import {
  ACCOUNT_PAGE as P,
  CONTACT_EMAIL_SECTION as CONTACT,
  NOTIFICATIONS_PAGE,
  SITE_FRAME,
  TIME_ZONE_CARD as TZ,
} from "../../domain/vocabulary";
import { accountSummary } from "../.server/account-summary";
import { requireAccount } from "../.server/auth/session";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { contactAddresses, retryAddress, setContactEmail } from "../.server/email/contact-addresses";
import { contactEmailSchema, retryAddressSchema } from "../forms/contact-forms";
import { ContactEmailCard } from "../components/contact-email-card";
import { getRequestContext } from "../../server/bindings/request-context";
import { chooseTimeZone, type TimeZoneSource } from "../../domain/time-zones";
import {
  isPickableTimeZone,
  labelTimeZone,
  pickerValueFor,
  timeZoneCountries,
  type ZoneLabel,
} from "../../domain/time-zone-picker";
import {
  BROWSER_TIME_ZONE_COOKIE,
  clearTimeZoneCookie,
  readCookie,
  timeZoneChoice,
  timeZoneCookie,
} from "../../server/http/time-zone";
import { redirectWithNotice } from "../.server/forms/flash-notice";
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
    timeZoneLabel: labelTimeZone(rc.timeZone),
    timeZoneSource: timeZoneChoice(request).source,
    contact: await contactAddresses(rc.db, account.id),
  };
}

/** The time zone form: one of the zones the picker offers, nothing else. */
const timeZoneSchema = z.object({
  intent: z.literal("time-zone"),
  timeZone: z.string({ error: TZ.unknown }).refine(isPickableTimeZone, { error: TZ.unknown }),
});
/** "Use my device's time zone": forget the picked one. */
const deviceTimeZoneSchema = z.object({ intent: z.literal("time-zone-device") });

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await readIntentForm(request, {
    "time-zone": timeZoneSchema,
    "time-zone-device": deviceTimeZoneSchema,
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
  // A redirect, so the next page is drawn in the new zone (it is read as the request starts).
  const secure = rc.url.protocol === "https:";
  if (intent === "time-zone-device") {
    const device = chooseTimeZone({ browser: readCookie(request.headers.get("cookie"), BROWSER_TIME_ZONE_COOKIE) });
    const message = device.source === "browser" ? TZ.followingDevice(labelTimeZone(device.zone)) : TZ.followingDeviceSoon;
    return redirectWithNotice(href("/account"), message, { headers: { "Set-Cookie": clearTimeZoneCookie(secure) } });
  }
  const zone = submission.value.timeZone;
  return redirectWithNotice(href("/account"), TZ.saved(labelTimeZone(zone)), {
    headers: { "Set-Cookie": timeZoneCookie(zone, secure) },
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
        {/* The heading says "Plan"; the name alone follows it (no "Plan: Trial" under "Plan"). */}
        <p className="plan-name">
          <strong data-testid="account-plan">{a.planName}</strong>
        </p>
        <dl className="facts">
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
      <TimeZoneCard key={a.timeZone} zone={a.timeZoneLabel} source={a.timeZoneSource} answer={actionData} />
      <section className="card" aria-labelledby="sign-out-heading">
        <h2 id="sign-out-heading">{P.signOutHeading}</h2>
        <Form method="post" action={href("/sign-out")}>
          <button type="submit">{P.signOut}</button>
        </Form>
      </section>
    </>
  );
}

function TimeZoneCard({ zone, source, answer }: { zone: ZoneLabel; source: TimeZoneSource; answer: unknown }) {
  const value = source === "default" ? "UTC" : pickerValueFor(zone.id);
  const { form, fields } = useIntentForm("time-zone", timeZoneSchema, answer, { defaultValue: { timeZone: value } });
  const shown = source === "chosen" ? TZ.chosen(zone) : source === "browser" ? TZ.browser(zone) : TZ.none;
  return (
    <section className="card" id="time-zone-settings" aria-labelledby="tz-heading">
      <h2 id="tz-heading">{TZ.heading}</h2>
      <p data-testid="time-zone-shown">{shown}</p>
      <FormSummary form={form} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="time-zone" />
        <div className="field">
          <label htmlFor={fields.timeZone.id}>{TZ.showTimesIn}</label>
          <select {...getSelectProps(fields.timeZone)}>
            <option value="UTC">{TZ.utc}</option>
            {timeZoneCountries().map((group) => (
              <optgroup key={group.country} label={group.country}>
                {group.places.map((place) => (
                  <option key={place.id} value={place.id}>
                    {place.city}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldProblem field={fields.timeZone} />
        </div>
        <button type="submit" className="secondary">
          {TZ.save}
        </button>
      </Form>
      <UseDeviceTimeZone shown={source === "chosen"} answer={answer} />
    </section>
  );
}

/** "Use my device's time zone", offered while a picked zone is in force; its problems are said here either way. */
function UseDeviceTimeZone({ shown, answer }: { shown: boolean; answer: unknown }) {
  const { form } = useIntentForm("time-zone-device", deviceTimeZoneSchema, answer);
  return (
    <>
      <FormSummary form={form} />
      {shown ? (
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="time-zone-device" />
          <button type="submit" className="secondary" data-testid="use-device-time-zone">
            {TZ.useDevice}
          </button>
        </Form>
      ) : null}
    </>
  );
}
