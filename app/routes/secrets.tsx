import { Form, href, useNavigation } from "react-router";
import type { Route } from "./+types/secrets";
import { SECRETS_PAGE as W } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { getCollectionProps, getFormProps } from "@conform-to/react";
import { AnswerMessage, FieldProblem, FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { askToConfirm, isConfirmed } from "../.server/forms/confirm";
import { ConfirmStep } from "../components/confirm-step";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { UnreachableNotice } from "../components/server-gate-notice";
import { deleteSecretSchema, setSecretSchema } from "../forms/secret-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../../domain/openberth/dates";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const head = page.head;
  const manage = may(page, "manage:secret");
  if (!manage.allowed && manage.code !== "workspace_paused")
    return { head, gate: page.gate, trouble: null, refusal: manage.message, secrets: [], canManage: false };
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, refusal: null, secrets: [], canManage: false };
  const listed = await withOpenBerth(rc, page.workspace, (client) => client.listSecrets());
  if (!listed.ok) return { head, gate: page.gate, trouble: listed.message, refusal: null, secrets: [], canManage: false };
  const secrets = listed.value.secrets.map((s) => {
    const updated = parseOpenBerthDate(s.updatedAt);
    return {
      name: s.name,
      scope: s.scope === "global" ? ("global" as const) : ("dashboard" as const),
      description: s.description,
      updated: updated ? formatDate(updated, rc.timeZone, "datetime") : "",
    };
  });
  return { head, gate: page.gate, trouble: null, refusal: null, secrets, canManage: manage.allowed };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const form = await readIntentForm(request, { set: setSecretSchema, delete: deleteSecretSchema });
  if (!form.intent) return unknownForm("set");
  const { intent, submission } = form;
  const decision = may(page, "manage:secret");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });

  if (form.intent === "set") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const { name, value, description, scope } = form.submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.setSecret({ name, value, description: description || undefined, global: scope === "global" }),
    );
    if (!done.ok) return refused(intent, submission, done.message);
    rc.log.info("secret.set", { workspaceId: page.workspace.id, secret: name, created: done.value.created });
    return succeeded(intent, submission, W.saved(name, done.value.created, done.value.restarted ?? []));
  }
  if (form.submission.status !== "success") return invalid(intent, submission);
  const { name, scope } = form.submission.value;
  // Deleting asks once more before anything goes.
  if (!isConfirmed(submission))
    return askToConfirm(intent, submission, { question: W.deleteAsk(name), consequences: [W.deleteAskLine], yes: W.deleteYes });
  const done = await withOpenBerth(rc, page.workspace, (client) => client.deleteSecret(name, scope === "global"));
  if (!done.ok) return refused(intent, submission, done.message);
  rc.log.info("secret.deleted", { workspaceId: page.workspace.id, secret: name });
  return succeeded(intent, submission, W.deleted(name));
}

export const meta: Route.MetaFunction = () => [{ title: W.documentTitle }];

export default function Secrets({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const here = href("/workspaces/:slug/secrets", { slug: l.head.slug });
  const { form, fields, done } = useIntentForm("set", setSecretSchema, actionData, { defaultValue: { scope: "global" } });
  return (
    <>
      <h1>{W.title}</h1>
      <p className="lede">{W.lede}</p>
      <p className="muted">{W.personal}</p>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={here} /> : null}
      <AnswerMessage answer={actionData} intents={["delete"]} />
      <ConfirmStep answer={actionData} />
      {l.canManage ? (
        <section className="card" aria-labelledby="set-secret-heading">
          <h2 id="set-secret-heading">{W.setHeading}</h2>
          <FormSummary form={form} done={done} />
          <Form method="post" autoComplete="off" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="set" />
            <div className="grid-2">
              <TextField field={fields.name} label={W.name} maxLength={100} placeholder={W.nameExample} spellCheck={false} />
              <TextField field={fields.value} label={W.value} type="password" autoComplete="new-password" />
            </div>
            <TextField field={fields.description} label={W.note} maxLength={200} />
            <fieldset className="choices" aria-invalid={fields.scope.errors ? true : undefined}>
              <legend>{W.whoCanUse}</legend>
              {getCollectionProps(fields.scope, { type: "radio", options: ["global", "dashboard"] }).map((props) => (
                <label className="choice" key={props.key}>
                  <input {...props} key={undefined} /> {props.value === "global" ? W.everyoneChoice : W.dashboardChoice}
                </label>
              ))}
              <FieldProblem field={fields.scope} />
            </fieldset>
            <button type="submit" disabled={busy}>
              {W.save}
            </button>
          </Form>
        </section>
      ) : null}
      {l.secrets.length > 0 ? (
        <table className="list">
          <caption className="muted">{W.listCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{W.nameColumn}</th>
              <th scope="col">{W.whoColumn}</th>
              <th scope="col">{W.noteColumn}</th>
              <th scope="col">{W.changedColumn}</th>
              {l.canManage ? (
                <th scope="col">
                  <span className="sr-only">{W.actionsColumn}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {l.secrets.map((s) => (
              <tr key={`${s.scope}:${s.name}`} data-testid="secret-row">
                <td>
                  <code>{s.name}</code>
                </td>
                <td>{s.scope === "global" ? W.everyone : W.dashboardOnly}</td>
                <td>{s.description}</td>
                <td>{s.updated}</td>
                {l.canManage ? (
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="name" value={s.name} />
                      <input type="hidden" name="scope" value={s.scope} />
                      <button type="submit" className="link" aria-label={W.deleteLabel(s.name)}>
                        {W.delete}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : l.gate.open && !l.trouble && !l.refusal ? (
        <p className="muted">{W.none}</p>
      ) : null}
    </>
  );
}
