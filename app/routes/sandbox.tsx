import { getFormProps } from "@conform-to/react";
import { data, Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/sandbox";
import { deploymentStatus, failureExplanation } from "../../domain/openberth/deployment-status";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { RESOURCE_FIELD_LABELS, SANDBOX_FORM_MESSAGES as M, SANDBOX_PAGE as W } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { resourceChoices } from "../forms/resource-choices";
import type { SandboxChange } from "../../server/openberth/openberth-client";
import { expectKind, withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { AnswerMessage, FieldProblem, FormSummary, TextAreaField, TextField, useIntentForm } from "../components/form-kit";
import { LiveRefresh } from "../components/live-refresh";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { sandboxChangeSchemas } from "../forms/sandbox-forms";
import { getPlan } from "../../domain/plans/catalog";
import { commandOutcome } from "../../domain/sandboxes/command-outcome";
import { OpenBerthError } from "../../server/openberth/openberth-error";
import { askToConfirm, isConfirmed } from "../.server/forms/confirm";
import { redirectWithNotice } from "../.server/forms/flash-notice";
import { extendLifetime, lifetimeView } from "../.server/deployments/lifetime";
import { ConfirmStep } from "../components/confirm-step";
import { DeleteCard } from "../components/delete-card";
import { LifetimeLine } from "../components/lifetime-line";

export async function loader({ params, context, request }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  if (!isOpenBerthId(params.sandboxId)) throw data(null, { status: 404 });
  const head = page.head;
  const can = { update: may(page, "update:sandbox").allowed, delete: may(page, "delete:sandbox").allowed };
  const choices = resourceChoices(getPlan(page.workspace.billing.planId));
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, sandbox: null, can, choices };
  const read = await withOpenBerth(rc, page.workspace, async (client, adminUserId) => {
    const d = await client.getDeployment(params.sandboxId);
    if (d.mode !== "sandbox") return { d, adminUserId, logs: "", files: {} as Record<string, string> };
    const [logs, source] = await Promise.all([
      client.sandboxLogs(d.id, 100),
      // The list of files is a nicety: a sandbox still starting may not answer yet.
      client.sourceFiles(d.id).catch((error: unknown) => {
        if (error instanceof OpenBerthError) return { files: {} as Record<string, string> };
        throw error;
      }),
    ]);
    return { d, adminUserId, logs: logs.logs, files: source.files };
  });
  if (!read.ok && read.kind === "not_found") throw data(null, { status: 404 });
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, sandbox: null, can, choices };
  const { d, adminUserId, logs, files } = read.value;
  const wanted = new URL(request.url).searchParams.get("file");
  const opened = wanted !== null && Object.hasOwn(files, wanted) ? { path: wanted, content: files[wanted]! } : null;
  if (d.mode !== "sandbox")
    throw redirect(href("/workspaces/:slug/deployments/:deploymentId", { slug: page.workspace.slug, deploymentId: d.id }));
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
      files: Object.keys(files).sort(),
      opened,
      lifetime: lifetimeView(d, rc.timeZone),
    },
    /** What "Make it a deployment" preselects: the workspace's default lifetime. */
    defaultTtl: page.workspace.defaultTtl,
  };
}

