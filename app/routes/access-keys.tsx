import { getFormProps } from "@conform-to/react";
import { Form, href, Link, useNavigation } from "react-router";
import type { Route } from "./+types/access-keys";
import { keyMeansNever, keyTtlHours } from "../../domain/openberth/lifetime";
import { now } from "../../domain/clock";
import { recordKeyCreator } from "../../server/repositories/people";
import { getPlan } from "../../domain/plans/catalog";
import { accessKeyDeploymentLimit, UNLIMITED_DEPLOYMENTS } from "../../domain/openberth/resource-options";
import { ACCESS_KEYS_PAGE as W, lifetimeLabel, ttlLabel } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { CliSetup } from "../components/cli-setup";
import { FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { UnreachableNotice } from "../components/server-gate-notice";
import { createAccessKeySchema } from "../forms/access-key-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../../domain/openberth/dates";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const manage = may(page, "manage:access-key");
  const head = page.head;
  if (!manage.allowed && manage.code !== "workspace_paused") {
    return { head, gate: page.gate, trouble: null, users: [], canManage: false, refusal: manage.message, endpoint: null };
  }
  if (!page.gate.open)
    return { head, gate: page.gate, trouble: null, users: [], canManage: false, refusal: null, endpoint: null };
  const listed = await withOpenBerth(rc, page.workspace, (client) => client.listUsers());
  if (!listed.ok)
    return { head, gate: page.gate, trouble: listed.message, users: [], canManage: false, refusal: null, endpoint: null };
  const users = listed.value.users
    .filter((u) => u.role !== "admin")
    .map((u) => {
      const created = parseOpenBerthDate(u.createdAt);
      return {
        name: u.name,
        created: created ? formatDate(created, rc.timeZone) : "",
        limit: u.maxDeployments,
        // Fixed when the key was made (OpenBerth's per-user default).
        lifetime: keyMeansNever(u.defaultTtlHours) ? ttlLabel("0") : lifetimeLabel(u.defaultTtlHours),
      };
    });
  return {
    head,
    gate: page.gate,
    trouble: null,
    users,
    canManage: manage.allowed,
    refusal: null,
    endpoint: page.workspace.endpointUrl,
  };
}

type NewKey = { name: string; key: string };

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const form = await readIntentForm(request, { create: createAccessKeySchema });
  if (!form.intent) return unknownForm("create");
  const { intent, submission } = form;
  const decision = may(page, "manage:access-key");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  if (submission.status !== "success") return invalid(intent, submission);
  const plan = getPlan(page.workspace.billing.planId);
  const created = await withOpenBerth(rc, page.workspace, (client) =>
    client.createUser({
      name: submission.value.name,
      maxDeployments: plan ? accessKeyDeploymentLimit(plan) : 1,
      // Fixed for the key's life; "never" is kept by the 5-minute pass (domain/openberth/lifetime.ts).
      ttlHours: keyTtlHours(page.workspace.defaultTtl),
    }),
  );
  if (!created.ok) return refused(intent, submission, created.message);
  rc.log.info("openberth_user.created", { workspaceId: page.workspace.id, name: created.value.name });
  // Keys outlive the dashboard: remember who made it, for when they leave (issue 15).
  await recordKeyCreator(rc.db, page.workspace.id, created.value.name, page.account.id, now());
  // The key appears in this answer only: it is not stored, logged or shown again.
  const key: NewKey = { name: created.value.name, key: created.value.apiKey };
  return succeeded(intent, submission, W.created(created.value.name), { created: key });
}

export const meta: Route.MetaFunction = () => [{ title: W.documentTitle }];

export default function AccessKeys({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const slug = l.head.slug;
  const { form, fields, done } = useIntentForm("create", createAccessKeySchema, actionData);
  const created = actionData && "created" in actionData ? (actionData.created as NewKey) : null;
  return (
    <>
      <h1>{W.title}</h1>
      <p className="lede">
        {W.ledeBefore} <code>berth</code> {W.ledeAfter}
      </p>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={href("/workspaces/:slug/access-keys", { slug })} /> : null}
      {created && l.endpoint ? <CliSetup name={created.name} apiKey={created.key} endpoint={l.endpoint} fresh /> : null}
      {l.canManage ? (
        <section className="card" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">{W.newKeyHeading}</h2>
          <FormSummary form={form} done={done} />
          <Form method="post" className="inline-form" autoComplete="off" {...getFormProps(form)}>
            <input type="hidden" name="intent" value="create" />
            <TextField field={fields.name} label={W.name} required maxLength={40} placeholder={W.nameExample} />
            <button type="submit" disabled={busy}>
              {W.create}
            </button>
          </Form>
        </section>
      ) : null}
      {l.users.length > 0 ? (
        <table className="list">
          <caption className="muted">{W.listCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{W.nameColumn}</th>
              <th scope="col">{W.createdColumn}</th>
              <th scope="col">{W.limitColumn}</th>
              <th scope="col">{W.lifetimeColumn}</th>
            </tr>
          </thead>
          <tbody>
            {l.users.map((u) => (
              <tr key={u.name} data-testid="access-key-row">
                <td>
                  {l.canManage ? (
                    <Link to={href("/workspaces/:slug/access-keys/:userName", { slug, userName: encodeURIComponent(u.name) })}>
                      {u.name}
                    </Link>
                  ) : (
                    u.name
                  )}
                </td>
                <td data-label={W.createdColumn}>{u.created}</td>
                <td data-label={W.limitColumn}>{u.limit >= UNLIMITED_DEPLOYMENTS ? W.noLimit : u.limit}</td>
                <td data-label={W.lifetimeColumn}>{u.lifetime}</td>
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
