import { getFormProps } from "@conform-to/react";
import { useMemo } from "react";
import { Form, href, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/workspace";
import { now } from "../../domain/clock";
import { isChanging } from "../../domain/lifecycle/lifecycle-decisions";
import { statusOf } from "../../domain/lifecycle/status";
import { isLifecycleReason } from "../../domain/lifecycle/lifecycle-reasons";
import type { Permission } from "../../domain/permissions";
import { upcomingTrialEnd } from "../../domain/trial";
import {
  regionName,
  SITE_FRAME,
  TIMELINE_REASONS,
  WORKSPACE_FORM_MESSAGES,
  WORKSPACE_OVERVIEW_PAGE as P,
} from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { renameWorkspace, workspaceTimeline } from "../../server/repositories/workspaces";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { may, workspacePage, workspaceStatus } from "../.server/workspaces/workspace-page";
import type { WorkspacePageHandle } from "./workspace-layout";
import { AnswerMessage, FormSummary, TextField, useIntentForm } from "../components/form-kit";
import { PausedHelp } from "../components/paused-help";
import { LiveRefresh } from "../components/live-refresh";
import { StatusBadge } from "../components/status-badge";
import { deleteWorkspaceSchema, renameWorkspaceSchema, retryWorkspaceSchema } from "../forms/workspace-forms";
import { formatDate } from "../lib/format-date";

/** The page's forms, and what each needs the member to be allowed. */
const FORMS = {
  rename: "rename:workspace",
  delete: "delete:workspace",
  retry: "manage:settings",
} as const satisfies Record<string, Permission>;
type Intent = keyof typeof FORMS;
/** The answer to a form this page doesn't have (an old tab, a changed button). */
const UNKNOWN_FORM = "overview";

export async function loader({ context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:workspace");
  const { workspace } = page;
  // Paused as soon as the billing owner's trial ends, even before the hourly sweep runs.
  const status = workspaceStatus(workspace);
  const timeline = await workspaceTimeline(rc.db, workspace.id);
  // The next change we already know of: the billing owner's trial will end and pause this workspace.
  const trialEnd = upcomingTrialEnd(workspace.billing, now());
  const nextChange =
    trialEnd && workspace.lifecycleState !== "suspended" && workspace.desiredState === "running"
      ? P.willPauseWhenTrialEnds(formatDate(trialEnd, rc.timeZone, "datetime"))
      : null;
  const settingUpFailed = workspace.lifecycleState === "failed" && !workspace.endpointUrl;
  return {
    name: workspace.name,
    slug: workspace.slug,
    status: { ...status, live: isChanging(workspace.desiredState, workspace.lifecycleState) },
    region: workspace.region ? regionName(workspace.region) : "",
    createdAt: workspace.createdAt.toISOString(),
    createdOn: formatDate(workspace.createdAt, rc.timeZone),
    nextChange,
    paused: page.gate.open ? null : (page.gate.paused ?? null),
    timeZone: rc.timeZone,
    isOwner: may(page, "manage:billing").allowed,
    settingUpFailed,
    deleting: workspace.desiredState === "deleted",
    can: {
      rename: may(page, FORMS.rename).allowed,
      delete: may(page, FORMS.delete).allowed,
      retry: settingUpFailed && may(page, FORMS.retry).allowed,
    },
    timeline: timeline.map((entry) => ({
      id: entry.id,
      at: entry.createdAt.toISOString(),
      when: formatDate(entry.createdAt, rc.timeZone, "datetime"),
      label: statusOf(entry.state, null).label,
      text: isLifecycleReason(entry.reason) ? TIMELINE_REASONS[entry.reason] : "",
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  // Anyone who is not a member got the same 404 as for a workspace that never existed.
  const page = workspacePage(context, "view:workspace");
  const { account, workspace } = page;
  const form = await readIntentForm(request, {
    rename: renameWorkspaceSchema,
    delete: deleteWorkspaceSchema(workspace.name),
    retry: retryWorkspaceSchema,
  });
  if (!form.intent) return unknownForm(UNKNOWN_FORM);
  const { intent, submission } = form;
  const decision = may(page, FORMS[intent]);
  if (!decision.allowed) return refused(intent, submission, decision.message, { status: 403 });
  // Once deletion is asked for, nothing else changes it (and asking twice says so).
  if (workspace.desiredState === "deleted")
    return refused(intent, submission, WORKSPACE_FORM_MESSAGES.beingDeleted, { status: 409 });
  const actor = `account:${account.id}`;
  const here = href("/workspaces/:slug", { slug: workspace.slug });

  if (form.intent === "rename") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    await renameWorkspace(rc.db, workspace.id, form.submission.value.name, now(), actor);
    rc.log.info("workspace.renamed", { workspaceId: workspace.id });
    return redirect(here);
  }
  if (form.intent === "delete") {
    if (form.submission.status !== "success") return invalid(intent, submission);
    await rc.coordinator(workspace.id).requestDelete({ actor, traceId: rc.traceId });
    rc.log.info("workspace.delete_requested", { workspaceId: workspace.id });
    return redirect(href("/workspaces"));
  }
  if (form.submission.status !== "success") return invalid(intent, submission);
  // Set up after all, or deleted, since the page was shown: the page now says where it is.
  if (workspace.lifecycleState !== "failed")
    return refused(intent, submission, WORKSPACE_FORM_MESSAGES.nothingToRetry, { status: 409 });
  await rc.coordinator(workspace.id).retrySetup({ actor, traceId: rc.traceId });
  return redirect(here);
}

/** The overview explains the workspace's state itself; the layout's notice would repeat it. */
export const handle: WorkspacePageHandle = { showsOwnStatus: true };

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: SITE_FRAME.pageTitle(loaderData?.name ?? P.title) }];

export default function Workspace({ loaderData: w, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const submittingIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const shown: Record<Intent, boolean> = {
    rename: w.can.rename && !w.deleting,
    delete: w.can.delete && !w.deleting,
    retry: w.can.retry,
  };
  // An answer to a form that isn't on the page (any more) is said at the top.
  const elsewhere = [UNKNOWN_FORM, ...(Object.keys(shown) as Intent[]).filter((intent) => !shown[intent])];

  return (
    <>
      <LiveRefresh active={w.status.live} />
      <div className="page-head">
        <h1>{w.name}</h1>
      </div>
      <AnswerMessage answer={actionData} intents={elsewhere} />

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading" className="status-line">
          {P.status} <StatusBadge status={w.status} />
        </h2>
        <p data-testid="status-description" aria-live="polite">
          {w.status.description}
        </p>
        {w.nextChange ? <p className="muted">{w.nextChange}</p> : null}
        {w.paused ? <PausedHelp {...w.paused} timeZone={w.timeZone} isOwner={w.isOwner} /> : null}
        {shown.retry ? (
          <>
            <AnswerMessage answer={actionData} intents={["retry"]} />
            <Form method="post">
              <input type="hidden" name="intent" value="retry" />
              <button type="submit" disabled={submittingIntent === "retry"}>
                {P.tryAgain}
              </button>
            </Form>
          </>
        ) : null}
        <dl className="facts">
          <dt>{P.location}</dt>
          <dd>{w.region}</dd>
          <dt>{P.created}</dt>
          <dd>
            <time dateTime={w.createdAt}>{w.createdOn}</time>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{P.timelineHeading}</h2>
        <ol className="timeline" data-testid="timeline">
          {w.timeline.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{entry.when}</time>
              <span>
                <strong>{entry.label}.</strong> {entry.text}
              </span>
            </li>
          ))}
        </ol>
      </section>

      {/* A new name starts the form afresh with it. */}
      {shown.rename ? <RenameForm key={w.name} name={w.name} answer={actionData} busy={submittingIntent === "rename"} /> : null}
      {shown.delete ? <DeleteForm name={w.name} answer={actionData} busy={submittingIntent === "delete"} /> : null}
    </>
  );
}

function RenameForm({ name, answer, busy }: { name: string; answer: unknown; busy: boolean }) {
  const { form, fields, done } = useIntentForm("rename", renameWorkspaceSchema, answer, { defaultValue: { name } });
  return (
    <section className="card" aria-labelledby="rename-heading">
      <h2 id="rename-heading">{P.renameHeading}</h2>
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="rename" />
        <TextField field={fields.name} label={P.name} maxLength={200} autoComplete="off" />
        <button type="submit" className="secondary" disabled={busy}>
          {P.saveName}
        </button>
      </Form>
    </section>
  );
}

function DeleteForm({ name, answer, busy }: { name: string; answer: unknown; busy: boolean }) {
  // The browser checks the typed name against the workspace's, as the server does.
  const schema = useMemo(() => deleteWorkspaceSchema(name), [name]);
  const { form, fields, done } = useIntentForm("delete", schema, answer);
  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{P.deleteHeading}</h2>
      <p>
        {P.deleteWarning} <strong>{name}</strong>
      </p>
      <FormSummary form={form} done={done} />
      <Form method="post" className="inline-form" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="delete" />
        <TextField field={fields.confirmName} label={P.confirmName} autoComplete="off" />
        <button type="submit" className="danger" disabled={busy}>
          {P.delete}
        </button>
      </Form>
    </section>
  );
}
