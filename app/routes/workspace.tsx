import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/workspace";
import { now } from "../../domain/clock";
import { isChanging } from "../../domain/lifecycle/lifecycle-decisions";
import { statusOf } from "../../domain/lifecycle/status";
import { isLifecycleReason } from "../../domain/lifecycle/lifecycle-reasons";
import { upcomingTrialEnd } from "../../domain/trial";
import { regionName, TIMELINE_REASONS, WORKSPACE_FORM_MESSAGES } from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { renameWorkspace, workspaceTimeline } from "../../server/repositories/workspaces";
import { decide } from "../.server/workspaces/workspace-access";
import { workspacePage, workspaceStatus } from "../.server/workspaces/workspace-page";
import type { WorkspacePageHandle } from "./workspace-layout";
import { FieldError } from "../components/field-error";
import { LiveRefresh } from "../components/live-refresh";
import { StatusBadge } from "../components/status-badge";
import { deleteWorkspaceSchema, renameWorkspaceSchema, retryWorkspaceSchema } from "../forms/workspace-forms";
import { formatDate } from "../lib/format-date";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const { account, workspace } = workspacePage(context, "view:workspace");
  // Paused as soon as the billing owner's trial ends, even before the hourly sweep runs.
  const status = workspaceStatus(workspace);
  const timeline = await workspaceTimeline(rc.db, workspace.id);
  // The next change we already know of: the billing owner's trial will end and pause this workspace.
  const trialEnd = upcomingTrialEnd({ planId: workspace.billingPlanId, trialEndsAt: workspace.billingTrialEndsAt }, now());
  const nextChange =
    trialEnd && workspace.lifecycleState !== "suspended" && workspace.desiredState === "running"
      ? `It will pause when the free trial ends, on ${formatDate(trialEnd, rc.timeZone, "datetime")}.`
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
    settingUpFailed,
    deleting: workspace.desiredState === "deleted",
    can: {
      rename: decide(account, workspace, "rename:workspace").allowed,
      delete: decide(account, workspace, "delete:workspace").allowed,
      retry: settingUpFailed && decide(account, workspace, "manage:settings").allowed,
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

export async function action({ request, params, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  // Anyone who is not a member got the same 404 as for a workspace that never existed.
  const { account, workspace } = workspacePage(context, "view:workspace");
  const formData = await request.formData().catch(() => new FormData());
  const actor = `account:${account.id}`;
  const refuse = (message: string, status: 400 | 403 = 403) =>
    data({ intent: String(formData.get("intent")), formError: message, reply: null }, { status });

  switch (formData.get("intent")) {
    case "rename": {
      const decision = decide(account, workspace, "rename:workspace");
      if (!decision.allowed) return refuse(decision.message);
      const submission = parseWithZod(formData, { schema: renameWorkspaceSchema });
      if (submission.status !== "success")
        return data({ intent: "rename", formError: null, reply: submission.reply() }, { status: 400 });
      await renameWorkspace(rc.db, workspace.id, submission.value.name, now());
      rc.log.info("workspace.renamed", { workspaceId: workspace.id });
      return redirect(`/workspaces/${workspace.slug}`);
    }
    case "delete": {
      const decision = decide(account, workspace, "delete:workspace");
      if (!decision.allowed) return refuse(decision.message);
      const submission = parseWithZod(formData, { schema: deleteWorkspaceSchema });
      if (submission.status !== "success" || submission.value.confirmName.trim() !== workspace.name) {
        return data(
          {
            intent: "delete",
            formError: null,
            reply: submission.reply({ fieldErrors: { confirmName: [WORKSPACE_FORM_MESSAGES.confirmMismatch] } }),
          },
          { status: 400 },
        );
      }
      await rc.coordinator(workspace.id).requestDelete({ actor, traceId: rc.traceId });
      rc.log.info("workspace.delete_requested", { workspaceId: workspace.id });
      return redirect("/workspaces");
    }
    case "retry": {
      const decision = decide(account, workspace, "manage:settings");
      if (!decision.allowed) return refuse(decision.message);
      if (
        parseWithZod(formData, { schema: retryWorkspaceSchema }).status !== "success" ||
        workspace.lifecycleState !== "failed"
      ) {
        return redirect(`/workspaces/${workspace.slug}`);
      }
      await rc.coordinator(workspace.id).retrySetup({ actor, traceId: rc.traceId });
      return redirect(`/workspaces/${workspace.slug}`);
    }
    default:
      return refuse(WORKSPACE_FORM_MESSAGES.somethingChanged, 400);
  }
}

/** The overview explains the workspace's state itself; the layout's notice would repeat it. */
export const handle: WorkspacePageHandle = { showsOwnStatus: true };

export const meta: Route.MetaFunction = ({ loaderData }) => [
  { title: loaderData ? `${loaderData.name} · Harbor` : "Workspace · Harbor" },
];

export default function Workspace({ loaderData: w, actionData }: Route.ComponentProps) {
  const navigation = useNavigation();
  const submittingIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const renameResult = actionData?.intent === "rename" ? actionData.reply : undefined;
  const deleteResult = actionData?.intent === "delete" ? actionData.reply : undefined;
  const [renameForm, renameFields] = useForm({
    id: "rename",
    lastResult: renameResult,
    defaultValue: { name: w.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: renameWorkspaceSchema }),
    shouldValidate: "onBlur",
  });
  const [deleteForm, deleteFields] = useForm<{ confirmName: string }>({ id: "delete", lastResult: deleteResult });

  return (
    <>
      <LiveRefresh active={w.status.live} />
      <div className="page-head">
        <h1>{w.name}</h1>
      </div>
      {actionData?.formError ? (
        <p className="notice bad" role="alert">
          {actionData.formError}
        </p>
      ) : null}

      <section className="card" aria-labelledby="status-heading">
        <h2 id="status-heading" className="status-line">
          Status <StatusBadge status={w.status} />
        </h2>
        <p data-testid="status-description" aria-live="polite">
          {w.status.description}
        </p>
        {w.nextChange ? <p className="muted">{w.nextChange}</p> : null}
        {w.can.retry ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retry" />
            <button type="submit" disabled={submittingIntent === "retry"}>
              Try again
            </button>
          </Form>
        ) : null}
        <dl className="facts">
          <dt>Location</dt>
          <dd>{w.region}</dd>
          <dt>Created</dt>
          <dd>
            <time dateTime={w.createdAt}>{w.createdOn}</time>
          </dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">What happened</h2>
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

      {w.can.rename && !w.deleting ? (
        <section className="card" aria-labelledby="rename-heading">
          <h2 id="rename-heading">Rename</h2>
          <Form method="post" className="inline-form" {...getFormProps(renameForm)}>
            <input type="hidden" name="intent" value="rename" />
            <div className="field">
              <label htmlFor={renameFields.name.id}>Name</label>
              <input {...getInputProps(renameFields.name, { type: "text" })} maxLength={200} autoComplete="off" />
            </div>
            <button type="submit" className="secondary" disabled={submittingIntent === "rename"}>
              Save name
            </button>
          </Form>
          <FieldError id={renameFields.name.errorId} errors={renameFields.name.errors} />
        </section>
      ) : null}

      {w.can.delete && !w.deleting ? (
        <section className="card danger-zone" aria-labelledby="delete-heading">
          <h2 id="delete-heading">Delete this workspace</h2>
          <p>
            Everything in it — websites, apps, files and settings — is removed for good. This can't be undone. To confirm, type
            the workspace's name: <strong>{w.name}</strong>
          </p>
          <Form method="post" className="inline-form" {...getFormProps(deleteForm)}>
            <input type="hidden" name="intent" value="delete" />
            <div className="field">
              <label htmlFor={deleteFields.confirmName.id}>Workspace name</label>
              <input {...getInputProps(deleteFields.confirmName, { type: "text" })} autoComplete="off" />
            </div>
            <button type="submit" className="danger" disabled={submittingIntent === "delete"}>
              Delete workspace
            </button>
          </Form>
          <FieldError id={deleteFields.confirmName.errorId} errors={deleteFields.confirmName.errors} />
        </section>
      ) : null}
    </>
  );
}
