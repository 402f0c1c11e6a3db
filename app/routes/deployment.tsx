import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/deployment";
import { deploymentStatus, failureExplanation } from "../../domain/openberth/deployment-status";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { putOnline } from "../.server/deployments/put-online";
import { readDeployForm, uploadedFile } from "../.server/deployments/read-deploy-form";
import { resourceChoices } from "../forms/resource-choices";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { FieldError, invalidProps } from "../components/field-error";
import { FormMessage } from "../components/form-message";
import { LiveRefresh } from "../components/live-refresh";
import { OneTimeSecret } from "../components/one-time-secret";
import { ResourceFields } from "../components/resource-fields";
import { SelectField } from "../components/select-field";
import { UnreachableNotice } from "../components/server-gate-notice";
import { editDeploymentSchema, pasteDeploymentSchema, protectDeploymentSchema } from "../forms/deployment-forms";
import { toFieldErrors } from "../lib/field-errors";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../lib/openberth-dates";
import { ttlLabel, VISITOR_ACCESS_LABELS, visitorAccessSummary } from "../../domain/vocabulary";

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
  if (d.mode === "sandbox") throw redirect(`/workspaces/${workspace.slug}/sandboxes/${d.id}`);
  const created = parseOpenBerthDate(d.createdAt);
  const expires = parseOpenBerthDate(d.expiresAt);
  // The same status, address and owner as the list of deployments.
  const status = deploymentStatus(d, adminUserId);
  return {
    head,
    gate: page.gate,
    trouble: null,
    can,
    choices: resourceChoices(getPlan(workspace.billingPlanId)),
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
      expires: expires ? formatDate(expires, rc.timeZone, "datetime") : "Never",
      ttl: d.ttlHours ? `${d.ttlHours}h` : "0",
      accessMode: d.accessMode,
      accessUser: d.accessUser ?? "",
      locked: d.locked,
    },
  };
}

type ActionResult = {
  intent: string;
  formError: string | null;
  done: string | null;
  fieldErrors: Record<string, string[] | undefined>;
  apiKey?: string;
};

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  if (!isOpenBerthId(params.deploymentId)) throw data(null, { status: 404 });
  const reply = (intent: string, r: Partial<ActionResult>, status = 200) =>
    data<ActionResult>({ intent, formError: null, done: null, fieldErrors: {}, ...r }, { status });
  if (!page.gate.open) return reply("", { formError: page.gate.description }, 409);
  const read = await readDeployForm(request);
  if (!read.ok) return reply("redeploy", { formError: read.message, fieldErrors: { file: [read.message] } }, 413);
  const form = read.form;
  const intent = String(form.get("intent") ?? "");
  const id = params.deploymentId;
  const base = `/workspaces/${page.workspace.slug}`;

  if (intent === "delete") {
    const decision = may(page, "delete:deployment");
    if (!decision.allowed) return reply(intent, { formError: decision.message }, 403);
    if (form.get("confirm") !== "yes") return reply(intent, { formError: "Tick the box to confirm you want to delete it." }, 400);
    const done = await withOpenBerth(rc, page.workspace, (client) => client.destroyDeployment(id));
    if (!done.ok) return reply(intent, { formError: done.message }, 400);
    rc.log.info("deployment.deleted", { workspaceId: page.workspace.id, deploymentId: id });
    return redirect(`${base}/deployments`);
  }

  const decision = may(page, "update:deployment");
  if (!decision.allowed) return reply(intent, { formError: decision.message }, 403);

  if (intent === "edit") {
    const submission = parseWithZod(form, { schema: editDeploymentSchema });
    if (submission.status !== "success")
      return reply(
        intent,
        { formError: "Please check the highlighted fields.", fieldErrors: toFieldErrors(submission.error) },
        400,
      );
    const { title, description, ttl } = submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.patchDeployment(id, { title: title ?? "", description: description ?? "", ...(ttl ? { ttl } : {}) }),
    );
    return done.ok ? reply(intent, { done: "Saved." }) : reply(intent, { formError: done.message }, 400);
  }

  if (intent === "protect") {
    const submission = parseWithZod(form, { schema: protectDeploymentSchema });
    if (submission.status !== "success")
      return reply(
        intent,
        { formError: "Please check the highlighted fields.", fieldErrors: toFieldErrors(submission.error) },
        400,
      );
    const v = submission.value;
    const done = await withOpenBerth(rc, page.workspace, (client) =>
      client.protect(
        id,
        v.mode === "basic_auth" ? { mode: v.mode, username: v.username, password: v.password } : { mode: v.mode },
      ),
    );
    if (!done.ok) return reply(intent, { formError: done.message }, 400);
    // An access key is shown once, in this answer only; we never keep it.
    return reply(intent, {
      done: "Who may visit has been updated.",
      ...(done.value.apiKey ? { apiKey: done.value.apiKey } : {}),
    });
  }

  if (intent === "redeploy") {
    const source = String(form.get("source") ?? "upload");
    const paste =
      source === "paste"
        ? parseWithZod(form, { schema: pasteDeploymentSchema.omit({ intent: true, name: true, ttl: true }) })
        : null;
    if (paste && paste.status !== "success")
      return reply(intent, { formError: "Please check the highlighted fields.", fieldErrors: toFieldErrors(paste.error) }, 400);
    const memory = String(form.get("memory") ?? "") || undefined;
    const cpus = String(form.get("cpus") ?? "") || undefined;
    const result = await putOnline(
      rc,
      page.account,
      page.workspace,
      {
        memory,
        cpus,
        source:
          paste?.status === "success"
            ? { kind: "paste", fileName: paste.value.fileName, code: paste.value.code }
            : { kind: "upload", file: uploadedFile(form) },
      },
      id,
    );
    if (!result.ok)
      return reply(
        intent,
        { formError: result.message, fieldErrors: result.field ? { [result.field]: [result.message] } : {} },
        400,
      );
    return redirect(`${base}/deployments/${id}`);
  }
  return reply(intent, { formError: "That didn't work. Please try again." }, 400);
}

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: `${loaderData?.deployment?.title || loaderData?.deployment?.name || "Deployment"} · Harbor` },
];

