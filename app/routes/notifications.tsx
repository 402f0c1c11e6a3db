import { getFormProps } from "@conform-to/react";
import { data, Form, href, Link, useNavigation } from "react-router";
import type { Route } from "./+types/notifications";
import type { NotificationKind } from "../../domain/email/statuses";
import { DESTINATION_PROBLEM_WORDS, FORM_MESSAGES, NOTIFICATIONS_PAGE as P, SITE_FRAME } from "../../domain/vocabulary";
import { requireAccount } from "../.server/auth/session";
import {
  invalid,
  readIntentForm,
  refused,
  refusedUnread,
  succeeded,
  unknownForm,
  type FormAnswer,
} from "../.server/forms/form-reply";
import { notificationSettings, type DestinationView } from "../.server/notifications/notification-settings";
import { getRequestContext } from "../../server/bindings/request-context";
import { destinationOf, removeDestination, saveDestination, sendTestNotification, turnBackOn } from "../../server/notifications/manage";
import { AnswerMessage, FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { ConfirmStep } from "../components/confirm-step";
import { askToConfirm, isConfirmed } from "../.server/forms/confirm";
import { OneTimeSecret } from "../components/one-time-secret";
import {
  NOTIFICATION_BUTTON_INTENTS,
  notificationSchemas,
  removeSchema,
  saveServiceSchema,
  saveSlackSchema,
  sendTestSchema,
  turnOnSchema,
} from "../forms/notification-forms";

/** Standard Webhooks' page: what a developer reads to check the signature. */
const HOW_TO_CHECK = "https://www.standardwebhooks.com/";

export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const destinations = await notificationSettings(rc, account.id);
  return { destinations };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const form = await readIntentForm(request, notificationSchemas);
  if (!form.intent) return unknownForm("save-webhook");
  const { intent, submission } = form;
  if (submission.status !== "success") {
    // A button form with a damaged id: nothing to mark beside a field.
    if (intent === "test" || intent === "turn-on" || intent === "remove") return refusedUnread(intent, FORM_MESSAGES.staleForm);
    return invalid(intent, submission);
  }
  const value = submission.value;
  if (value.intent === "save-webhook" || value.intent === "save-slack") {
    const kind: NotificationKind = value.intent === "save-webhook" ? "webhook" : "slack";
    const saved = await saveDestination(rc, account.id, kind, value.url);
    if (!saved.ok) return refused(intent, submission, DESTINATION_PROBLEM_WORDS[saved.problem], { field: "url" });
    // The signing key appears in this answer only: sealed in D1, never logged or shown again.
    return succeeded(intent, submission, kind === "webhook" ? P.savedService : P.savedSlack, {
      ...(saved.secret && { secret: saved.secret }),
    });
  }
  const id = value.endpointId;
  // Removing loses the destination and its signing key for good: it asks once first.
  if (value.intent === "remove" && !isConfirmed(submission) && (await destinationOf(rc, account.id, id)))
    return askToConfirm(intent, submission, { question: P.removeAsk, consequences: P.removeAskLines, yes: P.removeYes });
  const found =
    value.intent === "test"
      ? await sendTestNotification(rc, account, id, `${rc.env.APP_URL}${href("/account/notifications")}`)
      : value.intent === "turn-on"
        ? await turnBackOn(rc, account.id, id)
        : await removeDestination(rc, account.id, id);
  // Not this account's (or gone already): nothing changed.
  if (!found)
    return data<FormAnswer>(
      { intent, result: { status: "error", initialValue: null, error: { "": [P.notFound] } } },
      { status: 404 },
    );
  return succeeded(
    intent,
    submission,
    value.intent === "test" ? P.testSent : value.intent === "turn-on" ? P.turnedBackOn : P.removed,
  );
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Notifications({ loaderData: l, actionData }: Route.ComponentProps) {
  const d = l.destinations;
  const secret = actionData && "secret" in actionData && typeof actionData.secret === "string" ? actionData.secret : null;
  return (
    <>
      <div className="page-head">
        <h1>{P.heading}</h1>
        <Link to={href("/account")}>{P.backToAccount}</Link>
      </div>
      <p className="lede">{P.lede}</p>
      {/* The banner for a destination switched off is the layout's (app/root.tsx), here too. */}
      <AnswerMessage answer={actionData} intents={NOTIFICATION_BUTTON_INTENTS} />
      <ConfirmStep answer={actionData} />
      <Destination kind="webhook" view={d.webhook} answer={actionData} secret={secret} />
      <Destination kind="slack" view={d.slack} answer={actionData} secret={null} />
    </>
  );
}

function Destination({
  kind,
  view,
  answer,
  secret,
}: {
  kind: NotificationKind;
  view: DestinationView | null;
  answer: unknown;
  secret: string | null;
}) {
  const busy = useNavigation().state === "submitting";
  const intent = kind === "webhook" ? "save-webhook" : "save-slack";
  const schema = kind === "webhook" ? saveServiceSchema : saveSlackSchema;
  const { form, fields, done } = useIntentForm(intent, schema, answer);
  const heading = kind === "webhook" ? P.serviceHeading : P.slackHeading;
  const headingId = `${kind}-heading`;
  return (
    <section className="card" aria-labelledby={headingId} data-testid={`destination-${kind}`}>
      <h2 id={headingId}>{heading}</h2>
      <p>{kind === "webhook" ? P.serviceIntro : P.slackIntro}</p>
      {secret ? (
        <>
          <OneTimeSecret label={P.secretLabel} value={secret} hint={P.secretHint} />
          <p className="small">
            <a href={HOW_TO_CHECK}>{P.checkHow}</a>
          </p>
        </>
      ) : null}
      {view ? (
        <>
          <dl className="facts">
            <dt>{P.sendingTo}</dt>
            <dd data-testid={`destination-${kind}-address`}>{view.shown}</dd>
          </dl>
          {view.turnedOff ? (
            <p className="notice warn" role="alert" data-testid={`destination-${kind}-off`}>
              {P.turnedOff}
            </p>
          ) : null}
          <div className="actions">
            {view.turnedOff ? (
              <ButtonForm intent="turn-on" endpointId={view.id} label={P.turnBackOn} busy={busy} />
            ) : (
              <ButtonForm intent="test" endpointId={view.id} label={P.sendTest} busy={busy} secondary />
            )}
            <ButtonForm intent="remove" endpointId={view.id} label={P.remove} busy={busy} secondary />
          </div>
        </>
      ) : null}
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" autoComplete="off" {...getFormProps(form)}>
        <input type="hidden" name="intent" value={intent} />
        <TextField
          field={fields.url}
          type="url"
          label={kind === "webhook" ? P.serviceLabel : P.slackLabel}
          hint={view ? P.replaceHint : undefined}
          placeholder={kind === "webhook" ? P.serviceExample : P.slackExample}
          required
        />
        <button type="submit" disabled={busy}>
          {kind === "webhook" ? P.saveService : P.saveSlack}
        </button>
      </Form>
      {view ? <DeliveryLog view={view} kind={kind} /> : null}
    </section>
  );
}

function ButtonForm({
  intent,
  endpointId,
  label,
  busy,
  secondary = false,
}: {
  intent: string;
  endpointId: string;
  label: string;
  busy: boolean;
  secondary?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="endpointId" value={endpointId} />
      <button type="submit" className={secondary ? "secondary" : undefined} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

function DeliveryLog({ view, kind }: { view: DestinationView; kind: NotificationKind }) {
  if (view.log.length === 0) return <p className="muted">{P.logEmpty}</p>;
  return (
    <table className="list" data-testid={`destination-${kind}-log`}>
      <caption className="muted">{P.logHeading}</caption>
      <thead>
        <tr>
          <th scope="col">{P.logWhen}</th>
          <th scope="col">{P.logWhat}</th>
          <th scope="col">{P.logOutcome}</th>
          <th scope="col">{P.logTries}</th>
        </tr>
      </thead>
      <tbody>
        {view.log.map((row) => (
          <tr key={row.id}>
            <td>
              <time dateTime={row.whenIso}>{row.when}</time>
            </td>
            <td>{row.what}</td>
            <td>{row.outcome}</td>
            <td>{row.tries}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
