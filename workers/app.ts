/**
 * Harbor's one deployable Worker: pages and actions (fetch), queue consumers (queue),
 * crons (scheduled), and the WorkspaceCoordinator Durable Object.
 */
import { createRequestHandler, RouterContextProvider } from "react-router";
import { requestContext, type RequestContext } from "../server/bindings/request-context";
import { isCrossSiteMutation, withOwnOrigin } from "../server/http/origin-check";
import { applySecurityHeaders } from "../server/http/security-headers";
import { resolveTimeZone } from "../server/http/time-zone";
import { createServices } from "../server/bindings/services";
import { stripeHostedOrigins } from "../server/stripe/stripe-client";
import { traceIdFromRequest } from "../server/observability/trace";
import { renderAddressTooLong, renderForbiddenOrigin, renderMethodNotAllowed, renderNotFound } from "../server/http/plain-pages";
import { routeTarget, type RouteManifest } from "../server/http/route-target";
import { handleQueueBatch } from "./queue-consumer";
import { runScheduled } from "./scheduled";

export { WorkspaceCoordinator } from "./workspace-coordinator";

/** GET, HEAD and POST reach the app; OPTIONS is answered plainly too (no CORS here). */
const ANSWERED_METHODS = new Set(["GET", "HEAD", "POST"]);
/** Longer addresses are refused before routing (the local runtime fails on ~8,100 characters). */
const MAX_URL_LENGTH = 8_000;

const loadBuild = () => import("virtual:react-router/server-build");
const handleRequest = createRequestHandler(loadBuild, import.meta.env.MODE);

export default {
  async fetch(request, env, ctx) {
    const started = Date.now();
    const traceId = traceIdFromRequest(request);
    const url = new URL(request.url);
    const services = createServices(env, { traceId, log: { component: "http" } });
    const { log } = services;
    const appOrigin = new URL(env.APP_URL).origin;
    const nonce = newNonce();
    const security = {
      nonce,
      // No-JS forms post on to Google's sign-in and Stripe's hosted Checkout and portal.
      formTargets: [new URL(env.GOOGLE_DISCOVERY_URL).origin, ...stripeHostedOrigins(env)],
      imageSources: ["https:", new URL(env.GOOGLE_DISCOVERY_URL).origin],
      dev: import.meta.env.DEV,
      https: url.protocol === "https:",
    };

    // Before React Router: a form sent to a page without one, or an address nothing matches,
    // would otherwise carry React Router's internal error text in the page's data.
    const target = routeTarget((await loadBuild()).routes as RouteManifest, request.method, url);

    let response: Response;
    if (!ANSWERED_METHODS.has(request.method) && !url.pathname.startsWith("/api/auth/")) {
      // Only POST runs a form action; PUT, DELETE, PATCH… never reach one.
      response = renderMethodNotAllowed();
    } else if (request.url.length > MAX_URL_LENGTH) {
      response = renderAddressTooLong();
    } else if (isCrossSiteMutation(request, appOrigin)) {
      log.warn("http.cross_site_form_refused", { path: url.pathname, origin: request.headers.get("origin") });
      response = renderForbiddenOrigin();
    } else if (target === "no-route") {
      response = renderNotFound();
    } else if (target === "no-action") {
      response = renderMethodNotAllowed();
    } else {
      const context: RequestContext = {
        ...services,
        waitUntil: (p) => ctx.waitUntil(p),
        cspNonce: nonce,
        timeZone: resolveTimeZone(request),
        url,
      };
      const provider = new RouterContextProvider();
      provider.set(requestContext, context);
      response = await handleRequest(withOwnOrigin(request, appOrigin), provider);
    }

    // An answer sent before the request's body was read leaves the upload in flight, and the
    // local dev proxy then fails the exchange ("fetch failed") under load. So an unread body is
    // drained (chunks dropped as they come, no copy kept) before answering.
    if (request.body && !request.bodyUsed) await drain(request.body);
    response = applySecurityHeaders(response, security);
    response.headers.set("X-Trace-Id", traceId);
    log.count("requests", { method: request.method, status: response.status });
    if (response.status >= 500) log.count("errors", { where: "http", status: response.status });
    log.info("http.request", {
      method: request.method,
      path: url.pathname,
      status: response.status,
      ms: Date.now() - started,
      queries: services.queries.queries,
    });
    return response;
  },

  async queue(batch, env) {
    await handleQueueBatch(batch, env);
  },

  async scheduled(controller, env) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env>;

async function drain(body: ReadableStream<Uint8Array>): Promise<void> {
  try {
    for await (const _chunk of body) {
      // dropped
    }
  } catch {
    // The client went away: nothing left to read.
  }
}

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
