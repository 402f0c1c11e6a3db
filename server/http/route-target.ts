/**
 * Which route a request would reach, worked out before React Router runs, so that two
 * mistakes get our plain page instead of React Router's: a form sent to a page that takes
 * none (React Router answers 405 but streams its internal "You made a POST request to …
 * but did not provide an `action`" into the page's data), and an address no route pattern
 * matches (the catch-all's pattern skips line separators, U+2028/U+2029, and React Router
 * streams "No route matches URL …"). Matching uses React Router's own matchRoutes over the
 * server build's route list, and the action target follows its rule: `?index` sends the
 * form to the index route, otherwise to the deepest route that adds to the path.
 */
import { matchRoutes, type RouteObject } from "react-router";

/** The server build's route list, as much of it as matching needs. */
export type RouteManifest = Record<
  string,
  | { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; module: { action?: unknown } }
  | undefined
>;

type Node = RouteObject & { hasAction: boolean; children?: Node[] };

export type RouteTarget = "no-route" | "no-action" | "ok";

const trees = new WeakMap<RouteManifest, Node[]>();

function treeOf(manifest: RouteManifest): Node[] {
  let tree = trees.get(manifest);
  if (!tree) {
    const build = (parentId: string | undefined): Node[] =>
      Object.values(manifest)
        .filter((r) => r !== undefined && r.parentId === parentId)
        .map((r) => {
          const node = {
            id: r!.id,
            path: r!.path,
            caseSensitive: r!.caseSensitive,
            hasAction: typeof r!.module.action === "function",
          };
          return (r!.index ? { ...node, index: true } : { ...node, children: build(r!.id) }) as Node;
        });
    tree = build(undefined);
    trees.set(manifest, tree);
  }
  return tree;
}

/**
 * The path React Router matches: a data request (`/a/b.data`, `/a/_.data` for `/a/`) is
 * matched as the page it is for (its v8_trailingSlashAwareDataRequests rule).
 */
function routePath(pathname: string): string {
  if (pathname.endsWith("/_.data")) return pathname.slice(0, -"_.data".length);
  if (pathname.endsWith(".data")) return pathname.slice(0, -".data".length);
  return pathname;
}

/** Where `method url` lands: nowhere, a route without an action (for a POST), or fine. */
export function routeTarget(manifest: RouteManifest, method: string, url: URL): RouteTarget {
  const matches = matchRoutes(treeOf(manifest), routePath(url.pathname));
  if (!matches || matches.length === 0) return "no-route";
  if (method !== "POST") return "ok";
  const last = matches[matches.length - 1]!.route as Node;
  const wantsIndex = url.searchParams.getAll("index").some((v) => v === "");
  const addsToPath = matches.filter((m, i) => i === 0 || (m.route.path && m.route.path.length > 0));
  const target = (last.index && wantsIndex ? last : addsToPath[addsToPath.length - 1]!.route) as Node;
  return target.hasAction ? "ok" : "no-action";
}
