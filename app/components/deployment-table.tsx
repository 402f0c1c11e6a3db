import { href, Link } from "react-router";
import { DEPLOYMENTS_PAGE as W } from "../../domain/vocabulary";

/** One row (app/.server/deployments/deployment-rows.ts). */
export interface DeploymentRow {
  id: string;
  /** Its title, or its name when it has none. */
  title: string;
  /** Its name, when it differs from the title (its address is made from it). */
  name: string | null;
  sandbox: boolean;
  look: { tone: string; label: string };
  url: string | null;
  owner: string;
  created: string;
  createdAt: string;
  expires: string;
  expiresAt: string | null;
}

/** The deployments of a workspace; under 640 px each row stacks, labelled (app.css). */
export function DeploymentTable({ slug, rows, caption }: { slug: string; rows: readonly DeploymentRow[]; caption: string }) {
  return (
    <table className="list">
      <caption className="muted">{caption}</caption>
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
        {rows.map((x) => (
          <tr key={x.id} data-testid="deployment-row">
            <td>
              <Link
                to={
                  x.sandbox
                    ? href("/workspaces/:slug/sandboxes/:sandboxId", { slug, sandboxId: x.id })
                    : href("/workspaces/:slug/deployments/:deploymentId", { slug, deploymentId: x.id })
                }
              >
                {x.title}
              </Link>
              {x.sandbox ? <span className="tag">{W.sandboxTag}</span> : null}
              {x.name ? <div className="muted small">{x.name}</div> : null}
            </td>
            <td data-label={W.columns.status}>
              <span className={`status status-${x.look.tone}`}>{x.look.label}</span>
            </td>
            <td data-label={W.columns.address}>
              {x.url ? <a href={x.url}>{x.url.replace(/^https?:\/\//, "")}</a> : <span className="muted">{W.notOnline}</span>}
            </td>
            <td data-label={W.columns.owner}>{x.owner}</td>
            <td data-label={W.columns.created}>
              <time dateTime={x.createdAt}>{x.created}</time>
            </td>
            <td data-label={W.columns.expires}>{x.expiresAt ? <time dateTime={x.expiresAt}>{x.expires}</time> : x.expires}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
