import { getCollectionProps, getFormProps, type FieldMetadata } from "@conform-to/react";
import { data, Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/deployment";
import { deploymentStatus, failureExplanation } from "../../domain/openberth/deployment-status";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { leftOutHeaders, takeLeftOutNotice } from "../.server/deployments/left-out-notice";
import { putOnline } from "../.server/deployments/put-online";
import { tooLargeAnswer, uploadTooLarge } from "../.server/deployments/read-deploy-form";
import { invalid, readIntentForm, refused, succeeded, unknownForm } from "../.server/forms/form-reply";
import { resourceChoices } from "../forms/resource-choices";
import { expectKind, withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { AnswerMessage, FieldProblem, FormSummary, TextAreaField, TextField, useIntentForm } from "../components/form-kit";
import { LiveRefresh } from "../components/live-refresh";
import { OneTimeSecret } from "../components/one-time-secret";
import { ResourceFields, UploadField } from "../components/resource-fields";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { DeleteCard } from "../components/delete-card";
import { CopyButton } from "../components/copy-button";
import { LifetimeLine } from "../components/lifetime-line";
import { askToConfirm, isConfirmed } from "../.server/forms/confirm";
import { redirectWithNotice } from "../.server/forms/flash-notice";
import { extendLifetime, lifetimeView } from "../.server/deployments/lifetime";
import {
  deleteDeploymentSchema,
  extendLifetimeSchema,
  editDeploymentSchema,
  protectDeploymentSchema,
  redeployDeploymentSchema,
} from "../forms/deployment-forms";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../../domain/openberth/dates";
import {
  DEPLOYMENT_PAGE as W,
  deploymentTabTitle,
  offlineAddress,
  VISITOR_ACCESS_LABELS,
  visitorAccessSummary,
} from "../../domain/vocabulary";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  const { workspace } = page;
  const head = page.head;
  if (!isOpenBerthId(params.deploymentId)) throw data(null, { status: 404 });
  const can = { update: may(page, "update:deployment").allowed, delete: may(page, "delete:deployment").allowed };
  if (!page.gate.open)
    return { head, gate: page.gate, trouble: null, deployment: null, can, choices: resourceChoices(undefined) };

  const read = await withOpenBerth(rc, workspace, async (client, adminUserId) => ({
    d: await client.getDeployment(params.deploymentId),
    adminUserId,
  }));
  if (!read.ok && read.kind === "not_found") throw data(null, { status: 404 });
  if (!read.ok)
    return { head, gate: page.gate, trouble: read.message, deployment: null, can, choices: resourceChoices(undefined) };
  const { d, adminUserId } = read.value;
  if (d.mode === "sandbox")
    throw redirect(href("/workspaces/:slug/sandboxes/:sandboxId", { slug: workspace.slug, sandboxId: d.id }));
  const created = parseOpenBerthDate(d.createdAt);
  // The same status, address and owner as the list of deployments.
  const status = deploymentStatus(d, adminUserId);
  // What the upload that brought us here left out, told once.
  const leftOut = await takeLeftOutNotice(request, rc);
  return data(
    {
      head,
      leftOutNotice: leftOut.notice,
      gate: page.gate,
      trouble: null,
      can,
      choices: resourceChoices(getPlan(workspace.billing.planId)),
      deployment: {
        id: d.id,
        name: d.name,
        title: d.title ?? "",
        description: d.description ?? "",
        look: status.look,
        live: status.live,
        failure: failureExplanation({ status: d.status, containerStatus: d.containerStatus, mode: d.mode }),
        url: d.url,
        online: status.online,
        framework: d.framework,
        owner: status.owner,
        created: created ? formatDate(created, rc.timeZone, "datetime") : "",
        lifetime: lifetimeView(d, rc.timeZone),
        accessMode: d.accessMode,
        accessUser: d.accessUser ?? "",
        locked: d.locked,
      },
    },
    { headers: leftOut.headers },
  );
}

/** The visitor choices the form offers (a mode set some other way leaves none chosen). */
const VISITOR_MODES = ["public", "basic_auth", "api_key"] as const;
type VisitorMode = (typeof VISITOR_MODES)[number];
function visitorMode(mode: string | undefined): VisitorMode | undefined {
  return VISITOR_MODES.find((m) => m === mode);
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  if (!isOpenBerthId(params.deploymentId)) throw data(null, { status: 404 });
  // An upload bigger than we take is refused before its body is read.
  if (uploadTooLarge(request)) return tooLargeAnswer("redeploy");
  const form = await readIntentForm(request, {
    redeploy: redeployDeploymentSchema,
    edit: editDeploymentSchema,
    protect: protectDeploymentSchema,
    delete: deleteDeploymentSchema,
    extend: extendLifetimeSchema,
  });
  if (!form.intent) return unknownForm("redeploy");
  const { intent, submission } = form;
  if (!page.gate.open) return refused(intent, submission, page.gate.description, { status: 409 });
  const decision = may(page, intent === "delete" ? "delete:deployment" : "update:deployment");
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  const ids = { slug: page.workspace.slug, deploymentId: params.deploymentId };
  const id = params.deploymentId;
  const kind = await expectKind(rc, page.workspace, id, "deployment");
  if (!kind.ok) return refused(intent, submission, kind.message);

  if (form.intent === "delete") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const name = kind.value.title || kind.value.name;
    if (!isConfirmed(form.submission))
      return askToConfirm(intent, submission, {
        question: W.deleteAsk(name),
        consequences: W.deleteAskLines,
        yes: W.deleteYes(name),
      });
    const done = await withOpenBerth(rc, page.workspace, (client) => client.destroyDeployment(id));
    if (!done.ok) return refused(intent, submission, done.message);
    rc.log.info("deployment.deleted", { workspaceId: page.workspace.id, deploymentId: id });
    return redirectWithNotice(href("/workspaces/:slug/deployments", ids), W.deleted(name));
  }

  if (form.intent === "extend") {
    const extended = await extendLifetime(rc, page.workspace, id, href("/workspaces/:slug/deployments/:deploymentId", ids));
    return extended instanceof Response ? extended : refused(intent, submission, extended.message);
  }

  if (form.intent === "edit") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const { title, description, ttl } = form.submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.patchDeployment(id, { title: title ?? "", description: description ?? "", ...(ttl ? { ttl } : {}) }),
    );
    if (!done.ok) return refused(intent, submission, done.message);
    return succeeded(intent, submission, W.detailsSaved);
  }

  if (form.intent === "protect") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    const v = form.submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.protect(
        id,
        v.mode === "basic_auth" ? { mode: v.mode, username: v.username, password: v.password } : { mode: v.mode },
      ),
    );
    if (!done.ok) return refused(intent, submission, done.message);
    // An access key is shown once, in this answer only; we never keep it.
    return succeeded(intent, submission, W.visitorsSaved, done.value.apiKey ? { apiKey: done.value.apiKey } : {});
  }

  if (form.submission.status !== "success") return invalid(intent, submission);
  const v = form.submission.value;
  const result = await putOnline(
    rc,
    page.account,
    page.workspace,
    {
      memory: v.memory,
      cpus: v.cpus,
      source:
        v.source === "paste" ? { kind: "paste", fileName: v.fileName, code: v.code } : { kind: "upload", file: v.file ?? null },
    },
    id,
  );
  if (!result.ok) return refused(intent, submission, result.message, { field: result.field });
  return redirectWithNotice(href("/workspaces/:slug/deployments/:deploymentId", ids), W.newVersionStarted, {
    headers: await leftOutHeaders(rc, result.leftOut),
  });
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: deploymentTabTitle(loaderData?.deployment?.title || loaderData?.deployment?.name) },
];

