/**
 * Routing as Go 1.22's http.ServeMux does it for OpenBerth's patterns:
 *
 * - patterns are `[METHOD ]/path/{wildcard}/…`; a trailing `/` makes a prefix pattern,
 *   `{$}` matches only the path itself; a GET pattern also serves HEAD;
 * - the most specific pattern wins (a literal segment beats a wildcard, an exact pattern
 *   beats a prefix one);
 * - no pattern for the path → 404 `404 page not found`; patterns for the path but not the
 *   method → 405 `Method Not Allowed` with `Allow` listing them (sorted, HEAD added to GET);
 * - a path that is not clean (`//`, `.`, `..`) is redirected (301) to its clean form.
 */

type Segment = { literal: string } | { wildcard: string };

interface Route<H> {
  method: string | null;
  segments: Segment[];
  /** Ends in `/`: also matches every path below it. */
  prefix: boolean;
  handler: H;
}

export type MuxResult<H> =
  | { kind: "match"; handler: H; params: Record<string, string> }
  | { kind: "not-found" }
  | { kind: "method-not-allowed"; allow: string }
  | { kind: "redirect"; path: string };

export class GoMux<H> {
  #routes: Route<H>[] = [];

  handle(pattern: string, handler: H): void {
    const space = pattern.indexOf(" ");
    const method = space > 0 ? pattern.slice(0, space) : null;
    const path = space > 0 ? pattern.slice(space + 1) : pattern;
    let prefix = path.endsWith("/");
    let body = path.slice(1, prefix ? -1 : undefined);
    if (body.endsWith("{$}")) {
      body = body.slice(0, -"{$}".length).replace(/\/$/, "");
      prefix = false;
    }
    const segments: Segment[] =
      body === ""
        ? []
        : body.split("/").map((s) => (s.startsWith("{") && s.endsWith("}") ? { wildcard: s.slice(1, -1) } : { literal: s }));
    // `/{$}` and `/` both start from the root; `/` alone is a prefix of everything.
    this.#routes.push({ method, segments, prefix: path === "/" ? true : prefix, handler });
  }

  resolve(method: string, rawPath: string): MuxResult<H> {
    const clean = cleanPath(rawPath);
    if (clean !== rawPath) return { kind: "redirect", path: clean };
    const segments = splitPath(rawPath);
    if (segments === null) return { kind: "not-found" };

    const matching = this.#routes
      .map((route) => ({ route, params: matchRoute(route, segments) }))
      .filter((m): m is { route: Route<H>; params: Record<string, string> } => m.params !== null);
    const forMethod = matching.filter(
      (m) => m.route.method === null || m.route.method === method || (method === "HEAD" && m.route.method === "GET"),
    );
    if (forMethod.length > 0) {
      forMethod.sort((a, b) => compareSpecificity(a.route, b.route));
      const best = forMethod[0];
      if (best) return { kind: "match", handler: best.route.handler, params: best.params };
    }
    const methods = new Set<string>();
    for (const m of matching) if (m.route.method) methods.add(m.route.method);
    if (methods.size === 0) return { kind: "not-found" };
    if (methods.has("GET")) methods.add("HEAD");
    return { kind: "method-not-allowed", allow: [...methods].sort().join(", ") };
  }
}

/** The path's segments, unescaped; null when an escape is malformed. A trailing "/" gives a last "". */
function splitPath(path: string): string[] | null {
  const parts = path.slice(1).split("/");
  try {
    return parts.map((p) => decodeURIComponent(p));
  } catch {
    return null;
  }
}

function matchRoute<H>(route: Route<H>, segments: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  const n = route.segments.length;
  if (route.prefix) {
    // `/a/` matches `/a/` and `/a/anything…`: the path has the pattern's segments plus at least "".
    if (segments.length < n + 1 && !(n === 0 && segments.length >= 1)) return null;
  } else if (segments.length !== n && !(n === 0 && segments.length === 1 && segments[0] === "")) {
    return null;
  }
  for (let i = 0; i < n; i++) {
    const seg = route.segments[i];
    const value = segments[i];
    if (seg === undefined || value === undefined) return null;
    if ("literal" in seg) {
      if (seg.literal !== value) return null;
    } else {
      if (value === "") return null;
      params[seg.wildcard] = value;
    }
  }
  return params;
}

function compareSpecificity<H>(a: Route<H>, b: Route<H>): number {
  if (a.prefix !== b.prefix) return a.prefix ? 1 : -1;
  if (a.prefix && a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const al = a.segments[i] !== undefined && "literal" in (a.segments[i] as Segment);
    const bl = b.segments[i] !== undefined && "literal" in (b.segments[i] as Segment);
    if (al !== bl) return al ? -1 : 1;
  }
  if (a.method !== b.method) return a.method === null ? 1 : -1;
  return 0;
}

/** Go's cleanPath: one leading slash, no `.`/`..`/empty segments, trailing slash kept. */
export function cleanPath(path: string): string {
  if (path === "") return "/";
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  let clean = `/${out.join("/")}`;
  if (path.endsWith("/") && clean !== "/") clean += "/";
  return clean;
}
