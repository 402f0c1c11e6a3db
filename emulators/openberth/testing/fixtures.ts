/**
 * The contract fixtures in tests/fixtures/openberth/: exact error texts (messages.json),
 * plain-text bodies (plain-texts.json), response field sets (shapes.json), and the settings
 * allowlist (settings.json). Tests compare the emulator's answers against these.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../../../tests/fixtures/openberth/", import.meta.url));

function load(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${DIR}${name}`, "utf8")) as Record<string, unknown>;
}

const messages = load("messages.json");
export const plainTexts = load("plain-texts.json") as {
  contentType: string;
  notFound: string;
  methodNotAllowed: string;
  csrf: string;
  instanceNotRunning: string;
  allow: Record<string, string>;
};
const shapes = load("shapes.json");
export const settingsFixture = load("settings.json") as { allowed: string[]; masked: Record<string, string> };

function lookup(root: Record<string, unknown>, path: string): unknown {
  // Keys may themselves contain dots (e.g. "locked.message"): try the longest key first.
  const parts = path.split(".");
  let node: unknown = root;
  for (let i = 0; i < parts.length; i++) {
    const obj = node as Record<string, unknown>;
    const rest = parts.slice(i).join(".");
    if (rest in obj) return obj[rest];
    node = obj[parts[i] ?? ""];
    if (node === undefined) throw new Error(`fixture path not found: ${path}`);
  }
  return node;
}

/** An error text from messages.json with its `{placeholders}` filled. */
export function msg(path: string, vars: Record<string, string | number> = {}): string {
  const template = lookup(messages, path);
  if (typeof template !== "string") throw new Error(`not a message: ${path}`);
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`missing placeholder ${name} for ${path}`);
    return String(vars[name]);
  });
}

/** A field list from shapes.json. */
export function fields(path: string): string[] {
  const list = lookup(shapes, path);
  if (!Array.isArray(list)) throw new Error(`not a field list: ${path}`);
  return list as string[];
}

/** A format regex from shapes.json (`formats.<name>`). */
export function format(name: string): RegExp {
  return new RegExp(lookup(shapes, `formats.${name}`) as string);
}

/** The key set expected: the shape's `always` keys plus the named optional ones, sorted. */
export function expectedKeys(shapePath: string, present: string[] = []): string[] {
  const optional = (() => {
    try {
      return fields(`${shapePath}.optional`);
    } catch {
      return [] as string[];
    }
  })();
  for (const key of present) {
    const known = optional.includes(key) || lookupExtra(shapePath, key);
    if (!known) throw new Error(`${key} is not an optional field of ${shapePath}`);
  }
  return [...fields(`${shapePath}.always`), ...present].sort();
}

function lookupExtra(shapePath: string, key: string): boolean {
  const node = lookup(shapes, shapePath) as Record<string, unknown>;
  return Object.entries(node).some(([name, list]) => name !== "always" && Array.isArray(list) && list.includes(key));
}

export function keysOf(obj: object): string[] {
  return Object.keys(obj).sort();
}
