import { getFormProps, getInputProps } from "@conform-to/react";
import { useMemo } from "react";
import { Form, href, useNavigation } from "react-router";
import type { Route } from "./+types/workspace-settings";
import { getPlan } from "../../domain/plans/catalog";
import { RESOURCE_FIELD_LABELS, SETTINGS_PAGE as W } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { settingsChoices } from "../forms/resource-choices";
import { deploymentDefaultsToSettings, readDeploymentDefaults } from "../forms/deployment-defaults";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { AnswerMessage, FieldProblem, FormSummary, useIntentForm } from "../components/form-kit";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { deploymentDefaultsSchema } from "../forms/deployment-defaults-form";
import { changeWorkspace } from "../.server/workspaces/workspace-changes";
import { DeleteCard } from "../components/delete-card";
import { TextField } from "../components/form-kit";
import { deleteWorkspaceSchema, renameWorkspaceSchema } from "../forms/workspace-forms";
import { WORKSPACE_OVERVIEW_PAGE as P } from "../../domain/vocabulary";
import { workspaceLifetimeSchema } from "../forms/workspace-lifetime-form";
import { resourceChoices } from "../forms/resource-choices";
import { setWorkspaceDefaultTtl } from "../../server/repositories/workspaces";
import { now } from "../../domain/clock";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const head = {
    ...page.head,
    workspaceName: page.workspace.name,
    canRename: may(page, "rename:workspace").allowed && page.workspace.desiredState !== "deleted",
    canDelete: may(page, "delete:workspace").allowed && page.workspace.desiredState !== "deleted",
    lifetime: page.workspace.defaultTtl,
    lifetimeChoices: resourceChoices(undefined).ttl,
    canManage: may(page, "manage:settings").allowed,
  };
  const manage = may(page, "manage:settings");
  const choices = settingsChoices(getPlan(page.workspace.billing.planId));
  if (!manage.allowed && manage.code !== "workspace_paused")
    return { head, gate: page.gate, trouble: null, refusal: manage.message, values: null, choices };
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, refusal: null, values: null, choices };
  const read = await withOpenBerth(rc, page.workspace, (client) => client.getSettings());
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, refusal: null, values: null, choices };
  return { head, gate: page.gate, trouble: null, refusal: null, choices, values: readDeploymentDefaults(read.value) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const schema = deploymentDefaultsSchema(settingsChoices(getPlan(page.workspace.billing.planId)));
  const form = await readIntentForm(request, {
    save: schema,
    lifetime: workspaceLifetimeSchema,
    rename: renameWorkspaceSchema,
    delete: deleteWorkspaceSchema,
  });
  if (!form.intent) return unknownForm("save");
  if (form.intent === "rename" || form.intent === "delete") return changeWorkspace(rc, page, form.intent, form.submission);
  const { intent, submission } = form;
  const decision = may(page, "manage:settings");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  if (form.intent === "lifetime") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const ttl = form.submission.value.ttl;
    await setWorkspaceDefaultTtl(rc.db, page.workspace.id, ttl, now());
    rc.log.info("workspace.default_lifetime_saved", { workspaceId: page.workspace.id, ttl });
    return succeeded(intent, submission, W.lifetimeSaved(ttl));
  }
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  if (form.submission.status !== "success") return invalid(intent, submission);
  const defaults = form.submission.value;
  const done = await withOpenBerth(rc, page.workspace, (client) => client.setSettings(deploymentDefaultsToSettings(defaults)));
  if (!done.ok) return refused(intent, submission, done.message);
  rc.log.info("workspace.settings_saved", { workspaceId: page.workspace.id });
  // The form starts again from what is now saved (the loader reads it back).
  return succeeded(intent, submission, W.saved);
}

export const meta: Route.MetaFunction = () => [{ title: W.documentTitle }];

