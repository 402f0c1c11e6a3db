/**
 * The `/v1` API's plumbing, in the order Stripe applies it (contract §1–§3): a Request-Id
 * for every answer, the secret key, the form parameters, the fault controls, the route,
 * the Idempotency-Key (replay, mismatch, in flight, 24-hour expiry), the handler, and
 * `expand[]` on what it returns.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { newId } from "../ids.ts";
import type { StripeWorld } from "../world.ts";
import { API_VERSION } from "../world.ts";
import { ApiError, errors } from "./api-error.ts";
import { expand, type Expander } from "./expand.ts";
import { FormParamError, parseFormParams, type Params } from "./form-params.ts";

export interface ApiContext {
  world: StripeWorld;
  params: Params;
  path: Record<string, string>;
  /** The stand-in's clock at the request (objects on a test clock use that clock's time). */
  now: number;
}

export interface ApiRoute {
  method: "GET" | "POST" | "DELETE";
  /** `/v1/customers/:id` */
  pattern: string;
  handler: (ctx: ApiContext) => unknown;
}

const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

interface Compiled extends ApiRoute {
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: ApiRoute[]): Compiled[] {
  return routes.map((r) => {
    const names: string[] = [];
    const source = r.pattern.replace(/:([a-z_]+)/g, (_m, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    return { ...r, regex: new RegExp(`^${source}$`), names };
  });
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export class ApiRouter {
  private readonly routes: Compiled[];
  private readonly inFlight = new Set<string>();
  private readonly world: StripeWorld;
  private readonly expander: Expander;

  constructor(world: StripeWorld, routes: ApiRoute[], expander: Expander) {
    this.world = world;
    this.expander = expander;
    this.routes = compileRoutes(routes);
  }

  async handle(req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> {
    const answer = await this.answer(req, rawBody);
    res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer.body), ...answer.headers });
    res.end(answer.body);
  }

  private async answer(req: IncomingMessage, rawBody: string): Promise<Answer> {
    const requestId = newId("req", 14);
    const version = headerOf(req, "stripe-version") ?? API_VERSION;
    const base = { "Request-Id": requestId, "Stripe-Version": version, "Access-Control-Allow-Origin": "*" };
    const fail = (e: ApiError, extra: Record<string, string> = {}): Answer => ({
      status: e.status,
      body: JSON.stringify({ error: { ...e.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, null, 2),
      headers: { ...base, ...extra },
    });

    const key = apiKeyOf(req);
    if (key === null) return fail(errors.noKey());
    if (key !== this.world.secretKey) return fail(errors.badKey(key));

    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://stripe.local");
    let params: Params;
    try {
      params = parseFormParams(method === "POST" ? rawBody : url.search.slice(1));
    } catch (e) {
      if (e instanceof FormParamError) return fail(errors.invalid(e.param, `Invalid request parameters: ${e.param}`));
      throw e;
    }

    const faults = this.world.faults;
    if (faults.failNextRequests && faults.failNextRequests.count > 0) {
      const f = faults.failNextRequests;
      this.world.faults = { ...faults, failNextRequests: f.count > 1 ? { ...f, count: f.count - 1 } : null };
      const e = new ApiError(f.status, { type: f.type as ApiError["body"]["type"], ...(f.code && { code: f.code }), message: f.message ?? "An unknown error occurred" }, { beforeRunning: true });
      return fail(e, f.status >= 500 || f.status === 409 || f.status === 429 ? { "Stripe-Should-Retry": "true" } : {});
    }

    const match = this.match(method, url.pathname);
    if (!match) return fail(errors.noRoute(method, url.pathname));

    const idemKey = method === "POST" ? headerOf(req, "idempotency-key") : null;
    const scoped = idemKey ? `${key}\u0000${idemKey}` : null;
    const fingerprint = `${method} ${url.pathname} ${canonical(params)}`;
    if (scoped && idemKey) {
      this.world.store.forgetIdempotencyBefore(this.world.now() - IDEMPOTENCY_TTL_SECONDS);
      if (this.inFlight.has(scoped)) return fail(errors.idempotencyInUse(idemKey));
      const seen = this.world.store.idempotency(scoped);
      if (seen) {
        if (seen.fingerprint !== fingerprint) return fail(errors.idempotencyMismatch(idemKey), { "Idempotency-Key": idemKey });
        return { status: seen.status, body: seen.body, headers: { ...base, "Idempotency-Key": idemKey, "Idempotent-Replayed": "true" } };
      }
      this.inFlight.add(scoped);
    }

    try {
      let result: Answer;
      this.world.currentRequest = { id: requestId, idempotencyKey: idemKey };
      try {
        const value = match.route.handler({ world: this.world, params, path: match.path, now: this.world.now() });
        const paths = expandPaths(params);
        const shown = paths.length > 0 ? expand(value, paths, this.expander) : value;
        result = { status: 200, body: JSON.stringify(shown, null, 2), headers: { ...base, ...(idemKey && { "Idempotency-Key": idemKey }) } };
      } catch (e) {
        const error = e instanceof ApiError ? e : new ApiError(500, { type: "api_error", message: `An unexpected error occurred in the stand-in: ${(e as Error).message}` }, { beforeRunning: false });
        if (!(e instanceof ApiError)) console.error("[stripe stand-in]", e);
        result = fail(error, idemKey ? { "Idempotency-Key": idemKey } : {});
        if (error.beforeRunning && scoped) {
          this.inFlight.delete(scoped);
          return result;
        }
      } finally {
        this.world.currentRequest = null;
      }
      if (scoped) this.world.store.rememberIdempotency(scoped, { fingerprint, status: result.status, body: result.body, createdAt: this.world.now() });
      if (this.world.faults.requestDelayMs > 0) await new Promise((r) => setTimeout(r, this.world.faults.requestDelayMs));
      return result;
    } finally {
      if (scoped) this.inFlight.delete(scoped);
    }
  }

  private match(method: string, pathname: string): { route: Compiled; path: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.regex.exec(pathname);
      if (!m) continue;
      const path: Record<string, string> = {};
      route.names.forEach((n, i) => (path[n] = decodeURIComponent(m[i + 1]!)));
      return { route, path };
    }
    return undefined;
  }
}

function headerOf(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === "string" ? v : Array.isArray(v) ? (v[0] ?? null) : null;
}

/** Bearer (the SDK) or Basic with the key as the user name (curl -u sk_…:). */
function apiKeyOf(req: IncomingMessage): string | null {
  const auth = headerOf(req, "authorization");
  if (!auth) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(auth);
  if (bearer) return bearer[1]!.trim();
  const basic = /^Basic\s+(.+)$/i.exec(auth);
  if (basic) return Buffer.from(basic[1]!, "base64").toString().split(":")[0] ?? "";
  return auth.trim();
}

function expandPaths(params: Params): string[] {
  const e = params.expand;
  if (e === undefined) return [];
  if (typeof e === "string") return e ? [e] : [];
  if (Array.isArray(e)) return e.filter((p): p is string => typeof p === "string" && p !== "");
  return [];
}

/** Parameters in a fixed order, so the same request always has the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
