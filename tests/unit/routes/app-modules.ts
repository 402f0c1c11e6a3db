/**
 * Route modules and app/.server, loaded for tests that run them in Node. TypeScript checks
 * those files with the Worker (tsconfig.cloudflare.json), not with the unit tests
 * (tsconfig.node.json), so they are loaded by a path it doesn't follow; what the tests read
 * from them is typed where it is read.
 */
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../../..");

/** A loader, called the way React Router calls it (request, params, context). Its answer's type lives in the other project. */
export type Loader = (args: { request: Request; params: Record<string, string>; context: unknown }) => Promise<any>;

export async function appModule(fromRoot: string): Promise<Record<string, any>> {
  return import(/* @vite-ignore */ path.join(ROOT, fromRoot));
}
