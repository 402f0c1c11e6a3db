import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/sandbox";
import { deploymentStatus, failureExplanation } from "../../domain/openberth/deployment-status";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { getRequestContext } from "../../server/bindings/request-context";
import { resourceChoices } from "../forms/resource-choices";
import type { SandboxChange } from "../../server/openberth/openberth-client";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FormMessage } from "../components/form-message";
import { LiveRefresh } from "../components/live-refresh";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { sandboxChangeSchemas } from "../forms/sandbox-forms";
import { getPlan } from "../../domain/plans/catalog";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  if (!isOpenBerthId(params.sandboxId)) throw data(null, { status: 404 });
  const head = page.head;
  const can = { update: may(page, "update:sandbox").allowed, delete: may(page, "delete:sandbox").allowed };
  const choices = resourceChoices(getPlan(page.workspace.billingPlanId));
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, sandbox: null, can, choices };
  const read = await withOpenBerth(rc, page.workspace, async (client, adminUserId) => {
    const d = await client.getDeployment(params.sandboxId);
    return { d, adminUserId, logs: d.mode === "sandbox" ? (await client.sandboxLogs(d.id, 100)).logs : "" };
  });
  if (!read.ok && read.kind === "not_found") throw data(null, { status: 404 });
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, sandbox: null, can, choices };
  const { d, adminUserId, logs } = read.value;
  if (d.mode !== "sandbox") throw redirect(`/workspaces/${page.workspace.slug}/deployments/${d.id}`);
  const status = deploymentStatus(d, adminUserId);
  return {
    head,
    gate: page.gate,
    trouble: null,
    can,
    choices,
    sandbox: {
      id: d.id,
      name: d.name,
      url: d.url,
      look: status.look,
      live: status.live,
      failure: failureExplanation({ status: d.status, containerStatus: d.containerStatus, mode: d.mode }),
      online: status.online,
      /** OpenBerth takes files and commands only while it runs. */
      running: d.status === "running",
      logs: logs.startsWith("Error fetching logs") ? "" : logs,
    },
  };
}

type Result = { intent: string; formError?: string; done?: string; output?: string; exitCode?: number };

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  if (!isOpenBerthId(params.sandboxId)) throw data(null, { status: 404 });
  const form = await request.formData().catch(() => new FormData());
  const intent = String(form.get("intent") ?? "");
  const reply = (r: Omit<Result, "intent">, status = 200) => data<Result>({ intent, ...r }, { status });
  if (!page.gate.open) return reply({ formError: page.gate.description }, 409);
  const id = params.sandboxId;
  const values = Object.fromEntries(form);

  if (intent === "delete") {
    const decision = may(page, "delete:sandbox");
    if (!decision.allowed) return reply({ formError: decision.message }, 403);
    if (form.get("confirm") !== "yes") return reply({ formError: "Tick the box to confirm you want to delete it." }, 400);
    const done = await withOpenBerth(rc, page.workspace, (client) => client.destroySandbox(id));
    return done.ok ? redirect(`/workspaces/${page.workspace.slug}/deployments`) : reply({ formError: done.message }, 400);
  }
  const decision = may(page, "update:sandbox");
  if (!decision.allowed) return reply({ formError: decision.message }, 403);

  switch (intent) {
    case "write":
    case "remove": {
      let change: SandboxChange;
      if (intent === "write") {
        const parsed = sandboxChangeSchemas.write.safeParse(values);
        if (!parsed.success) return reply({ formError: parsed.error.issues[0]?.message ?? "Please check the file's name." }, 400);
        change = { op: "write", path: parsed.data.path, content: parsed.data.content };
      } else {
        const parsed = sandboxChangeSchemas.remove.safeParse(values);
        if (!parsed.success) return reply({ formError: parsed.error.issues[0]?.message ?? "Please check the file's name." }, 400);
        change = { op: "delete", path: parsed.data.path };
      }
      const done = await withOpenBerth(rc, page.workspace, (client) => client.pushToSandbox(id, [change]));
      if (!done.ok) return reply({ formError: done.message }, 400);
      return reply({
        done: intent === "write" ? `Saved ${change.path}.` : `Removed ${change.path}.`,
        ...(done.value.installOutput ? { output: done.value.installOutput } : {}),
      });
    }
    case "install": {
      const parsed = sandboxChangeSchemas.install.safeParse(values);
      if (!parsed.success) return reply({ formError: parsed.error.issues[0]?.message ?? "Name at least one package." }, 400);
      const done = await withOpenBerth(rc, page.workspace, (client) => client.installInSandbox(id, parsed.data.packages));
      if (!done.ok) return reply({ formError: done.message }, 400);
      const failed = done.value.message.startsWith("Package install failed");
      return reply({
        ...(failed
          ? { formError: "The packages couldn't be installed. The output below says why." }
          : { done: `Installed ${parsed.data.packages.join(", ")}.` }),
        output: done.value.output,
      });
    }
    case "run": {
      const parsed = sandboxChangeSchemas.run.safeParse(values);
      if (!parsed.success) return reply({ formError: parsed.error.issues[0]?.message ?? "Type a command to run." }, 400);
      const done = await withOpenBerth(rc, page.workspace, (client) => client.execInSandbox(id, parsed.data.command));
      if (!done.ok) return reply({ formError: done.message }, 400);
      return reply({ output: done.value.output, exitCode: done.value.exitCode });
    }
    case "promote": {
      const parsed = sandboxChangeSchemas.promote.safeParse(values);
      if (!parsed.success)
        return reply({ formError: parsed.error.issues[0]?.message ?? "Please choose how long it should stay online." }, 400);
      const done = await withOpenBerth(rc, page.workspace, (client) => client.promoteSandbox(id, { ttl: parsed.data.ttl }));
      if (!done.ok) return reply({ formError: done.message }, 400);
      rc.log.info("sandbox.promoted", { workspaceId: page.workspace.id, sandboxId: id });
      return redirect(`/workspaces/${page.workspace.slug}/deployments/${id}`);
    }
    default:
      return reply({ formError: "That didn't work. Please try again." }, 400);
  }
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: `${loaderData?.sandbox?.name ?? "Sandbox"} · Harbor` }];

