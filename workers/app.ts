/**
 * Harbor's one deployable Worker: pages and actions (fetch), queue consumers (queue),
 * crons (scheduled), and the WorkspaceCoordinator Durable Object.
 */
import { createRequestHandler, RouterContextProvider } from "react-router";
import { requestContext, type RequestContext } from "../server/bindings/request-context";
import { isCrossSiteMutation } from "../server/http/origin-check";
import { applySecurityHeaders } from "../server/http/security-headers";
import { resolveTimeZone } from "../server/http/time-zone";
import { createServices } from "../server/bindings/services";
import { traceIdFromRequest } from "../server/observability/trace";
import { renderForbiddenOrigin } from "../server/http/plain-pages";
import { handleQueueBatch } from "./queue-consumer";
import { runScheduled } from "./scheduled";

export { WorkspaceCoordinator } from "./workspace-coordinator";

const handleRequest = createRequestHandler(() => import("virtual:react-router/server-build"), import.meta.env.MODE);

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
      formTargets: [new URL(env.GOOGLE_DISCOVERY_URL).origin],
      imageSources: ["https:", new URL(env.GOOGLE_DISCOVERY_URL).origin],
      dev: import.meta.env.DEV,
      https: url.protocol === "https:",
    };

    let response: Response;
    if (isCrossSiteMutation(request, appOrigin)) {
      log.warn("http.cross_site_form_refused", { path: url.pathname, origin: request.headers.get("origin") });
      response = renderForbiddenOrigin();
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
      response = await handleRequest(request, provider);
    }

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

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
