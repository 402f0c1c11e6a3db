import { href, NavLink } from "react-router";
import { WORKSPACE_NAV as W } from "../../domain/vocabulary";

/** The workspace's sections, each a route under the workspace's layout (app/routes.ts). */
function tabs(slug: string) {
  return [
    { to: href("/workspaces/:slug", { slug }), label: W.overview, end: true },
    { to: href("/workspaces/:slug/deployments", { slug }), label: W.deployments, end: false },
    { to: href("/workspaces/:slug/access-keys", { slug }), label: W.accessKeys, end: false },
    { to: href("/workspaces/:slug/secrets", { slug }), label: W.secrets, end: false },
    { to: href("/workspaces/:slug/people", { slug }), label: W.people, end: false },
    { to: href("/workspaces/:slug/settings", { slug }), label: W.settings, end: false },
  ];
}

/** The workspace's name and its sections; shown on every page inside a workspace. */
export function WorkspaceNav({ slug, name }: { slug: string; name: string }) {
  return (
    <div className="workspace-head">
      <p className="muted crumbs">
        <a href={href("/workspaces")}>{W.workspaces}</a> / <a href={href("/workspaces/:slug", { slug })}>{name}</a>
      </p>
      <nav className="tabs" aria-label={W.label}>
        {tabs(slug).map((tab) => (
          <NavLink key={tab.label} to={tab.to} end={tab.end} prefetch="intent">
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
