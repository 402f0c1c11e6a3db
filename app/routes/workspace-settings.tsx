import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/workspace-settings";
import { getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { settingsChoices } from "../forms/resource-choices";
import { deploymentDefaultsToSettings, readDeploymentDefaults } from "../forms/deployment-defaults";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FormMessage } from "../components/form-message";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { readDeploymentDefaultsForm } from "../forms/deployment-defaults-form";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const head = page.head;
  const manage = may(page, "manage:settings");
  const choices = settingsChoices(getPlan(page.workspace.billingPlanId));
  if (!manage.allowed && manage.code !== "workspace_paused")
    return { head, gate: page.gate, trouble: null, refusal: manage.message, values: null, choices };
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, refusal: null, values: null, choices };
  const read = await withOpenBerth(rc, page.workspace, (client) => client.getSettings());
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, refusal: null, values: null, choices };
  return { head, gate: page.gate, trouble: null, refusal: null, choices, values: readDeploymentDefaults(read.value) };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const reply = (r: { formError?: string; done?: string }, status = 200) => data(r, { status });
  const decision = may(page, "manage:settings");
  if (!decision.allowed) return reply({ formError: decision.message }, 403);
  if (!page.gate.open) return reply({ formError: page.gate.description }, 409);
  const form = await request.formData().catch(() => new FormData());
  const defaults = readDeploymentDefaultsForm(form, settingsChoices(getPlan(page.workspace.billingPlanId)));
  if (!defaults.ok) return reply({ formError: defaults.message }, 400);
  const done = await withOpenBerth(rc, page.workspace, (client) =>
    client.setSettings(deploymentDefaultsToSettings(defaults.value)),
  );
  if (!done.ok) return reply({ formError: done.message }, 400);
  rc.log.info("workspace.settings_saved", { workspaceId: page.workspace.id });
  return reply({ done: "Settings saved. They apply to what's put online from now on." });
}

export const meta: Route.MetaFunction = () => [{ title: "Settings · Harbor" }];

export default function Settings({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const base = `/workspaces/${l.head.slug}`;
  const v = l.values;
  return (
    <>
      <h1>Settings</h1>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/settings`} /> : null}
      <FormMessage error={actionData?.formError} done={actionData?.done} />
      {v ? (
        <Form method="post" className="card">
          <h2>New deployments get</h2>
          <div className="grid-2">
            <SelectField
              id="settings-memory"
              name="memory"
              label="Memory"
              choices={l.choices.memory}
              defaultValue={v.memory}
              first={{ value: "", label: "Standard (512 MB)" }}
            />
            <SelectField
              id="settings-cpus"
              name="cpus"
              label="Processor"
              choices={l.choices.cpus}
              defaultValue={v.cpus}
              first={{ value: "", label: "Standard (half a processor core)" }}
            />
          </div>
          <h2>Network allowance</h2>
          <p className="muted">
            How much each deployment may send to its visitors. When it runs out, visitors see a "temporarily unavailable" page
            until the next period.
          </p>
          <p>
            <label>
              <input type="checkbox" name="quotaOn" defaultChecked={v.quotaOn} /> Limit what each new deployment may send
            </label>
          </p>
          <div className="grid-2">
            <SelectField
              id="settings-quota"
              name="quota"
              label="Allowance"
              choices={l.choices.quota}
              defaultValue={v.quota}
              first={{ value: "", label: "Choose…" }}
            />
            <SelectField id="settings-reset" name="reset" label="Starts again" choices={l.choices.reset} defaultValue={v.reset} />
          </div>
          <button type="submit" disabled={busy}>
            Save settings
          </button>
        </Form>
      ) : null}
    </>
  );
}
