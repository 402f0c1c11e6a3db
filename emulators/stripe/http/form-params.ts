/**
 * Stripe's form encoding, as the SDK writes it (utils.js stringifyRequestData) and as
 * Stripe's docs show it: nested brackets (`metadata[plan]=pro`), indexed arrays
 * (`expand[0]=a`), empty-bracket arrays (`expand[]=a`), and an empty value meaning
 * "unset" (kept here as ""). The same encoding is read from bodies and query strings.
 */
export type Param = string | Param[] | { [key: string]: Param };
export type Params = { [key: string]: Param };

export class FormParamError extends Error {
  readonly param: string;
  constructor(param: string) {
    super(`Invalid parameter encoding: ${param}`);
    this.param = param;
  }
}

export function parseFormParams(text: string): Params {
  const root: Params = {};
  if (!text) return root;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const path = keyPath(rawKey);
    assign(root, path, value, rawKey);
  }
  return finish(root as unknown as Building) as Params;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    throw new FormParamError(s);
  }
}

/** `a[b][0][]` → ["a", "b", "0", ""] */
function keyPath(key: string): string[] {
  const first = key.indexOf("[");
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  let end = first;
  while ((m = re.exec(key))) {
    if (m.index !== end) throw new FormParamError(key);
    parts.push(m[1]!);
    end = re.lastIndex;
  }
  if (end !== key.length || parts[0] === "") throw new FormParamError(key);
  return parts;
}

/** Arrays are built as objects with numeric keys (and "" for pushes), then turned into arrays. */
type Building = { [key: string]: Building | string } & { __push?: number };

function assign(root: Params, path: string[], value: string, raw: string): void {
  let node = root as unknown as Building;
  for (let i = 0; i < path.length; i++) {
    let part = path[i]!;
    if (part === "") part = `\u0000${(node.__push = (node.__push ?? 0) + 1)}`;
    if (i === path.length - 1) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next === "string") throw new FormParamError(raw);
    if (next === undefined) node[part] = {} as Building;
    node = node[part] as Building;
  }
}

function finish(node: Building | string): Param {
  if (typeof node === "string") return node;
  const keys = Object.keys(node).filter((k) => k !== "__push");
  const isArray = keys.length > 0 && keys.every((k) => /^\d+$/.test(k) || k.startsWith("\u0000"));
  if (isArray) {
    // Indexed entries in index order, then pushed ones in the order they came.
    const indexed = keys.filter((k) => /^\d+$/.test(k)).sort((a, b) => Number(a) - Number(b));
    const pushed = keys.filter((k) => k.startsWith("\u0000")).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    return [...indexed, ...pushed].map((k) => finish(node[k] as Building | string));
  }
  const out: { [key: string]: Param } = {};
  for (const k of keys) out[k] = finish(node[k] as Building | string);
  return out;
}