export default function Deployment({ loaderData: l, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const result = actionData as ActionResult | undefined;
  const d = l.deployment;
  const base = `/workspaces/${l.head.slug}`;
  const forIntent = (intent: string) => (result?.intent === intent ? result : undefined);
  const editErrors = forIntent("edit")?.fieldErrors ?? {};
  const protectErrors = forIntent("protect")?.fieldErrors ?? {};
  return (
    <>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={`${base}/deployments`} /> : null}
      {d ? (
        <>
          <LiveRefresh active={d.live} everyMs={2_000} />
          <div className="page-head">
            <h1>{d.title || d.name}</h1>
            <Link to={`${base}/deployments`}>All deployments</Link>
          </div>
          <section className="card" aria-labelledby="summary-heading">
            <h2 id="summary-heading" className="status-line">
              Status{" "}
              <span className={`status status-${d.look.tone}`} data-testid="deployment-status">
                {d.look.label}
              </span>
            </h2>
            {d.failure ? (
              <p className="notice bad" data-testid="failure-explanation">
                {d.failure}
              </p>
            ) : null}
            <dl className="facts">
              <dt>Address</dt>
              <dd>
                {d.online ? (
                  <a href={d.url} data-testid="live-link">
                    {d.url}
                  </a>
                ) : (
                  <span className="muted">{d.url} (not online)</span>
                )}
              </dd>
              <dt>Put online by</dt>
              <dd>{d.owner}</dd>
              <dt>Created</dt>
              <dd>{d.created}</dd>
              <dt>Expires</dt>
              <dd>{d.expires}</dd>
              <dt>Who may visit</dt>
              <dd data-testid="visitor-access">{visitorAccessSummary(d.accessMode, d.accessUser)}</dd>
            </dl>
            <p>
              <Link to={`${base}/deployments/${d.id}/logs`}>See its activity log</Link>
            </p>
          </section>

          {l.can.update ? (
            <>
              <section className="card" aria-labelledby="redeploy-heading">
                <h2 id="redeploy-heading">Put a new version online</h2>
                <FormMessage error={forIntent("redeploy")?.formError} />
                <Form method="post" encType="multipart/form-data">
                  <input type="hidden" name="intent" value="redeploy" />
                  <input type="hidden" name="source" value="upload" />
                  <div className="field">
                    <label htmlFor="redeploy-file">File (.zip, .tar.gz or a single file)</label>
                    <input id="redeploy-file" name="file" type="file" required />
                  </div>
                  <ResourceFields
                    choices={l.choices}
                    prefix="redeploy"
                    withTtl={false}
                    errors={forIntent("redeploy")?.fieldErrors}
                  />
                  <button type="submit" disabled={busy}>
                    Upload new version
                  </button>
                </Form>
              </section>

              <section className="card" aria-labelledby="edit-heading">
                <h2 id="edit-heading">Details</h2>
                <FormMessage error={forIntent("edit")?.formError} done={forIntent("edit")?.done} />
                <Form method="post">
                  <input type="hidden" name="intent" value="edit" />
                  <div className="field">
                    <label htmlFor="edit-title">Title</label>
                    <input
                      id="edit-title"
                      name="title"
                      type="text"
                      maxLength={100}
                      defaultValue={d.title}
                      {...invalidProps("edit-title", editErrors.title)}
                    />
                    <FieldError id="edit-title-error" errors={editErrors.title} />
                  </div>
                  <div className="field">
                    <label htmlFor="edit-description">Description</label>
                    <textarea
                      id="edit-description"
                      name="description"
                      rows={3}
                      maxLength={500}
                      defaultValue={d.description}
                      {...invalidProps("edit-description", editErrors.description)}
                    />
                    <FieldError id="edit-description-error" errors={editErrors.description} />
                  </div>
                  <SelectField
                    id="edit-ttl"
                    name="ttl"
                    label="Stay online for (from now)"
                    choices={l.choices.ttl}
                    first={{ value: "", label: "Keep as it is" }}
                    error={editErrors.ttl?.[0]}
                  />
                  <button type="submit" className="secondary" disabled={busy}>
                    Save details
                  </button>
                </Form>
              </section>

              <section className="card" aria-labelledby="protect-heading">
                <h2 id="protect-heading">Who may visit</h2>
                <FormMessage error={forIntent("protect")?.formError} done={forIntent("protect")?.done} />
                {forIntent("protect")?.apiKey ? (
                  <OneTimeSecret
                    label="Access key for visitors"
                    value={forIntent("protect")!.apiKey!}
                    hint="Visitors send it in an X-Api-Key header. It's shown only now: copy it somewhere safe."
                  />
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="protect" />
                  <fieldset className="choices">
                    <legend>Visitors</legend>
                    <label className="choice">
                      <input type="radio" name="mode" value="public" defaultChecked={d.accessMode === "public"} />{" "}
                      {VISITOR_ACCESS_LABELS.public}
                    </label>
                    <label className="choice">
                      <input type="radio" name="mode" value="basic_auth" defaultChecked={d.accessMode === "basic_auth"} />{" "}
                      {VISITOR_ACCESS_LABELS.basic_auth}
                    </label>
                    <label className="choice">
                      <input type="radio" name="mode" value="api_key" defaultChecked={d.accessMode === "api_key"} />{" "}
                      {VISITOR_ACCESS_LABELS.api_key}
                    </label>
                  </fieldset>
                  <div className="grid-2">
                    <div className="field">
                      <label htmlFor="protect-username">Username (for a password)</label>
                      <input
                        id="protect-username"
                        name="username"
                        type="text"
                        autoComplete="off"
                        maxLength={64}
                        {...invalidProps("protect-username", protectErrors.username)}
                      />
                      <FieldError id="protect-username-error" errors={protectErrors.username} />
                    </div>
                    <div className="field">
                      <label htmlFor="protect-password">Password (at least 8 characters)</label>
                      <input
                        id="protect-password"
                        name="password"
                        type="password"
                        autoComplete="new-password"
                        maxLength={128}
                        {...invalidProps("protect-password", protectErrors.password)}
                      />
                      <FieldError id="protect-password-error" errors={protectErrors.password} />
                    </div>
                  </div>
                  <button type="submit" className="secondary" disabled={busy}>
                    Save who may visit
                  </button>
                </Form>
              </section>
            </>
          ) : null}

          {l.can.delete ? (
            <section className="card danger-zone" aria-labelledby="delete-heading">
              <h2 id="delete-heading">Delete</h2>
              <FormMessage error={forIntent("delete")?.formError} />
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <p>
                  <label>
                    <input type="checkbox" name="confirm" value="yes" required /> Yes, take <strong>{d.title || d.name}</strong>{" "}
                    offline and delete it for good
                  </label>
                </p>
                <button type="submit" className="danger" disabled={busy}>
                  Delete deployment
                </button>
              </Form>
            </section>
          ) : null}
          <p className="muted small">Lifetime: {ttlLabel(d.ttl)}.</p>
        </>
      ) : null}
    </>
  );
}
