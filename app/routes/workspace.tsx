import { Form, href, Link, redirect, useNavigation } from "react-router";
import type { Route } from "./+types/workspace";
import { now } from "../../domain/clock";
import { isChanging } from "../../domain/lifecycle/lifecycle-decisions";
import { statusOf } from "../../domain/lifecycle/status";
import type { Permission } from "../../domain/permissions";
import { upcomingTrialEnd } from "../../domain/trial";
import {
  regionName,
  SITE_FRAME,
  timelineText,
  WORKSPACE_FORM_MESSAGES,
  WORKSPACE_OVERVIEW_PAGE as P,
} from "../../domain/vocabulary";
import { getRequestContext } from "../../server/bindings/request-context";
import { workspaceTimeline } from "../../server/repositories/workspaces";
import { invalid, readIntentForm, refused, unknownForm } from "../.server/forms/form-reply";
import { may, workspacePage, workspaceStatus } from "../.server/workspaces/workspace-page";
import { changeWorkspace } from "../.server/workspaces/workspace-changes";
import type { WorkspacePageHandle } from "./workspace-layout";
import { AnswerMessage } from "../components/form-kit";
import { PausedHelp } from "../components/paused-help";
import { LiveRefresh } from "../components/live-refresh";
import { StatusBadge } from "../components/status-badge";
import { deleteWorkspaceSchema, renameWorkspaceSchema, retryWorkspaceSchema } from "../forms/workspace-forms";
import { timelineLines } from "../../domain/workspaces/timeline";
import { FirstSiteForm } from "../components/first-site-form";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { deploymentRows } from "../.server/deployments/deployment-rows";
import { DeploymentTable, type DeploymentRow } from "../components/deployment-table";
import { anyDeploymentChanging } from "../../domain/openberth/deployment-status";
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
  const sites = page.gate.open ? await sitesOf(rc, page) : null;
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
    sites,
    defaultTtl: workspace.defaultTtl,
    canCreate: may(page, "create:deployment").allowed,
    canManageKeys: may(page, "manage:access-key").allowed,
    timeline: timelineLines(timeline).map((entry) => ({
      id: entry.id,
      at: entry.createdAt.toISOString(),
      when: formatDate(entry.createdAt, rc.timeZone, "datetime"),
      // The status word only where it changed: a run of lines in one state says it once.
      label: entry.showsState ? statusOf(entry.state, null).label : null,
      text: timelineText(entry.reason, entry.actorName),
    })),
  };
}

/**
 * The workspace's sites, and how far through the first steps it is. A server that can't be
 * asked just now leaves the rest of the overview as it is.
 */
