import { data, href, Link } from "react-router";
import type { Route } from "./+types/deployment-logs";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage } from "../.server/workspaces/workspace-page";
import { LiveLog } from "../components/live-log";
import { UnreachableNotice } from "../components/server-gate-notice";
import { DEPLOYMENT_LOG_PAGE as W, deploymentLogHeading, deploymentLogTabTitle } from "../../domain/vocabulary";

/** What OpenBerth answers while no container exists (first build, or a failed one). */
const NO_CONTAINER = "Error fetching logs: exit status 1";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:logs");
  if (!isOpenBerthId(params.deploymentId)) throw data(null, { status: 404 });
  const head = { ...page.head, id: params.deploymentId };
  const timeZone = rc.timeZone;
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, lines: [] as string[], name: "", empty: false, timeZone };
  const read = await withOpenBerth(rc, page.workspace, async (client) => ({
    d: await client.getDeployment(params.deploymentId),
    logs: await client.logs(params.deploymentId, 200),
  }));
  if (!read.ok && read.kind === "not_found") throw data(null, { status: 404 });
  if (!read.ok) return { head, gate: page.gate, trouble: read.message, lines: [], name: "", empty: false, timeZone };
  const text = read.value.logs.logs;
  const empty = text.trim() === NO_CONTAINER || text.trim() === "";
  return {
    head,
    gate: page.gate,
    trouble: null,
    lines: empty ? [] : text.split("\n").filter(Boolean),
    name: read.value.d.title || read.value.d.name,
    empty,
    timeZone,
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: deploymentLogTabTitle(loaderData?.name) }];

export default function DeploymentLogs({ loaderData: l }: Route.ComponentProps) {
  const ids = { slug: l.head.slug, deploymentId: l.head.id };
  const logs = href("/workspaces/:slug/deployments/:deploymentId/logs", ids);
  return (
    <>
      <div className="page-head">
        <h1>{deploymentLogHeading(l.name)}</h1>
        <Link to={href("/workspaces/:slug/deployments/:deploymentId", ids)}>{W.back}</Link>
      </div>
      {l.trouble ? <UnreachableNotice message={l.trouble} retryHref={logs} /> : null}
      {l.gate.open && !l.trouble ? (
        <>
          <p className="muted">
            {W.about} <a href={logs}>{W.refresh}</a>
          </p>
          {l.empty ? <p className="notice info">{W.empty}</p> : null}
          <LiveLog
            initial={l.lines}
            timeZone={l.timeZone}
            streamUrl={href("/workspaces/:slug/deployments/:deploymentId/logs/stream", ids)}
          />
        </>
      ) : null}
    </>
  );
}
