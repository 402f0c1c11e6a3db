/**
 * One instance's HTTP pipeline, in upstream's order: CSRF middleware → CORS middleware →
 * the mux → the handler.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiHandler } from "./api/context.ts";
import { openBerthRoutes } from "./api/routes.ts";
import { corsApplies, CSRF_MESSAGE, csrfRefuses, setCorsHeaders } from "./auth.ts";
import { sendError, sendNotFound, sendPlain } from "./http-replies.ts";
import type { Instance } from "./instance.ts";

const mux = openBerthRoutes();

export interface ApiRequest {
  /** The path as the server sees it (after `/i/<id>`), still percent-encoded. */
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  /** What was stripped before `path`, for redirects. */
  prefix: string;
  /** URLs the server counts as itself for the CSRF check. */
  baseUrls: string[];
}

export async function serveApi(inst: Instance, req: IncomingMessage, res: ServerResponse, r: ApiRequest): Promise<void> {
  const method = req.method ?? "GET";
  const decodedPath = safeDecode(r.path);

  if (csrfRefuses(req, decodedPath, r.baseUrls)) return sendPlain(res, 403, CSRF_MESSAGE);
  if (corsApplies(decodedPath)) {
    setCorsHeaders(res);
    if (method === "OPTIONS") {
      res.statusCode = 204;
      res.end();
      return;
    }
  }

  const route = mux.resolve(method, r.path);
  switch (route.kind) {
    case "redirect": {
      const location = `${r.prefix}${route.path}${r.query ? `?${r.query}` : ""}`;
      res.statusCode = 301;
      res.setHeader("Location", location);
      if (method === "GET" || method === "HEAD") {
        res.setHeader("Content-Type", "text/html; charset=utf-8");
        res.end(`<a href="${location}">Moved Permanently</a>.\n\n`);
      } else res.end();
      return;
    }
    case "not-found":
      return sendNotFound(res);
    case "method-not-allowed":
      res.setHeader("Allow", route.allow);
      return sendPlain(res, 405, "Method Not Allowed");
    case "match":
      return runHandler(route.handler, inst, req, res, route.params, r.query);
  }
}

async function runHandler(
  handler: ApiHandler,
  inst: Instance,
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, string>,
  query: string,
): Promise<void> {
  try {
    await handler({ inst, req, res, params, query: new URLSearchParams(query) });
  } catch (error) {
    if (!res.headersSent) sendError(res, 500, error instanceof Error ? error.message : String(error));
    else res.destroy();
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