/** What the sandbox printed, sent along with a form's answer. */
type Printed = { output?: string; exitCode?: number; command?: string; said?: string; code?: number | null };

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:sandbox");
  if (!isOpenBerthId(params.sandboxId)) throw data(null, { status: 404 });
  const form = await readIntentForm(request, sandboxChangeSchemas);
  if (!form.intent) return unknownForm("sandbox");
  const { intent, submission } = form;
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  const decision = may(page, intent === "delete" ? "delete:sandbox" : "update:sandbox");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  const id = params.sandboxId;
  const slug = page.workspace.slug;
  const kind = await expectKind(rc, page.workspace, id, "sandbox");
  if (!kind.ok) return refused(intent, submission, kind.message);

  const push = async (change: SandboxChange, done: string) => {
    const pushed = await withOpenBerth(rc, page.workspace, (client) => client.pushToSandbox(id, [change]));
    if (!pushed.ok) return refused(intent, submission, pushed.message);
    const output = pushed.value.installOutput;
    return succeeded<Printed>(intent, submission, done, output ? { output } : {});
  };

  switch (form.intent) {
    case "delete": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const name = kind.value.name;
      if (!isConfirmed(form.submission))
        return askToConfirm(intent, submission, {
          question: W.deleteAsk(name),
          consequences: W.deleteAskLines,
          yes: W.deleteYes(name),
        });
      const done = await withOpenBerth(rc, page.workspace, (client) => client.destroySandbox(id));
      if (!done.ok) return refused(intent, submission, done.message);
      return redirectWithNotice(href("/workspaces/:slug/deployments", { slug }), W.deleted(name));
    }
    case "extend": {
      const extended = await extendLifetime(
        rc,
        page.workspace,
        id,
        href("/workspaces/:slug/sandboxes/:sandboxId", { slug, sandboxId: id }),
      );
      return extended instanceof Response ? extended : refused(intent, submission, extended.message);
    }
    case "write": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const { path, content } = form.submission.value;
      return push({ op: "write", path, content }, W.saved(path));
    }
    case "remove": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const { path } = form.submission.value;
      // OpenBerth says "deleted" for any path; only say so for a file that was there.
      const listed = await withOpenBerth(rc, page.workspace, (client) => client.sourceFiles(id));
      if (!listed.ok) return refused(intent, submission, listed.message);
      if (!Object.hasOwn(listed.value.files, path)) return refused(intent, submission, W.noSuchFile(path), { field: "path" });
      if (!isConfirmed(form.submission))
        return askToConfirm(intent, submission, {
          question: W.removeAsk(path),
          consequences: W.removeAskLines,
          yes: W.removeYes(path),
        });
      return push({ op: "delete", path }, W.removed(path));
    }
    case "install": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const { packages } = form.submission.value;
      const done = await withOpenBerth(rc, page.workspace, (client) => client.installInSandbox(id, packages));
      if (!done.ok) return refused(intent, submission, done.message);
      const { output } = done.value;
      if (done.value.message.startsWith("Package install failed"))
        return refused<Printed>(intent, submission, M.installFailed, { extra: { output } });
      return succeeded<Printed>(intent, submission, W.installed(packages), { output });
    }
    case "run": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const { command } = form.submission.value;
      const done = await withOpenBerth(rc, page.workspace, (client) => client.execInSandbox(id, command));
      if (!done.ok) return refused(intent, submission, done.message);
      const { output, exitCode } = done.value;
      const outcome = commandOutcome(exitCode, output);
      // Not `succeeded`: that empties the box, and the command belongs beside its output.
      return data({ intent, result: submission.reply(), output, exitCode, command, said: outcome.said, code: outcome.code });
    }
    case "promote": {
      if (form.submission.status !== "success") return invalid(intent, submission);
      const { ttl } = form.submission.value;
      if (!isConfirmed(form.submission)) {
        const change = await addressAfterPromote(rc, page.workspace, kind.value);
        return askToConfirm(intent, submission, {
          question: W.promoteAsk(kind.value.name),
          consequences: [
            change.to === change.from ? W.promoteAddressSame(change.from) : W.promoteAddressChange(change.from, change.to),
            ...W.promoteAskLines,
          ],
          yes: W.promoteYes,
        });
      }
      const done = await withOpenBerth(rc, page.workspace, (client) => client.promoteSandbox(id, { ttl }));
      if (!done.ok) return refused(intent, submission, done.message);
      rc.log.info("sandbox.promoted", { workspaceId: page.workspace.id, sandboxId: id });
      return redirectWithNotice(
        href("/workspaces/:slug/deployments/:deploymentId", { slug, deploymentId: id }),
        W.promoted(bareAddress(done.value.url)),
      );
    }
  }
}

