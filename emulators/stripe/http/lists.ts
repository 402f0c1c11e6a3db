/**
 * Lists and searches (contract §1): newest first; `limit` 1–100 (default 10);
 * `starting_after` / `ending_before` by id; search answers with `next_page` tokens.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- lists take documents whatever their notes
import type { Doc } from "../store.ts";
import { errors } from "./api-error.ts";
import type { Params } from "./form-params.ts";

export interface ListAnswer<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export function newestFirst<T extends { created?: number }>(docs: Doc<T>[]): Doc<T>[] {
  return [...docs].sort((a, b) => ((b.object as { created?: number }).created ?? 0) - ((a.object as { created?: number }).created ?? 0) || b.seq - a.seq);
}

export function readLimit(params: Params): number {
  if (params.limit === undefined) return 10;
  const limit = Number(params.limit);
  if (typeof params.limit !== "string" || !Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw errors.invalid("limit", "This value must be greater than or equal to 1 and less than or equal to 100.", "parameter_invalid_integer");
  }
  return limit;
}

/** One page of already-filtered documents, newest first. */
export function page<T>(docs: Doc<T, any>[], params: Params, url: string, render: (doc: Doc<T, any>) => T = (d) => d.object): ListAnswer<T> {
  const sorted = newestFirst(docs as Doc<{ created?: number }>[]) as unknown as Doc<T>[];
  const limit = readLimit(params);
  const after = typeof params.starting_after === "string" ? params.starting_after : null;
  const before = typeof params.ending_before === "string" ? params.ending_before : null;
  if (after && before) throw errors.invalid("ending_before", "You may only specify one of these parameters: ending_before, starting_after.");
  let slice: Doc<T>[];
  let hasMore: boolean;
  if (after) {
    const i = sorted.findIndex((d) => d.id === after);
    if (i === -1) throw errors.notFound("object", after, "starting_after");
    slice = sorted.slice(i + 1, i + 1 + limit);
    hasMore = i + 1 + limit < sorted.length;
  } else if (before) {
    const i = sorted.findIndex((d) => d.id === before);
    if (i === -1) throw errors.notFound("object", before, "ending_before");
    slice = sorted.slice(Math.max(0, i - limit), i);
    hasMore = i - limit > 0;
  } else {
    slice = sorted.slice(0, limit);
    hasMore = sorted.length > limit;
  }
  return { object: "list", data: slice.map(render), has_more: hasMore, url };
}

export interface SearchAnswer<T> {
  object: "search_result";
  data: T[];
  has_more: boolean;
  next_page: string | null;
  url: string;
  total_count?: number;
}

/** A search page: `page` is an opaque token (here: the offset, encoded). */
export function searchPage<T>(docs: Doc<T, any>[], params: Params, url: string, withTotal: boolean): SearchAnswer<T> {
  const sorted = newestFirst(docs as Doc<{ created?: number }>[]) as unknown as Doc<T>[];
  const limit = readLimit(params);
  let offset = 0;
  if (typeof params.page === "string" && params.page) {
    const decoded = Number(Buffer.from(params.page, "base64url").toString());
    if (!Number.isInteger(decoded) || decoded < 0) throw errors.invalid("page", "Invalid page token.");
    offset = decoded;
  }
  const slice = sorted.slice(offset, offset + limit);
  const more = offset + limit < sorted.length;
  return {
    object: "search_result",
    data: slice.map((d) => d.object),
    has_more: more,
    next_page: more ? Buffer.from(String(offset + limit)).toString("base64url") : null,
    url,
    ...(withTotal && { total_count: sorted.length }),
  };
}

/**
 * Stripe's search query language, the part Harbor uses: `field:'value'` and
 * `metadata['key']:'value'` clauses joined by AND (or OR), with `-` for not.
 */
export function parseSearchQuery(query: string): { clauses: { field: string; value: string; negate: boolean }[]; joiner: "AND" | "OR" } {
  const clauses: { field: string; value: string; negate: boolean }[] = [];
  const re = /\s*(-?)(metadata\[['"]([^'"]+)['"]\]|[a-z_]+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(AND|OR)?/giy;
  let joiner: "AND" | "OR" = "AND";
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(query))) {
    const field = m[3] ? `metadata.${m[3]}` : m[2]!;
    clauses.push({ field, value: (m[4] ?? m[5] ?? "").replace(/\\(.)/g, "$1"), negate: m[1] === "-" });
    if (m[6]) joiner = m[6].toUpperCase() as "AND" | "OR";
    consumed = re.lastIndex;
  }
  if (clauses.length === 0 || query.slice(consumed).trim() !== "") {
    throw errors.invalid("query", `We were unable to parse your search query. Try checking the syntax of the query you provided: ${query}`);
  }
  return { clauses, joiner };
}

export function matchesSearch(object: Record<string, unknown>, query: ReturnType<typeof parseSearchQuery>): boolean {
  const test = (c: { field: string; value: string; negate: boolean }) => {
    const actual = c.field.startsWith("metadata.")
      ? (object.metadata as Record<string, string> | null)?.[c.field.slice(9)]
      : object[c.field];
    const hit = typeof actual === "string" ? actual === c.value : actual != null && String(actual) === c.value;
    return c.negate ? !hit : hit;
  };
  return query.joiner === "AND" ? query.clauses.every(test) : query.clauses.some(test);
}
