/**
 * Who is calling (`httphandler/auth.go Authenticate`), and the two middlewares that run
 * before the router: CSRF (`csrf.go`) and CORS (`main.go corsMiddleware`).
 *
 * Only API keys are supported: there are no browser sessions or OAuth tokens here, so a
 * request without a valid `sc_` key is anonymous.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendError } from "./http-replies.ts";
import type { Instance } from "./instance.ts";
import type { UserRecord } from "./records.ts";

export const UNAUTHORIZED_MESSAGE = "Missing or invalid API key. Use Authorization: Bearer <key>";
export const ADMIN_REQUIRED_MESSAGE = "Admin access required.";
export const CSRF_MESSAGE = "CSRF: Origin/Referer does not match this server";

/** `Authorization: Bearer <key>` (case-sensitive prefix), else `X-API-Key`. */
export function presentedKey(req: IncomingMessage): string {
  const auth = header(req, "authorization");
  let key = auth.startsWith("Bearer ") ? auth.slice(7) : "";
  if (key === "") key = header(req, "x-api-key");
  return key;
}

export function authenticate(inst: Instance, req: IncomingMessage): UserRecord | null {
  const key = presentedKey(req);
  if (key.startsWith("sc_")) return inst.userByKey(key) ?? null;
  return null;
}

/** `requireAuth`: the caller, or a 401 already written. */
export function requireUser(inst: Instance, req: IncomingMessage, res: ServerResponse): UserRecord | null {
  const user = authenticate(inst, req);
  if (!user) sendError(res, 401, UNAUTHORIZED_MESSAGE);
  return user;
}

/** `requireAdmin`: 401 when anonymous, 403 when not an admin. */
export function requireAdmin(inst: Instance, req: IncomingMessage, res: ServerResponse): UserRecord | null {
  const user = requireUser(inst, req, res);
  if (!user) return null;
  if (user.role !== "admin") {
    sendError(res, 403, ADMIN_REQUIRED_MESSAGE);
    return null;
  }
  return user;
}

/**
 * Whether the CSRF middleware refuses the request: an unsafe method with neither
 * `Authorization` nor `X-API-Key`, outside the exempt paths, whose Origin (or else Referer)
 * is not this server. `baseUrls` are the URLs the server answers on.
 */
export function csrfRefuses(req: IncomingMessage, path: string, baseUrls: string[]): boolean {
  if (!["POST", "PUT", "PATCH", "DELETE"].includes(req.method ?? "")) return false;
  if (header(req, "authorization") !== "" || header(req, "x-api-key") !== "") return false;
  if (path.startsWith("/internal/") || path.startsWith("/_data/") || path === "/_data") return false;
  if (path === "/oauth/register" || path === "/oauth/token") return false;
  const origin = header(req, "origin");
  if (origin !== "") return !baseUrls.some((base) => origin === new URL(base).origin || origin === base);
  const referer = header(req, "referer");
  if (referer !== "") {
    return !baseUrls.some(
      (base) =>
        referer === base || referer.startsWith(`${base}/`) || referer.startsWith(`${base}?`) || referer.startsWith(`${base}#`),
    );
  }
  return true;
}

/** The browser-facing paths that get `Access-Control-Allow-Origin: *` and a 204 preflight. */
export function corsApplies(path: string): boolean {
  return (
    path.startsWith("/api/deployments/") ||
    path.startsWith("/api/sandbox/") ||
    path.startsWith("/api/secrets") ||
    path === "/api/deployments" ||
    path === "/api/login/exchange" ||
    path === "/api/me" ||
    path === "/api/me/password" ||
    path.startsWith("/_data") ||
    path === "/mcp" ||
    path.startsWith("/.well-known/") ||
    path.startsWith("/oauth/")
  );
}

export function setCorsHeaders(res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  res.setHeader("Access-Control-Allow-Headers", "Content-Type, Authorization, Accept, Mcp-Session-Id, X-API-Key");
  res.setHeader("Access-Control-Expose-Headers", "Mcp-Session-Id");
  res.setHeader("Access-Control-Max-Age", "86400");
}

/** Go's Header.Get: the first value, or "". */
export function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  if (Array.isArray(value)) return value[0] ?? "";
  return value ?? "";
}
