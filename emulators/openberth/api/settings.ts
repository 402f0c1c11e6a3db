/**
 * `GET/POST /api/admin/settings`: a flat map of string values from an allowlist of 11
 * keys. Only keys ever set are returned; the OIDC client secret reads back as `***`.
 */
import { decodeGoJson, map } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { readBody, sendError, sendJson } from "../http-replies.ts";
import { adminOnly, type ApiContext } from "./context.ts";

export const ALLOWED_SETTINGS = new Set([
  "oidc.issuer",
  "oidc.client_id",
  "oidc.client_secret",
  "oidc.mode",
  "oidc.allowed_domains",
  "session.ttl_hours",
  "network.quota_enabled",
  "network.default_quota",
  "network.quota_reset_interval",
  "container.default_memory",
  "container.default_cpus",
]);

export function getSettings(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => {
    const out: Record<string, string> = {};
    for (const [key, value] of ctx.inst.settings) out[key] = key === "oidc.client_secret" ? "***" : value;
    sendJson(ctx.res, 200, sortedKeys(out));
  });
}

/**
 * Keys are applied one by one; an unknown key stops with a 400, leaving the keys before it
 * saved (upstream walks a Go map, so its order is random; here it is the body's order).
 */
export function setSettings(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, async () => {
    const decoded = decodeGoJson<Record<string, string> | null>((await readBody(ctx.req)).toString("utf8"), map("string"));
    if (decoded.error !== null) return sendError(ctx.res, 400, "Invalid JSON.");
    for (const [key, value] of Object.entries(decoded.value ?? {})) {
      if (!ALLOWED_SETTINGS.has(key)) {
        ctx.inst.changed();
        return sendError(ctx.res, 400, `Setting '${key}' is not allowed.`);
      }
      ctx.inst.settings.set(key, value);
    }
    ctx.inst.changed();
    sendJson(ctx.res, 200, { message: "Settings updated." });
  });
}