async function sitesOf(rc: ReturnType<typeof getRequestContext>, page: ReturnType<typeof workspacePage>) {
  const read = await withOpenBerth(rc, page.workspace, async (client, adminUserId) => {
    const [list, users] = await Promise.all([client.listDeployments(), client.listUsers()]);
    return { list: list.deployments, users: users.users, adminUserId };
  });
  if (!read.ok) return { ok: false as const };
  const { list, users, adminUserId } = read.value;
  const sites = list.filter((d) => d.mode !== "sandbox");
  return {
    ok: true as const,
    rows: deploymentRows(list, adminUserId, rc.timeZone) as DeploymentRow[],
    live: anyDeploymentChanging(list),
    checklist: {
      site: sites.length > 0,
      password: list.some((d) => d.accessMode !== "public"),
      key: users.some((u) => u.role !== "admin"),
    },
    /** Where "protect a site" leads: the first site's page (its Who may visit form). */
    firstSiteId: sites[0]?.id ?? null,
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const rc = getRequestContext(context);
  // Anyone who is not a member got the same 404 as for a workspace that never existed.
  const page = workspacePage(context, "view:workspace");
  const { account, workspace } = page;
  const form = await readIntentForm(request, {
    rename: renameWorkspaceSchema,
    delete: deleteWorkspaceSchema,
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

  // Old tabs still send these here; they now live on Settings.
  if (form.intent === "rename" || form.intent === "delete") return changeWorkspace(rc, page, form.intent, form.submission);
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
  // Rename and delete live on Settings; their answers (from a tab opened before) show at the top.
  const shown: Record<Intent, boolean> = { rename: false, delete: false, retry: w.can.retry };
  // An answer to a form that isn't on the page (any more) is said at the top.
  const elsewhere = [UNKNOWN_FORM, ...(Object.keys(shown) as Intent[]).filter((intent) => !shown[intent])];

  return (
    <>
      <LiveRefresh active={w.status.live || Boolean(w.sites?.ok && w.sites.live)} />
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
        {(w.can.rename || w.can.delete) && !w.deleting ? (
          <p className="small">
            <Link to={href("/workspaces/:slug/settings", { slug: w.slug })}>{P.renameOrDelete}</Link>
          </p>
        ) : null}
      </section>

      {w.sites ? <Sites w={w} /> : null}

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{P.timelineHeading}</h2>
        <ol className="timeline" data-testid="timeline">
          {w.timeline.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{entry.when}</time>
              <span>
                {entry.label ? <strong>{`${entry.label}.`}</strong> : null} {entry.text}
              </span>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

type Overview = Route.ComponentProps["loaderData"];

/** The sites, a first-site box when there is none yet, and the first steps still to take. */
function Sites({ w }: { w: Overview }) {
  const sites = w.sites;
  if (!sites) return null;
  const slug = w.slug;
  if (!sites.ok)
    return (
      <section className="card" aria-labelledby="sites-heading">
        <h2 id="sites-heading">{P.deploymentsHeading}</h2>
        <p className="notice warn">{P.deploymentsTrouble}</p>
      </section>
    );
  const steps = sites.checklist;
  const stepsLeft = !steps.site || !steps.password || !steps.key;
  return (
    <>
      {!steps.site && w.canCreate ? (
        <section className="card" aria-labelledby="first-site-heading" data-testid="first-site">
          <h2 id="first-site-heading">{P.firstSiteHeading}</h2>
          <p>{P.firstSiteBody}</p>
          <FirstSiteForm slug={slug} defaultTtl={w.defaultTtl} />
          <p className="small">
            <Link to={href("/workspaces/:slug/deployments/new", { slug })}>{P.uploadInstead}</Link>
          </p>
        </section>
      ) : null}

      {stepsLeft ? (
        <section className="card" aria-labelledby="checklist-heading" data-testid="checklist">
          <h2 id="checklist-heading">{P.checklistHeading}</h2>
          <ul className="checklist">
            <Step done={steps.site} to={href("/workspaces/:slug/deployments/new", { slug })} text={P.checklist.site} />
            <Step
              done={steps.password}
              to={
                sites.firstSiteId
                  ? `${href("/workspaces/:slug/deployments/:deploymentId", { slug, deploymentId: sites.firstSiteId })}#protect-heading`
                  : href("/workspaces/:slug/deployments/new", { slug })
              }
              text={P.checklist.password}
            />
            {w.canManageKeys ? (
              <Step done={steps.key} to={href("/workspaces/:slug/access-keys", { slug })} text={P.checklist.key} />
            ) : null}
          </ul>
        </section>
      ) : null}

      {sites.rows.length > 0 ? (
        <section className="card" aria-labelledby="sites-heading">
          <div className="page-head">
            <h2 id="sites-heading">{P.deploymentsHeading}</h2>
            <Link to={href("/workspaces/:slug/deployments", { slug })}>{P.allDeployments}</Link>
          </div>
          <DeploymentTable slug={slug} rows={sites.rows} caption={P.deploymentsCaption} />
        </section>
      ) : null}
    </>
  );
}

function Step({ done, to, text }: { done: boolean; to: string; text: string }) {
  return (
    <li className={done ? "done" : undefined} data-done={done ? "yes" : "no"}>
      {done ? (
        <>
          {text} <span className="sr-only">({P.checklistDone})</span>
        </>
      ) : (
        <Link to={to}>{text}</Link>
      )}
    </li>
  );
}
