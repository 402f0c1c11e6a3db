import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/workspace-settings";
import { cpuChoices, memoryChoices, networkQuotaChoices, QUOTA_RESET_CHOICES } from "../../domain/openberth/resource-options";
import { getPlan } from "../../domain/plans/catalog";
import { formatProcessorCores, formatSize } from "../../domain/vocabulary";
import { getRequestContext } from "../.server/context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { loadWorkspacePage, may } from "../.server/workspaces/workspace-page";
import { FormMessage } from "../components/form-message";
import { SelectField } from "../components/select-field";
import { ServerGateNotice, UnreachableNotice } from "../components/server-gate-notice";
import { WorkspaceNav } from "../components/workspace-nav";

/**
 * The only OpenBerth settings a customer controls: defaults for new deployments and the
 * network allowance. Sign-in (oidc.*) and session settings are never offered or sent.
 */
const KEYS = {
  memory: "container.default_memory",
  cpus: "container.default_cpus",
  quotaOn: "network.quota_enabled",
  quota: "network.default_quota",
  reset: "network.quota_reset_interval",
} as const;

function choicesFor(planId: string) {
  const plan = getPlan(planId);
  return {
    memory: plan ? memoryChoices(plan).map((v) => ({ value: v, label: formatSize(v) })) : [],
    cpus: plan ? cpuChoices(plan).map((v) => ({ value: String(v), label: formatProcessorCores(v) })) : [],
    quota: plan ? networkQuotaChoices(plan).map((v) => ({ value: v, label: `${formatSize(v)} a month` })) : [],
    reset: QUOTA_RESET_CHOICES.map((v) => ({ value: v, label: v === "7d" ? "Every week" : "Every month" })),
  };
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = await loadWorkspacePage(rc, request, params.slug, "view:workspace");
  const head = page.head;
  const manage = may(page, "manage:settings");
  const choices = choicesFor(page.workspace.billingPlanId);
  if (!manage.allowed && manage.code !== "workspace_paused")
    return { head, gate: page.gate, trouble: null, refusal: manage.message, values: null, choices };
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, refusal: null, values: null, choices };
  const read = await withOpenBerth(rc, page.workspace, (client) => client.getSettings());
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, refusal: null, values: null, choices };
  const s = read.value;
  return {
    head,
    gate: page.gate,
    trouble: null,
    refusal: null,
    choices,
    values: {
      memory: s[KEYS.memory] ?? "",
      cpus: s[KEYS.cpus] ?? "",
      quotaOn: s[KEYS.quotaOn] === "true",
      quota: s[KEYS.quota] ?? "",
      reset: s[KEYS.reset] || "30d",
    },
  };
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = await loadWorkspacePage(rc, request, params.slug, "view:workspace");
  const reply = (r: { formError?: string; done?: string }, status = 200) => data(r, { status });
  const decision = may(page, "manage:settings");
  if (!decision.allowed) return reply({ formError: decision.message }, 403);
  if (!page.gate.open) return reply({ formError: page.gate.description }, 409);
  const form = await request.formData().catch(() => new FormData());
  const choices = choicesFor(page.workspace.billingPlanId);
  const pick = (field: string, allowed: { value: string }[]) => {
    const value = String(form.get(field) ?? "");
    return value === "" || allowed.some((c) => c.value === value) ? value : null;
  };
  const memory = pick("memory", choices.memory);
  const cpus = pick("cpus", choices.cpus);
  const quota = pick("quota", choices.quota);
  const reset = pick("reset", choices.reset);
  if (memory === null || cpus === null || quota === null || reset === null) {
    return reply(
      { formError: "One of those choices isn't included in this workspace's plan. Please choose from the lists." },
      400,
    );
  }
  const quotaOn = form.get("quotaOn") === "on";
  if (quotaOn && !quota) return reply({ formError: "Choose the monthly allowance, or switch the allowance off." }, 400);
  const done = await withOpenBerth(rc, page.workspace, (client) =>
    client.setSettings({
      [KEYS.memory]: memory,
      [KEYS.cpus]: cpus,
      [KEYS.quotaOn]: quotaOn ? "true" : "false",
      [KEYS.quota]: quota,
      [KEYS.reset]: reset || "30d",
    }),
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
      <WorkspaceNav slug={l.head.slug} name={l.head.name} />
      <h1>Settings</h1>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {!l.gate.open ? <ServerGateNotice gate={l.gate} retryHref={`${base}/settings`} /> : null}
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
