/**
 * `expand[]` (contract §1): dot paths whose last part is an id turned into its object; on
 * lists the paths start with `data.`. Some fields only exist when expanded (a Checkout
 * session's `line_items`, an invoice's `payments`); their resources say how to build them.
 */
import { ApiError } from "./api-error.ts";

export type Includer = (object: Record<string, unknown>) => unknown;

export interface Expander {
  /** The object stored under an id, as the API shows it. */
  lookup(id: string): unknown | undefined;
  /** Fields made only on request, by object type ("checkout.session" → { line_items }). */
  includes: Record<string, Record<string, Includer>>;
}

const MAX_DEPTH = 4;

export function expand(result: unknown, paths: string[], expander: Expander): unknown {
  const copy = structuredClone(result);
  for (const path of paths) {
    const parts = path.split(".");
    if (parts.length > MAX_DEPTH + (isList(copy) ? 1 : 0) || parts.some((p) => !p)) throw cannotExpand(path);
    expandAt(copy, parts, path, expander);
  }
  return copy;
}

function isList(value: unknown): boolean {
  const o = value as { object?: unknown } | null;
  return !!o && (o.object === "list" || o.object === "search_result");
}

function expandAt(node: unknown, parts: string[], path: string, expander: Expander): void {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) expandAt(item, parts, path, expander);
    return;
  }
  if (typeof node !== "object") throw cannotExpand(path);
  const object = node as Record<string, unknown>;
  const [head, ...rest] = parts as [string, ...string[]];
  const include = expander.includes[String(object.object)]?.[head];
  if (include && rest.length === 0) {
    object[head] = include(object);
    return;
  }
  if (!(head in object)) throw cannotExpand(path);
  let value = object[head];
  if (typeof value === "string") {
    const found = expander.lookup(value);
    if (found === undefined) throw cannotExpand(path);
    value = structuredClone(found);
    object[head] = value;
  } else if (rest.length === 0 && (value === null || typeof value === "object")) {
    // Already an object (or nothing to expand): Stripe leaves it as it is.
    return;
  } else if (rest.length === 0) {
    throw cannotExpand(path);
  }
  if (rest.length > 0) expandAt(value, rest, path, expander);
}

function cannotExpand(path: string): ApiError {
  return new ApiError(400, { type: "invalid_request_error", param: "expand", message: `This property cannot be expanded (${path}).` });
}
