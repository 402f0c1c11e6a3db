import { NavLink } from "react-router";

const TABS = [
  { to: "", label: "Overview", end: true },
  { to: "/deployments", label: "Deployments", end: false },
  { to: "/access-keys", label: "Access keys", end: false },
  { to: "/secrets", label: "Secrets", end: false },
  { to: "/settings", label: "Settings", end: false },
] as const;

/** The workspace's name and its sections; shown on every page inside a workspace. */
export function WorkspaceNav({ slug, name }: { slug: string; name: string }) {
  return (
    <div className="workspace-head">
      <p className="muted crumbs">
        <a href="/workspaces">Workspaces</a> / <a href={`/workspaces/${slug}`}>{name}</a>
      </p>
      <nav className="tabs" aria-label="Workspace">
        {TABS.map((tab) => (
          <NavLink key={tab.label} to={`/workspaces/${slug}${tab.to}`} end={tab.end} prefetch="intent">
            {tab.label}
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
