/**
 * The small server-level endpoints: `/health`, the `/` banner, the loopback cleanup job,
 * the backup/restore routes (answered with a 501: archives are out of scope), and stubs for
 * upstream routes outside the API contract (login pages, OIDC, OAuth, MCP, `/_data`), kept
 * so their paths and methods route (and 404/405) exactly as upstream's mux does.
 */
import { header } from "../auth.ts";
import { decodeGoJson, field } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { readBody, sendError, sendJson, sendNotFound } from "../http-replies.ts";
import { adminOnly, type ApiContext } from "./context.ts";

export function health(ctx: ApiContext): void {
  sendJson(ctx.res, 200, sortedKeys({ status: "ok", version: ctx.inst.env.version, domain: ctx.inst.env.domain, gvisor: false }));
}

export function banner(ctx: ApiContext): void {
  sendJson(
    ctx.res,
    200,
    sortedKeys({
      name: "⚓ OpenBerth",
      version: ctx.inst.env.version,
      docs: "POST /api/deploy with a tarball to get started.",
      health: "/health",
    }),
  );
}

/** `POST /internal/cleanup`: loopback only, so any X-Forwarded-* header makes it a 404. */
export function cleanup(ctx: ApiContext): void {
  if (header(ctx.req, "x-forwarded-for") || header(ctx.req, "x-forwarded-host") || header(ctx.req, "x-forwarded-proto")) {
    return sendNotFound(ctx.res);
  }
  sendJson(ctx.res, 200, { cleaned: ctx.inst.sweepExpired() });
}

const UNSUPPORTED_BACKUP = "Backup and restore are not supported by the OpenBerth emulator.";

/** `GET /api/admin/backup` (sic: a GET with a JSON body). */
export function backupServer(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, async () => {
    const raw = (await readBody(ctx.req)).toString("utf8");
    const decoded = decodeGoJson<{ passphrase: string }>(raw, {
      kind: "struct",
      name: "",
      fields: [field("passphrase", "string")],
    });
    if (decoded.error !== null && decoded.error !== "EOF") return sendError(ctx.res, 400, "Invalid JSON body.");
    if (decoded.value.passphrase.length < 12) return sendError(ctx.res, 400, "backup passphrase must be at least 12 characters");
    sendError(ctx.res, 501, UNSUPPORTED_BACKUP);
  });
}

export function backupDeployment(ctx: ApiContext): Promise<void> {
  return backupServer(ctx);
}

export function restore(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => sendError(ctx.res, 501, UNSUPPORTED_BACKUP));
}

/** Routes upstream serves but the emulator does not implement (browser login, OAuth, MCP, …). */
export function notEmulated(ctx: ApiContext): void {
  sendError(ctx.res, 501, "Not implemented by the OpenBerth emulator.");
}
