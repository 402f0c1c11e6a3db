import { data, Form, useNavigation } from "react-router";
import type { Route } from "./+types/secrets";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FormMessage } from "../components/form-message";
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

type Result = { formError?: string; done?: string; confirm?: { name: string; scope: "global" | "dashboard" } };

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const reply = (r: Result, status = 200) => data<Result>(r, { status });
  const decision = may(page, "manage:secret");
  if (!decision.allowed) return reply({ formError: decision.message }, 403);
  if (!page.gate.open) return reply({ formError: page.gate.description }, 409);
  const values = Object.fromEntries(await request.formData().catch(() => new FormData()));

  if (values.intent === "set") {
    const parsed = setSecretSchema.safeParse(values);
    if (!parsed.success) return reply({ formError: parsed.error.issues[0]?.message ?? "Please check the form." }, 400);
    const { name, value, description, scope } = parsed.data;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.setSecret({ name, value, description: description || undefined, global: scope === "global" }),
    );
    if (!done.ok) return reply({ formError: done.message }, 400);
    rc.log.info("secret.set", { workspaceId: page.workspace.id, secret: name, created: done.value.created });
    const restarted = done.value.restarted?.length ? ` Restarted to pick it up: ${done.value.restarted.join(", ")}.` : "";
    return reply({ done: `${done.value.created ? "Saved" : "Updated"} ${name}.${restarted}` });
  }
  const parsed = deleteSecretSchema.safeParse(values);
  if (!parsed.success) return reply({ formError: "That didn't work. Please try again." }, 400);
  const { name, scope } = parsed.data;
  if (parsed.data.intent === "delete") return reply({ confirm: { name, scope } });
  const done = await withOpenBerth(rc, page.workspace, (client) => client.deleteSecret(name, scope === "global"));
  if (!done.ok) return reply({ formError: done.message }, 400);
  rc.log.info("secret.deleted", { workspaceId: page.workspace.id, secret: name });
  return reply({ done: `Deleted ${name}.` });
}

export const meta: Route.MetaFunction = () => [{ title: "Secrets · Harbor" }];

export default function Secrets({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const base = `/workspaces/${l.head.slug}`;
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
      <FormMessage error={actionData?.formError} done={actionData?.done} />
      {actionData?.confirm ? (
        <section className="notice warn" role="alert">
          <p>
            Delete <strong>{actionData.confirm.name}</strong>? Apps that use it won't get it the next time they start.
          </p>
          <Form method="post" className="row-actions">
            <input type="hidden" name="intent" value="delete-confirmed" />
            <input type="hidden" name="name" value={actionData.confirm.name} />
            <input type="hidden" name="scope" value={actionData.confirm.scope} />
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
          <Form method="post" autoComplete="off">
            <input type="hidden" name="intent" value="set" />
            <div className="grid-2">
              <div className="field">
                <label htmlFor="secret-name">Name</label>
                <input
                  id="secret-name"
                  name="name"
                  type="text"
                  required
                  maxLength={100}
                  placeholder="e.g. MAIL_API_KEY"
                  spellCheck={false}
                />
              </div>
              <div className="field">
                <label htmlFor="secret-value">Value</label>
                <input id="secret-value" name="value" type="password" required autoComplete="new-password" />
              </div>
            </div>
            <div className="field">
              <label htmlFor="secret-description">Note (optional)</label>
              <input id="secret-description" name="description" type="text" maxLength={200} />
            </div>
            <fieldset className="choices">
              <legend>Who can use it</legend>
              <label className="choice">
                <input type="radio" name="scope" value="global" defaultChecked /> Everyone in this workspace, including access
                keys
              </label>
              <label className="choice">
                <input type="radio" name="scope" value="dashboard" /> Only what's put online from this dashboard
              </label>
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
