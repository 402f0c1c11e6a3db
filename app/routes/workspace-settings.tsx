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
import { FieldProblem, FormSummary, useIntentForm } from "../components/form-kit";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { deploymentDefaultsSchema } from "../forms/deployment-defaults-form";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const head = page.head;
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
  const form = await readIntentForm(request, { save: schema });
  if (!form.intent) return unknownForm("save");
  const { intent, submission } = form;
  const decision = may(page, "manage:settings");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  if (submission.status !== "success") return invalid(intent, submission);
  const defaults = submission.value;
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
    </>
  );
}
