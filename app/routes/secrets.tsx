import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/secrets";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { getFormProps, getInputProps } from "@conform-to/react";
import { AnswerMessage, FieldProblem, FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { UnreachableNotice } from "../components/server-gate-notice";
import { deleteSecretSchema, setSecretSchema } from "../forms/secret-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../lib/openberth-dates";

export async function loader({ request, params, context }: Route.LoaderArgs) {
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
  const form = await readIntentForm(request, {
    set: setSecretSchema,
    delete: deleteSecretSchema,
    "delete-confirmed": deleteSecretSchema,
  });
  if (!form.intent) return unknownForm("set");
  const { intent, submission } = form;
  const decision = may(page, "manage:secret");
  if (!decision.allowed) return refused(intent, submission, decision.message, 403);
  if (!page.gate.open) return refused(intent, submission, page.gate.description, 409);

  if (form.intent === "set") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const { name, value, description, scope } = form.submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.setSecret({ name, value, description: description || undefined, global: scope === "global" }),
    );
    if (!done.ok) return refused(intent, submission, done.message);
    rc.log.info("secret.set", { workspaceId: page.workspace.id, secret: name, created: done.value.created });
    const restarted = done.value.restarted?.length ? ` Restarted to pick it up: ${done.value.restarted.join(", ")}.` : "";
    return succeeded(intent, submission, `${done.value.created ? "Saved" : "Updated"} ${name}.${restarted}`);
  }
  if (form.submission.status !== "success") return invalid(intent, submission);
  const { name, scope } = form.submission.value;
  // Deleting asks once more before anything goes.
  if (form.intent === "delete") return data({ intent, result: submission.reply(), confirm: { name, scope } });
  const done = await withOpenBerth(rc, page.workspace, (client) => client.deleteSecret(name, scope === "global"));
  if (!done.ok) return refused(intent, submission, done.message);
  rc.log.info("secret.deleted", { workspaceId: page.workspace.id, secret: name });
  return succeeded(intent, submission, `Deleted ${name}.`);
}

export const meta: Route.MetaFunction = () => [{ title: "Secrets · Harbor" }];

export default function Secrets({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const base = `/workspaces/${l.head.slug}`;
  const { form, fields, done } = useIntentForm("set", setSecretSchema, actionData, { defaultValue: { scope: "global" } });
  const confirm = actionData && "confirm" in actionData ? actionData.confirm : null;
  return (
    <>
      <h1>Secrets</h1>
      <p className="lede">
        Passwords and tokens your apps need, such as an email service's key. Apps read them as settings when they start; nobody
        can read a value back once it's saved — not even you.
      </p>
      <p className="muted">
        Each person with an access key can also keep personal secrets from their own berth tool. Those are theirs alone and aren't
        shown here.
      </p>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/secrets`} /> : null}
      <AnswerMessage answer={actionData} intents={["delete", "delete-confirmed"]} />
      {confirm ? (
        <section className="notice warn" role="alert">
          <p>
            Delete <strong>{confirm.name}</strong>? Apps that use it won't get it the next time they start.
          </p>
          <Form method="post" className="row-actions">
            <input type="hidden" name="intent" value="delete-confirmed" />
            <input type="hidden" name="name" value={confirm.name} />
            <input type="hidden" name="scope" value={confirm.scope} />
            <button type="submit" className="danger" disabled={busy}>
              Yes, delete it
            </button>
            <a href={`${base}/secrets`}>Keep it</a>
          </Form>
        </section>
      ) : null}
      {l.canManage ? (
        <section className="card" aria-labelledby="set-secret-heading">
          <h2 id="set-secret-heading">Add or change a secret</h2>
          <FormSummary form={form} done={done} />
          <Form method="post" autoComplete="off" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="set" />
            <div className="grid-2">
              <TextField field={fields.name} label="Name" maxLength={100} placeholder="e.g. MAIL_API_KEY" spellCheck={false} />
              <TextField field={fields.value} label="Value" type="password" autoComplete="new-password" />
            </div>
            <TextField field={fields.description} label="Note (optional)" maxLength={200} />
            <fieldset className="choices" aria-invalid={fields.scope.errors ? true : undefined}>
              <legend>Who can use it</legend>
              <label className="choice">
                <input {...getInputProps(fields.scope, { type: "radio", value: "global" })} /> Everyone in this workspace,
                including access keys
              </label>
              <label className="choice">
                <input {...getInputProps(fields.scope, { type: "radio", value: "dashboard" })} /> Only what's put online from this
                dashboard
              </label>
              <FieldProblem field={fields.scope} />
            </fieldset>
            <button type="submit" disabled={busy}>
              Save secret
            </button>
          </Form>
        </section>
      ) : null}
      {l.secrets.length > 0 ? (
        <table className="list">
          <caption className="muted">Saved secrets (values are never shown)</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Who can use it</th>
              <th scope="col">Note</th>
              <th scope="col">Changed</th>
              {l.canManage ? (
                <th scope="col">
                  <span className="sr-only">Actions</span>
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
                <td>{s.scope === "global" ? "Everyone" : "Dashboard only"}</td>
                <td>{s.description}</td>
                <td>{s.updated}</td>
                {l.canManage ? (
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="delete" />
                      <input type="hidden" name="name" value={s.name} />
                      <input type="hidden" name="scope" value={s.scope} />
                      <button type="submit" className="link" aria-label={`Delete ${s.name}`}>
                        Delete
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : l.gate.open && !l.trouble && !l.refusal ? (
        <p className="muted">No secrets yet.</p>
      ) : null}
    </>
  );
}
