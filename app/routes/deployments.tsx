import { href, Link } from "react-router";
import type { Route } from "./+types/deployments";
import { anyDeploymentChanging } from "../../domain/openberth/deployment-status";
import { deploymentLimit, getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { LiveRefresh } from "../components/live-refresh";
import { UnreachableNotice } from "../components/server-gate-notice";
import { deploymentRows } from "../.server/deployments/deployment-rows";
import { DeploymentTable } from "../components/deployment-table";
import { DEPLOYMENTS_PAGE as W, deploymentCountText, deploymentsTabTitle } from "../../domain/vocabulary";

export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:deployment");
  const { workspace } = page;
  const head = { ...page.head, canCreate: may(page, "create:deployment").allowed };
  if (!page.gate.open) return { head, gate: page.gate, trouble: null, deployments: [], limit: null, live: false };

  const listed = await withOpenBerth(rc, workspace, async (client, adminUserId) => ({
    list: await client.listDeployments(),
    adminUserId,
  }));
  if (!listed.ok) return { head, gate: page.gate, trouble: listed.message, deployments: [], limit: null, live: false };

  const plan = getPlan(workspace.billing.planId);
  const deployments = deploymentRows(listed.value.list.deployments, listed.value.adminUserId, rc.timeZone);
  const max = plan ? deploymentLimit(plan) : null;
  return {
    head,
    gate: page.gate,
    trouble: null,
    deployments,
    limit: { used: deployments.length, max },
    live: anyDeploymentChanging(listed.value.list.deployments),
  };
}

export const meta: Route.MetaFunction = ({ loaderData }) => [{ title: deploymentsTabTitle(loaderData?.head.name) }];

export default function Deployments({ loaderData: d }: Route.ComponentProps) {
  const slug = d.head.slug;
  return (
    <>
      <LiveRefresh active={d.live} everyMs={2_000} />
      <div className="page-head">
        <h1>{W.title}</h1>
        {d.gate.open && !d.trouble && d.head.canCreate ? (
          <div className="row-actions">
            <Link className="button" to={href("/workspaces/:slug/deployments/new", { slug })}>
              {W.newDeployment}
            </Link>
            <Link className="button secondary" to={href("/workspaces/:slug/sandboxes/new", { slug })}>
              {W.newSandbox}
            </Link>
          </div>
        ) : null}
      </div>
      {d.trouble ? <UnreachableNotice message={d.trouble} retryHref={href("/workspaces/:slug/deployments", { slug })} /> : null}
      {d.limit ? (
        <p className="muted" data-testid="deployment-count">
          {deploymentCountText(d.limit.used, d.limit.max)}
        </p>
      ) : null}
      {d.gate.open && !d.trouble && d.deployments.length === 0 ? (
        <section className="card empty">
          <h2>{W.emptyTitle}</h2>
          <p>{W.emptyBody}</p>
        </section>
      ) : null}
      {d.deployments.length > 0 ? <DeploymentTable slug={slug} rows={d.deployments} caption={W.caption} /> : null}
    </>
  );
}
