import { data, href, Link } from "react-router";
import type { Route } from "./+types/workspaces";
import { authorize } from "../../domain/authorize";
import { anyChanging } from "../../domain/lifecycle/lifecycle-decisions";
import { statusOf } from "../../domain/lifecycle/status";
import { BILLING_PAGE, regionName, SITE_FRAME, WORKSPACE_LIST_PAGE as P } from "../../domain/vocabulary";
import { accountSummary } from "../.server/account-summary";
import { requireAccount } from "../.server/auth/session";
import { getRequestContext } from "../../server/bindings/request-context";
import { listWorkspacesForAccount } from "../../server/repositories/workspaces";
import { LiveRefresh } from "../components/live-refresh";
import { StatusBadge } from "../components/status-badge";
import { TrialBanner } from "../components/trial-banner";
import { formatDate } from "../lib/format-date";

export async function loader({ request, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const account = requireAccount(request, context);
  const decision = authorize(account, "view:account", { type: "account" });
  if (!decision.allowed) throw data(null, { status: decision.status });
  const rows = await listWorkspacesForAccount(rc.db, account.id);
  const workspaces = rows.map((w) => {
    const status = statusOf(w.lifecycleState, w.suspensionReason);
    return {
      slug: w.slug,
      name: w.name,
      // Invited into it: whose it is (their plan, not yours, sets its limits).
      ownedBy: w.role === "owner" ? null : P.ownedBy(w.ownerName),
      status: { label: status.label, tone: status.tone },
      region: w.region ? regionName(w.region) : "",
      createdAt: w.createdAt.toISOString(),
      createdOn: formatDate(w.createdAt, rc.timeZone),
      keptUntil:
        w.lifecycleState === "suspended" && w.graceEndsAt
          ? BILLING_PAGE.dataKeptUntil(formatDate(w.graceEndsAt, rc.timeZone))
          : null,
    };
  });
  // The same countdown as /account, in the person's time zone.
  return {
    workspaces,
    summary: accountSummary(account, rc.timeZone),
    live: anyChanging(rows),
  };
}

export const meta: Route.MetaFunction = () => [{ title: SITE_FRAME.pageTitle(P.title) }];

export default function Workspaces({ loaderData }: Route.ComponentProps) {
  const { workspaces, summary, live } = loaderData;
  return (
    <>
      <LiveRefresh active={live} />
      <TrialBanner text={summary.trialText} endsOn={summary.trialEndsOn} />
      <div className="page-head">
        <h1>{P.heading}</h1>
        <Link className="button" to={href("/workspaces/new")}>
          {P.newWorkspace}
        </Link>
      </div>
      {workspaces.length === 0 ? (
        <section className="card empty">
          <h2>{P.emptyHeading}</h2>
          <p>{P.emptyBody}</p>
          <Link className="button" to={href("/workspaces/new")}>
            {P.createFirst}
          </Link>
        </section>
      ) : (
        <table className="list">
          <caption className="muted">{P.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{P.name}</th>
              <th scope="col">{P.status}</th>
              <th scope="col">{P.location}</th>
              <th scope="col">{P.created}</th>
            </tr>
          </thead>
          <tbody>
            {workspaces.map((w) => (
              <tr key={w.slug} data-testid="workspace-row">
                <td>
                  <Link to={href("/workspaces/:slug", { slug: w.slug })}>{w.name}</Link>
                  {w.ownedBy ? (
                    <div className="muted small" data-testid="owned-by">
                      {w.ownedBy}
                    </div>
                  ) : null}
                </td>
                <td>
                  <StatusBadge status={w.status} />
                  {w.keptUntil ? <span className="muted small"> {w.keptUntil}</span> : null}
                </td>
                <td>{w.region}</td>
                <td>
                  <time dateTime={w.createdAt}>{w.createdOn}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