const bareAddress = (url: string) => url.replace(/^https?:\/\//, "");

/**
 * The address a promoted sandbox will have: OpenBerth drops the "sandbox-" prefix from its
 * subdomain when that name is free, else keeps it (API.md, promote).
 */
async function addressAfterPromote(
  rc: ReturnType<typeof getRequestContext>,
  workspace: Parameters<typeof withOpenBerth>[1],
  d: { id: string; subdomain: string; url: string },
): Promise<{ from: string; to: string }> {
  const from = bareAddress(d.url);
  if (!d.subdomain.startsWith("sandbox-")) return { from, to: from };
  const wanted = d.subdomain.slice("sandbox-".length);
  const listed = await withOpenBerth(rc, workspace, (client) => client.listDeployments());
  const taken = listed.ok && listed.value.deployments.some((x) => x.id !== d.id && x.subdomain === wanted);
  return { from, to: taken ? from : from.replace(d.subdomain, wanted) };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: W.documentTitle(loaderData?.sandbox?.name) }];

export default function Sandbox({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const s = l.sandbox;
  const slug = l.head.slug;
  const printed = (intent: string): Printed | undefined =>
    actionData && actionData.intent === intent && "output" in actionData ? (actionData as Printed) : undefined;
  const write = useIntentForm("write", sandboxChangeSchemas.write, actionData, {
    defaultValue: s?.opened ? { path: s.opened.path, content: s.opened.content } : undefined,
  });
  const remove = useIntentForm("remove", sandboxChangeSchemas.remove, actionData);
  const run = useIntentForm("run", sandboxChangeSchemas.run, actionData);
  const install = useIntentForm("install", sandboxChangeSchemas.install, actionData);
  const promote = useIntentForm("promote", sandboxChangeSchemas.promote, actionData, {
    defaultValue: { ttl: "defaultTtl" in l ? l.defaultTtl : "0" },
  });
  const remover = useIntentForm("delete", sandboxChangeSchemas.delete, actionData);
  const ran = printed("run");
  const installed = printed("install");
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={href("/workspaces/:slug/deployments", { slug })} /> : null}
      <AnswerMessage answer={actionData} intents={["sandbox"]} />
      {s ? (
        <>
          <LiveRefresh active={s.live} everyMs={2_000} />
          <div className="page-head">
            <h1>
              {s.name} <span className="tag">{W.tag}</span>
            </h1>
            <Link to={href("/workspaces/:slug/deployments", { slug })}>{W.allDeployments}</Link>
          </div>
          <section className="card">
            <h2 className="status-line">
              {W.status}{" "}
              <span className={`status status-${s.look.tone}`} data-testid="sandbox-status">
                {s.look.label}
              </span>
            </h2>
            {s.failure ? <p className="notice bad">{s.failure}</p> : null}
            <p>
              {W.address}{" "}
              {s.online ? (
                <a className="address" href={s.url}>
                  {s.url}
                </a>
              ) : (
                <span className="muted">{W.notRunningYet(s.url)}</span>
              )}
            </p>
            {!s.running && !s.failure ? (
              <div className="notice" role="status" data-testid="sandbox-starting">
                <strong>{W.startingHeading}</strong> <progress aria-label={W.startingHeading} />
                <p>{W.starting}</p>
              </div>
            ) : null}
            <LifetimeLine lifetime={s.lifetime} canExtend={l.can.update} busy={busy} />
          </section>
          <AnswerMessage answer={actionData} intents={["extend"]} />

          {l.can.update ? (
            <>
              <section className="card" aria-labelledby="files-heading">
                <h2 id="files-heading">{W.filesHeading}</h2>
                <h3>{W.filesListed}</h3>
                {s.files.length > 0 ? (
                  <ul className="sandbox-files" data-testid="sandbox-files">
                    {s.files.map((path) => (
                      <li key={path}>
                        <a
                          href={`?file=${encodeURIComponent(path)}#files-heading`}
                          aria-label={W.editFile(path)}
                          aria-current={s.opened?.path === path ? "true" : undefined}
                        >
                          {path}
                        </a>{" "}
                        <Form method="post" className="inline">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="path" value={path} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={W.removeFileLabel(path)}
                            disabled={busy || !s.running}
                          >
                            {W.removeFile}
                          </button>
                        </Form>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted">{W.noFiles}</p>
                )}
                <FormSummary form={remove.form} done={remove.done} />
                <ConfirmStep answer={actionData} intents={["remove"]} />
                {s.opened ? (
                  <p className="small">
                    {W.editing(s.opened.path)} · <a href="?#files-heading">{W.newFile}</a>
                  </p>
                ) : null}
                <FormSummary form={write.form} done={write.done} />
                <Form method="post" key={s.opened?.path ?? ""} {...getFormProps(write.form)}>
                  <input type="hidden" name="intent" value="write" />
                  <TextField
                    field={write.fields.path}
                    label={W.filePath}
                    required
                    maxLength={200}
                    placeholder={W.filePathExample}
                    spellCheck={false}
                  />
                  <TextAreaField field={write.fields.content} label={W.fileContents} rows={6} spellCheck={false} />
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    {W.saveFile}
                  </button>
                </Form>
                {printed("write")?.output ? <pre className="output">{printed("write")!.output}</pre> : null}
              </section>

              <section className="card" aria-labelledby="run-heading">
                <h2 id="run-heading">{W.runHeading}</h2>
                <FormSummary form={run.form} />
                <Form method="post" className="inline-form" autoComplete="off" {...getFormProps(run.form)}>
                  <input type="hidden" name="intent" value="run" />
                  <TextField
                    field={run.fields.command}
                    label={W.command}
                    required
                    maxLength={2000}
                    placeholder={W.commandExample}
                    spellCheck={false}
                  />
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    {W.run}
                  </button>
                </Form>
                {ran?.output !== undefined ? (
                  <>
                    <p className="small" data-testid="ran-command">
                      {W.ranCommand} <code>{ran.command}</code>
                    </p>
                    <p role="status" data-testid="exit-code">
                      {ran.said}
                      {ran.code !== null && ran.code !== undefined ? (
                        <span className="muted small"> ({W.exitCode(ran.code)})</span>
                      ) : null}
                    </p>
                    <pre className="output" data-testid="command-output">
                      {ran.output}
                    </pre>
                  </>
                ) : null}
              </section>

              <section className="card" aria-labelledby="install-heading">
                <h2 id="install-heading">{W.installHeading}</h2>
                <FormSummary form={install.form} done={install.done} />
                <Form method="post" className="inline-form" autoComplete="off" {...getFormProps(install.form)}>
                  <input type="hidden" name="intent" value="install" />
                  <TextField
                    field={install.fields.packages}
                    label={W.packages}
                    required
                    maxLength={500}
                    placeholder={W.packagesExample}
                    spellCheck={false}
                  />
                  <button type="submit" className="secondary" disabled={busy || !s.running}>
                    {W.install}
                  </button>
                </Form>
                {installed?.output ? <pre className="output">{installed.output}</pre> : null}
              </section>

              <section className="card" aria-labelledby="promote-heading">
                <h2 id="promote-heading">{W.promoteHeading}</h2>
                <FormSummary form={promote.form} />
                <p>{W.promoteExplained}</p>
                <ConfirmStep answer={actionData} intents={["promote"]} />
                <Form method="post" className="inline-form" {...getFormProps(promote.form)}>
                  <input type="hidden" name="intent" value="promote" />
                  <SelectField field={promote.fields.ttl} label={RESOURCE_FIELD_LABELS.ttl} choices={l.choices.ttl} />
                  <button type="submit" disabled={busy || !s.running}>
                    {W.promote}
                  </button>
                </Form>
              </section>
            </>
          ) : null}

          <section className="card" aria-labelledby="sandbox-log-heading">
            <h2 id="sandbox-log-heading">{W.activityHeading}</h2>
            <pre className="output" data-testid="sandbox-logs" tabIndex={0}>
              {s.logs || W.nothingYet}
            </pre>
            <a href={href("/workspaces/:slug/sandboxes/:sandboxId", { slug, sandboxId: s.id })}>{W.refresh}</a>
          </section>

          {l.can.delete ? (
            <DeleteCard
              id="sandbox-delete-heading"
              heading={W.deleteHeading}
              explained={W.deleteExplained}
              button={W.delete}
              answer={actionData}
              busy={busy}
              summary={<FormSummary form={remover.form} />}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
