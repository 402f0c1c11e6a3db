import { href, Link } from "react-router";
import type { Route } from "./+types/deployments";
import { anyDeploymentChanging, deploymentStatus } from "../../domain/openberth/deployment-status";
import { deploymentLimit, getPlan } from "../../domain/plans/catalog";
import { getRequestContext } from "../../server/bindings/request-context";
import { withOpenBerth } from "../.server/openberth/workspace-openberth";
import { workspacePage, may } from "../.server/workspaces/workspace-page";
import { LiveRefresh } from "../components/live-refresh";
import { UnreachableNotice } from "../components/server-gate-notice";
import { formatDate } from "../lib/format-date";
import { parseOpenBerthDate } from "../lib/openberth-dates";
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
  const deployments = listed.value.list.deployments.map((d) => {
    const created = parseOpenBerthDate(d.createdAt);
    const expires = parseOpenBerthDate(d.expiresAt);
    // The same status, address and owner as the deployment's own page.
    const status = deploymentStatus(d, listed.value.adminUserId);
    return {
      id: d.id,
      name: d.title || d.name,
      sandbox: d.mode === "sandbox",
      look: status.look,
      url: status.online ? d.url : null,
      owner: status.owner,
      created: created ? formatDate(created, rc.timeZone) : "",
      createdAt: created?.toISOString() ?? "",
      expires: expires ? formatDate(expires, rc.timeZone, "datetime") : W.neverExpires,
      expiresAt: expires?.toISOString() ?? null,
    };
  });
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
      {d.deployments.length > 0 ? (
        <table className="list">
          <caption className="muted">{W.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{W.columns.name}</th>
              <th scope="col">{W.columns.status}</th>
              <th scope="col">{W.columns.address}</th>
              <th scope="col">{W.columns.owner}</th>
              <th scope="col">{W.columns.created}</th>
              <th scope="col">{W.columns.expires}</th>
            </tr>
          </thead>
          <tbody>
            {d.deployments.map((x) => (
              <tr key={x.id} data-testid="deployment-row">
                <td>
                  <Link
                    to={
                      x.sandbox
                        ? href("/workspaces/:slug/sandboxes/:sandboxId", { slug, sandboxId: x.id })
                        : href("/workspaces/:slug/deployments/:deploymentId", { slug, deploymentId: x.id })
                    }
                  >
                    {x.name}
                  </Link>
                  {x.sandbox ? <span className="tag">{W.sandboxTag}</span> : null}
                </td>
                <td>
                  <span className={`status status-${x.look.tone}`}>{x.look.label}</span>
                </td>
                <td>
                  {x.url ? <a href={x.url}>{x.url.replace(/^https?:\/\//, "")}</a> : <span className="muted">{W.notOnline}</span>}
                </td>
                <td>{x.owner}</td>
                <td>
                  <time dateTime={x.createdAt}>{x.created}</time>
                </td>
                <td>{x.expiresAt ? <time dateTime={x.expiresAt}>{x.expires}</time> : x.expires}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