export default function Sandbox({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const r = actionData as Result | undefined;
  const s = l.sandbox;
  const base = `/workspaces/${l.head.slug}`;
  const at = (intent: string) => (r?.intent === intent ? r : undefined);
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/deployments`} /> : null}
      {s ? (
        <>
          <LiveRefresh active={s.live} everyMs={2_000} />
          <div className="page-head">
            <h1>
              {s.name} <span className="tag">Sandbox</span>
            </h1>
            <Link to={`${base}/deployments`}>All deployments</Link>
          </div>
          <section className="card">
            <h2 className="status-line">
              Status{" "}
              <span className={`status status-${s.look.tone}`} data-testid="sandbox-status">
                {s.look.label}
              </span>
            </h2>
            {s.failure ? <p className="notice bad">{s.failure}</p> : null}
            <p>Address: {s.online ? <a href={s.url}>{s.url}</a> : <span className="muted">{s.url} (not running yet)</span>}</p>
          </section>

          {l.can.update ? (
            <>
              <section className="card" aria-labelledby="files-heading">
                <h2 id="files-heading">Files</h2>
                <FormMessage
                  error={at("write")?.formError ?? at("remove")?.formError}
                  done={at("write")?.done ?? at("remove")?.done}
                />
                <Form method="post">
                  <input type="hidden" name="intent" value="write" />
                  <div className="field">
                    <label htmlFor="write-path">File name</label>
                    <input
                      id="write-path"
                      name="path"
                      type="text"
                      required
                      maxLength={200}
                      placeholder="e.g. notes.txt or src/app.js"
                    />
                  </div>
                  <div className="field">
                    <label htmlFor="write-content">Contents</label>
                    <textarea id="write-content" name="content" rows={6} spellCheck={false} />
                  </div>
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    Save file
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove" />
                  <div className="field">
                    <label htmlFor="remove-path">Remove a file</label>
                    <input id="remove-path" name="path" type="text" required maxLength={200} />
                  </div>
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    Remove
                  </button>
                </Form>
              </section>

              <section className="card" aria-labelledby="run-heading">
                <h2 id="run-heading">Run a command</h2>
                <FormMessage error={at("run")?.formError} />
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="run" />
                  <div className="field">
                    <label htmlFor="run-command">Command</label>
                    <input
                      id="run-command"
                      name="command"
                      type="text"
                      required
                      maxLength={2000}
                      placeholder="e.g. ls"
                      autoComplete="off"
                      spellCheck={false}
                    />
                  </div>
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    Run
                  </button>
                </Form>
                {at("run")?.output !== undefined ? (
                  <>
                    <p className="muted small" data-testid="exit-code">
                      {at("run")!.exitCode === 0 ? "Finished." : `Finished with code ${at("run")!.exitCode}.`}
                    </p>
                    <pre className="output" data-testid="command-output">
                      {at("run")!.output}
                    </pre>
                  </>
                ) : null}
              </section>

              <section className="card" aria-labelledby="install-heading">
                <h2 id="install-heading">Install packages</h2>
                <FormMessage error={at("install")?.formError} done={at("install")?.done} />
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="install" />
                  <div className="field">
                    <label htmlFor="install-packages">Packages</label>
                    <input
                      id="install-packages"
                      name="packages"
                      type="text"
                      required
                      maxLength={500}
                      placeholder="e.g. zod dayjs"
                      autoComplete="off"
                      spellCheck={false}
                    />
                  </div>
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    Install
                  </button>
                </Form>
                {at("install")?.output ? <pre className="output">{at("install")!.output}</pre> : null}
              </section>

              <section className="card" aria-labelledby="promote-heading">
                <h2 id="promote-heading">Put it online for real</h2>
                <FormMessage error={at("promote")?.formError} />
                <p>Turns this sandbox into a regular deployment, keeping its files.</p>
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="promote" />
                  <SelectField id="promote-ttl" name="ttl" label="Stay online for" choices={l.choices.ttl} defaultValue="168h" />
                  <button type="submit" disabled={busy || !s.running}>
                    Make it a deployment
                  </button>
                </Form>
              </section>
            </>
          ) : null}

          <section className="card" aria-labelledby="sandbox-log-heading">
            <h2 id="sandbox-log-heading">Activity</h2>
            <pre className="output" data-testid="sandbox-logs" tabIndex={0}>
              {s.logs || "Nothing yet."}
            </pre>
            <a href={`${base}/sandboxes/${s.id}`}>Refresh</a>
          </section>

          {l.can.delete ? (
            <section className="card danger-zone">
              <h2>Delete</h2>
              <FormMessage error={at("delete")?.formError} />
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <p>
                  <label>
                    <input type="checkbox" name="confirm" value="yes" required /> Yes, delete this sandbox and its files
                  </label>
                </p>
                <button type="submit" className="danger" disabled={busy}>
                  Delete sandbox
                </button>
              </Form>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