export default function Deployment({ loaderData: l, actionData }: Route.ComponentProps) {
  const busy = useNavigation().state === "submitting";
  const d = l.deployment;
  const slug = l.head.slug;
  const redeploy = useIntentForm("redeploy", redeployDeploymentSchema, actionData, { defaultValue: { source: "upload" } });
  const edit = useIntentForm("edit", editDeploymentSchema, actionData, {
    defaultValue: { title: d?.title ?? "", description: d?.description ?? "", ttl: "" },
  });
  const protect = useIntentForm("protect", protectDeploymentSchema, actionData, {
    defaultValue: { mode: visitorMode(d?.accessMode) },
  });
  const remove = useIntentForm("delete", deleteDeploymentSchema, actionData);
  const apiKey = actionData && "apiKey" in actionData && typeof actionData.apiKey === "string" ? actionData.apiKey : null;
  // Fields only some of a schema's choices have (conform types them as unknown).
  const redeployFile = redeploy.fields.file as FieldMetadata<File | undefined>;
  const visitor = protect.fields as typeof protect.fields & Record<"username" | "password", FieldMetadata<string | undefined>>;
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={href("/workspaces/:slug/deployments", { slug })} /> : null}
      {d ? (
        <>
          <LiveRefresh active={d.live} everyMs={2_000} />
          {"leftOutNotice" in l && l.leftOutNotice ? (
            <p className="notice warn" role="status" data-testid="left-out">
              {l.leftOutNotice}
            </p>
          ) : null}
          <div className="page-head">
            <h1>{d.title || d.name}</h1>
            <Link to={href("/workspaces/:slug/deployments", { slug })}>{W.allDeployments}</Link>
          </div>
          <AnswerMessage answer={actionData} intents={["extend"]} />

          {/* First what a person came for: is it up, where is it, how long does it stay. */}
          <section className="card" aria-labelledby="summary-heading">
            <h2 id="summary-heading" className="status-line">
              {W.statusHeading}{" "}
              <span className={`status status-${d.look.tone}`} data-testid="deployment-status">
                {d.look.label}
              </span>
            </h2>
            {d.failure ? (
              <p className="notice bad" data-testid="failure-explanation">
                {d.failure}
              </p>
            ) : null}
            <p className="address-line">
              {d.online ? (
                <>
                  <a className="button" href={d.url} data-testid="visit" target="_blank" rel="noreferrer">
                    {W.visit}
                  </a>{" "}
                  <a className="address" href={d.url} data-testid="live-link">
                    {d.url}
                  </a>{" "}
                  <CopyButton text={d.url} label={W.copyAddress} />
                </>
              ) : (
                <span className="muted address">{offlineAddress(d.url)}</span>
              )}
            </p>
            <LifetimeLine lifetime={d.lifetime} canExtend={l.can.update} busy={busy} />
            <dl className="facts">
              <dt>{W.facts.visitors}</dt>
              <dd data-testid="visitor-access">{visitorAccessSummary(d.accessMode, d.accessUser)}</dd>
              <dt>{W.nameFact}</dt>
              <dd data-testid="deployment-name">{d.name}</dd>
              <dt>{W.facts.owner}</dt>
              <dd>{d.owner}</dd>
              <dt>{W.facts.created}</dt>
              <dd>{d.created}</dd>
            </dl>
            <p>
              <Link to={href("/workspaces/:slug/deployments/:deploymentId/logs", { slug, deploymentId: d.id })}>{W.seeLog}</Link>
            </p>
          </section>

          {l.can.update ? (
            <>
              <section className="card" aria-labelledby="redeploy-heading">
                <h2 id="redeploy-heading">{W.redeployHeading}</h2>
                <FormSummary form={redeploy.form} />
                <Form method="post" encType="multipart/form-data" {...getFormProps(redeploy.form)}>
                  <input type="hidden" name="intent" value="redeploy" />
                  <input type="hidden" name="source" value="upload" />
                  <UploadField field={redeployFile} label={W.redeployFileLabel} />
                  {/* Folded away: most people never need them (a <details> opens without JavaScript). */}
                  <details className="more-options">
                    <summary>{W.moreOptions}</summary>
                    <p className="muted small">{W.moreOptionsHint}</p>
                    <ResourceFields choices={l.choices} memory={redeploy.fields.memory} cpus={redeploy.fields.cpus} />
                  </details>
                  <button type="submit" disabled={busy}>
                    {W.redeployButton}
                  </button>
                </Form>
              </section>

              <section className="card" aria-labelledby="edit-heading">
                <h2 id="edit-heading">{W.detailsHeading}</h2>
                <FormSummary form={edit.form} done={edit.done} />
                <Form method="post" {...getFormProps(edit.form)}>
                  <input type="hidden" name="intent" value="edit" />
                  <TextField field={edit.fields.title} label={W.titleLabel} hint={W.titleHint} maxLength={100} />
                  <TextAreaField field={edit.fields.description} label={W.descriptionLabel} rows={3} maxLength={500} />
                  <SelectField
                    field={edit.fields.ttl}
                    label={W.ttlLabel}
                    choices={l.choices.ttl}
                    first={{ value: "", label: W.keepTtl }}
                  />
                  <button type="submit" className="secondary" disabled={busy}>
                    {W.saveDetails}
                  </button>
                </Form>
              </section>

              <section className="card" aria-labelledby="protect-heading">
                <h2 id="protect-heading">{W.visitorsHeading}</h2>
                <FormSummary form={protect.form} done={protect.done} />
                {apiKey ? <OneTimeSecret label={W.visitorKeyLabel} value={apiKey} hint={W.visitorKeyHint} /> : null}
                <Form method="post" autoComplete="off" {...getFormProps(protect.form)}>
                  <input type="hidden" name="intent" value="protect" />
                  <fieldset className="choices" aria-invalid={protect.fields.mode.errors ? true : undefined}>
                    <legend>{W.visitorsLegend}</legend>
                    {getCollectionProps(protect.fields.mode, { type: "radio", options: [...VISITOR_MODES] }).map(
                      ({ key, ...radio }) => (
                        <label className="choice" key={key}>
                          <input {...radio} /> {VISITOR_ACCESS_LABELS[radio.value as VisitorMode]}
                        </label>
                      ),
                    )}
                    <FieldProblem field={protect.fields.mode} />
                  </fieldset>
                  <div className="grid-2">
                    <TextField field={visitor.username} label={W.usernameLabel} maxLength={64} />
                    <TextField
                      field={visitor.password}
                      label={W.passwordLabel}
                      type="password"
                      autoComplete="new-password"
                      maxLength={128}
                    />
                  </div>
                  <button type="submit" className="secondary" disabled={busy}>
                    {W.saveVisitors}
                  </button>
                </Form>
              </section>
            </>
          ) : null}

          {l.can.delete ? (
            <DeleteCard
              id="delete-heading"
              heading={W.deleteHeading}
              explained={W.deleteExplained}
              button={W.deleteButton}
              answer={actionData}
              busy={busy}
              summary={<FormSummary form={remove.form} />}
            />
          ) : null}
        </>
      ) : null}
    </>
  );
}