export default function Settings({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const v = l.values;
  const schema = useMemo(() => deploymentDefaultsSchema(l.choices), [l.choices]);
  const { form, fields, done } = useIntentForm("save", schema, actionData, {
    defaultValue: v ? { ...v, quotaOn: v.quotaOn ? "on" : undefined } : undefined,
  });
  return (
    <>
      <h1>{W.title}</h1>
      {/* An answer to a form that isn't on the page (or has no summary of its own) is said here. */}
      <AnswerMessage
        answer={actionData}
        intents={[
          "delete",
          ...(v ? [] : ["save"]),
          ...(l.head.canManage ? [] : ["lifetime"]),
          ...(l.head.canRename ? [] : ["rename"]),
        ]}
      />
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? (
        <UnreachableNotice message={l.trouble} retryHref={href("/workspaces/:slug/settings", { slug: l.head.slug })} />
      ) : null}
      {v ? (
        <Form method="post" className="card" {...getFormProps(form)}>
          <FormSummary form={form} done={done} />
          <input type="hidden" name="intent" value="save" />
          <h2>{W.newDeploymentsHeading}</h2>
          <div className="grid-2">
            <SelectField
              field={fields.memory}
              label={RESOURCE_FIELD_LABELS.memory}
              choices={l.choices.memory}
              first={{ value: "", label: W.standardMemory }}
            />
            <SelectField
              field={fields.cpus}
              label={RESOURCE_FIELD_LABELS.cpus}
              choices={l.choices.cpus}
              first={{ value: "", label: W.standardProcessor }}
            />
          </div>
          <h2>{W.allowanceHeading}</h2>
          <p className="muted">{W.allowanceExplained}</p>
          <p>
            <label>
              <input {...getInputProps(fields.quotaOn, { type: "checkbox" })} /> {W.allowanceOn}
            </label>
          </p>
          <FieldProblem field={fields.quotaOn} />
          <div className="grid-2">
            <SelectField
              field={fields.quota}
              label={W.allowance}
              choices={l.choices.quota}
              first={{ value: "", label: W.choose }}
            />
            <SelectField field={fields.reset} label={W.startsAgain} choices={l.choices.reset} />
          </div>
          <button type="submit" disabled={busy}>
            {W.save}
          </button>
        </Form>
      ) : null}
      {l.head.canManage ? (
        <LifetimeForm
          key={l.head.lifetime}
          ttl={l.head.lifetime}
          choices={l.head.lifetimeChoices}
          answer={actionData}
          busy={busy}
        />
      ) : null}
      {/* A new name starts the form afresh with it. */}
      {l.head.canRename ? (
        <RenameForm key={l.head.workspaceName} name={l.head.workspaceName} answer={actionData} busy={busy} />
      ) : null}
      {l.head.canDelete ? (
        <DeleteCard
          id="delete-heading"
          heading={P.deleteHeading}
          explained={P.deleteWarning}
          button={P.delete}
          answer={actionData}
          busy={busy}
        />
      ) : null}
    </>
  );
}

function LifetimeForm({
  ttl,
  choices,
  answer,
  busy,
}: {
  ttl: string;
  choices: { value: string; label: string }[];
  answer: unknown;
  busy: boolean;
}) {
  const { form, fields, done } = useIntentForm("lifetime", workspaceLifetimeSchema, answer, { defaultValue: { ttl } });
  return (
    <section className="card" aria-labelledby="lifetime-heading">
      <h2 id="lifetime-heading">{W.lifetimeHeading}</h2>
      <p className="muted">{W.lifetimeExplained}</p>
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="lifetime" />
        <SelectField field={fields.ttl} label={W.lifetimeLabel} choices={choices} />
        <button type="submit" className="secondary" disabled={busy}>
          {W.saveLifetime}
        </button>
      </Form>
      <p className="small muted">{W.lifetimeKeysKeepTheirs}</p>
    </section>
  );
}

function RenameForm({ name, answer, busy }: { name: string; answer: unknown; busy: boolean }) {
  const { form, fields, done } = useIntentForm("rename", renameWorkspaceSchema, answer, { defaultValue: { name } });
  return (
    <section className="card" aria-labelledby="rename-heading">
      <h2 id="rename-heading">{P.renameHeading}</h2>
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rename" />
        <TextField field={fields.name} label={P.name} maxLength={200} autoComplete="off" />
        <button type="submit" className="secondary" disabled={busy}>
          {P.saveName}
        </button>
      </Form>
    </section>
  );
}
