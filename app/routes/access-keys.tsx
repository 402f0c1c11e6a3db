import { data, Form, Link, useNavigation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/access-keys";
import { getPlan } from "../../domain/plans/catalog";
import { accessKeyDeploymentLimit, UNLIMITED_DEPLOYMENTS } from "../../domain/openberth/resource-options";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { CliSetup } from "../components/cli-setup";
import { FormMessage } from "../components/form-message";
import { UnreachableNotice } from "../components/server-gate-notice";
import { accessKeyName } from "../forms/access-key-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../lib/openberth-dates";

export async function loader({ request, params, context }: Route.LoaderArgs) {
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
      return { name: u.name, created: created ? formatDate(created, rc.timeZone) : "", limit: u.maxDeployments };
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

const createSchema = z.object({ name: accessKeyName });

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const refuse = (formError: string, status: number) => data({ formError, created: null }, { status });
  const decision = may(page, "manage:access-key");
  if (!decision.allowed) return refuse(decision.message, 403);
  if (!page.gate.open) return refuse(page.gate.description, 409);
  const parsed = createSchema.safeParse(Object.fromEntries(await request.formData().catch(() => new FormData())));
  if (!parsed.success) return refuse(parsed.error.issues[0]?.message ?? "Please check the name.", 400);
  const plan = getPlan(page.workspace.billingPlanId);
  const created = await withOpenBerth(rc, page.workspace, (client) =>
    client.createUser({ name: parsed.data.name, maxDeployments: plan ? accessKeyDeploymentLimit(plan) : 1 }),
  );
  if (!created.ok) return refuse(created.message, 400);
  rc.log.info("openberth_user.created", { workspaceId: page.workspace.id, name: created.value.name });
  // The key appears in this answer only: it is not stored, logged or shown again.
  return data({ formError: null, created: { name: created.value.name, key: created.value.apiKey } });
}

export const meta: Route.MetaFunction = () => [{ title: "Access keys · Harbor" }];

export default function AccessKeys({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const base = `/workspaces/${l.head.slug}`;
  return (
    <>
      <h1>Access keys</h1>
      <p className="lede">
        Each person or tool that uses this workspace from a terminal — the <code>berth</code> command-line tool, a build server,
        an AI assistant — gets its own name and key. Keys can be replaced or taken away at any time.
      </p>
      {l.refusal ? <p className="notice warn">{l.refusal}</p> : null}
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/access-keys`} /> : null}
      <FormMessage error={actionData?.formError} />
      {actionData?.created && l.endpoint ? (
        <CliSetup name={actionData.created.name} apiKey={actionData.created.key} endpoint={l.endpoint} fresh />
      ) : null}
      {l.canManage ? (
        <section className="card" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">New access key</h2>
          <Form method="post" className="inline-form">
            <div className="field">
              <label htmlFor="user-name">Who or what is it for?</label>
              <input
                id="user-name"
                name="name"
                type="text"
                required
                maxLength={40}
                placeholder="e.g. laptop"
                autoComplete="off"
              />
            </div>
            <button type="submit" disabled={busy}>
              Create key
            </button>
          </Form>
        </section>
      ) : null}
      {l.users.length > 0 ? (
        <table className="list">
          <caption className="muted">Names with a key to this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Created</th>
              <th scope="col">Deployments allowed</th>
            </tr>
          </thead>
          <tbody>
            {l.users.map((u) => (
              <tr key={u.name} data-testid="access-key-row">
                <td>{l.canManage ? <Link to={`${base}/access-keys/${encodeURIComponent(u.name)}`}>{u.name}</Link> : u.name}</td>
                <td>{u.created}</td>
                <td>{u.limit >= UNLIMITED_DEPLOYMENTS ? "No limit" : u.limit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : l.gate.open && !l.trouble && !l.refusal ? (
        <p className="muted">No access keys yet. The dashboard itself doesn't need one.</p>
      ) : null}
    </>
  );
}
