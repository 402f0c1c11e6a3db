import { data, Link } from "react-router";
import type { Route } from "./+types/workspaces";
import { authorize } from "../../domain/authorize";
import { anyChanging } from "../../domain/lifecycle/lifecycle-decisions";
import { statusOf } from "../../domain/lifecycle/status";
import { regionName } from "../../domain/vocabulary";
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
      status: { label: status.label, tone: status.tone },
      region: w.region ? regionName(w.region) : "",
      createdAt: w.createdAt.toISOString(),
      createdOn: formatDate(w.createdAt, rc.timeZone),
    };
  });
  // The same countdown as /account, in the person's time zone.
  return { workspaces, summary: accountSummary(account, rc.timeZone), live: anyChanging(rows) };
}

export const meta: Route.MetaFunction = () => [{ title: "Your workspaces · Harbor" }];

export default function Workspaces({ loaderData }: Route.ComponentProps) {
  const { workspaces, summary, live } = loaderData;
  return (
    <>
      <LiveRefresh active={live} />
      <TrialBanner text={summary.trialText} endsOn={summary.trialEndsOn} />
      <div className="page-head">
        <h1>Your workspaces</h1>
        <Link className="button" to="/workspaces/new">
          New workspace
        </Link>
      </div>
      {workspaces.length === 0 ? (
        <section className="card empty">
          <h2>No workspaces yet</h2>
          <p>A workspace is your own private space for websites and apps. Create one to get started — it takes a few seconds.</p>
          <Link className="button" to="/workspaces/new">
            Create your first workspace
          </Link>
        </section>
      ) : (
        <table className="list">
          <caption className="muted">Workspaces you can use</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Location</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {workspaces.map((w) => (
              <tr key={w.slug} data-testid="workspace-row">
                <td>
                  <Link to={`/workspaces/${w.slug}`}>{w.name}</Link>
                </td>
                <td>
                  <StatusBadge status={w.status} />
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
