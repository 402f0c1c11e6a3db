import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/access-key";
import { isAccessKeyName } from "../../domain/openberth/ids";
import { getRequestContext } from "../../server/bindings/request-context";
import { clearAndRemoveUser } from "../.server/openberth/remove-access-key";
import { userClient, withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { CliSetup } from "../components/cli-setup";
import { FormMessage } from "../components/form-message";
import { UnreachableNotice } from "../components/server-gate-notice";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../lib/openberth-dates";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "manage:access-key");
  const name = params.userName;
  if (!isAccessKeyName(name)) throw data(null, { status: 404 });
  const head = page.head;
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, user: null };
  const read = await withOpenBerth(rc, page.workspace, async (client) => {
    const user = (await client.listUsers()).users.find((u) => u.name === name && u.role !== "admin");
    if (!user) return null;
    const owned = (await client.listDeployments(user.id)).deployments;
    return { user, owned: owned.map((d) => ({ id: d.id, name: d.title || d.name, sandbox: d.mode === "sandbox" })) };
  });
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, user: null };
  if (!read.value) throw data(null, { status: 404 });
  const created = parseOpenBerthDate(read.value.user.createdAt);
  return {
    head,
    gate: page.gate,
    trouble: null,
    user: { name: read.value.user.name, created: created ? formatDate(created, rc.timeZone) : "", owned: read.value.owned },
    endpoint: page.workspace.endpointUrl,
  };
}

type Result = {
  intent: string;
  formError?: string;
  rotatedKey?: string;
  blockers?: { deployments: number; userSecrets: number; createdGlobals: number };
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const name = params.userName;
  if (!isAccessKeyName(name)) throw data(null, { status: 404 });
  const form = await request.formData().catch(() => new FormData());
  const intent = String(form.get("intent") ?? "");
  const reply = (r: Omit<Result, "intent">, status = 200) => data<Result>({ intent, ...r }, { status });
  const decision = may(page, "manage:access-key");
  if (!decision.allowed) return reply({ formError: decision.message }, 403);
  if (!page.gate.open) return reply({ formError: page.gate.description }, 409);
  const base = `/workspaces/${page.workspace.slug}/access-keys`;

  if (intent === "rotate") {
    const done = await withOpenBerth(rc, page.workspace, (client) => client.rotateUserKey(name));
    if (!done.ok) return reply({ formError: done.message }, done.kind === "not_found" ? 404 : 400);
    rc.log.info("openberth_user.key_rotated", { workspaceId: page.workspace.id, name });
    return reply({ rotatedKey: done.value.apiKey });
  }
  if (intent === "delete") {
    const done = await withOpenBerth(rc, page.workspace, async (client) => {
      try {
        await client.deleteUser(name);
        return { removed: true as const };
      } catch (error) {
        const blockers = (error as { blockers?: Result["blockers"] | null }).blockers;
        if (blockers) return { removed: false as const, blockers };
        throw error;
      }
    });
    if (!done.ok) return reply({ formError: done.message }, 400);
    if (!done.value.removed) return reply({ blockers: done.value.blockers }, 409);
    rc.log.info("openberth_user.deleted", { workspaceId: page.workspace.id, name });
    return redirect(base);
  }
  if (intent === "clear-and-delete") {
    if (form.get("confirm") !== "yes") return reply({ formError: "Tick the box to confirm." }, 400);
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      clearAndRemoveUser(client, name, (key) => userClient(page.workspace, key)),
    );
    if (!done.ok) return reply({ formError: done.message }, 400);
    if (!done.value.removed)
      return reply(
        { blockers: done.value.remaining, formError: "Something was added while we were clearing. Please look again." },
        409,
      );
    rc.log.info("openberth_user.cleared_and_deleted", { workspaceId: page.workspace.id, name, ...done.value.cleared });
    return redirect(base);
  }
  return reply({ formError: "That didn't work. Please try again." }, 400);
}

export const meta: Route.MetaFunction = ({ params }) => [{ title: `${params.userName} · Access keys · Harbor` }];

export default function AccessKey({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const r = actionData as Result | undefined;
  const base = `/workspaces/${l.head.slug}`;
  const u = l.user;
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/access-keys`} /> : null}
      {u ? (
        <>
          <div className="page-head">
            <h1>{u.name}</h1>
            <Link to={`${base}/access-keys`}>All access keys</Link>
          </div>
          <FormMessage error={r?.formError} />
          {r?.rotatedKey && "endpoint" in l && l.endpoint ? (
            <CliSetup name={u.name} apiKey={r.rotatedKey} endpoint={l.endpoint} fresh={false} />
          ) : null}
          <section className="card">
            <dl className="facts">
              <dt>Created</dt>
              <dd>{u.created}</dd>
              <dt>Has put online</dt>
              <dd>{u.owned.length === 0 ? "Nothing" : u.owned.map((d) => d.name).join(", ")}</dd>
            </dl>
          </section>
          <section className="card" aria-labelledby="rotate-heading">
            <h2 id="rotate-heading">Replace the key</h2>
            <p>The current key stops working at once; anything using it (their berth tool, a build server) needs the new one.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="rotate" />
              <button type="submit" className="secondary" disabled={busy}>
                Replace key
              </button>
            </Form>
          </section>
          <section className="card danger-zone" aria-labelledby="remove-heading">
            <h2 id="remove-heading">Remove {u.name}</h2>
            {r?.blockers ? (
              <div className="notice warn" data-testid="user-blockers">
                <p>
                  <strong>{u.name} still has things in this workspace:</strong>
                </p>
                <ul>
                  {r.blockers.deployments > 0 ? (
                    <li>
                      {r.blockers.deployments === 1
                        ? "1 deployment or sandbox"
                        : `${r.blockers.deployments} deployments and sandboxes`}
                    </li>
                  ) : null}
                  {r.blockers.createdGlobals > 0 ? (
                    <li>
                      {r.blockers.createdGlobals === 1
                        ? "1 secret shared with everyone"
                        : `${r.blockers.createdGlobals} secrets shared with everyone`}
                    </li>
                  ) : null}
                  {r.blockers.userSecrets > 0 ? (
                    <li>{r.blockers.userSecrets === 1 ? "1 personal secret" : `${r.blockers.userSecrets} personal secrets`}</li>
                  ) : null}
                </ul>
                <p>
                  We can remove all of it, then {u.name}. Their deployments go offline for good. To remove their personal secrets
                  we have to replace their key first, so <strong>their berth tool stops working at once</strong>.
                </p>
                <Form method="post">
                  <input type="hidden" name="intent" value="clear-and-delete" />
                  <p>
                    <label>
                      <input type="checkbox" name="confirm" value="yes" required /> Yes, remove everything of {u.name}'s, then{" "}
                      {u.name}
                    </label>
                  </p>
                  <button type="submit" className="danger" disabled={busy}>
                    Remove everything and {u.name}
                  </button>
                </Form>
              </div>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <p>Their key stops working at once.</p>
                <button type="submit" className="danger" disabled={busy}>
                  Remove {u.name}
                </button>
              </Form>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
