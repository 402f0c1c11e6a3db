/**
 * The caller's own account (`httphandler/login.go`): `/api/me`, password change, key
 * rotation, and the CLI's login-code exchange (no codes are ever issued here, so a valid
 * request only ever gets `Invalid or expired login code.`).
 */
import { hashPassword, verifyPassword } from "../access-control.ts";
import { requireUser } from "../auth.ts";
import { decodeGoJson, field, type GoStruct } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { readBody, sendError, sendJson } from "../http-replies.ts";
import { newApiKey } from "../ids.ts";
import { hashKey } from "../instance.ts";
import type { ApiContext } from "./context.ts";

export function getMe(ctx: ApiContext): void {
  const user = requireUser(ctx.inst, ctx.req, ctx.res);
  if (!user) return;
  sendJson(
    ctx.res,
    200,
    sortedKeys({
      id: user.id,
      name: user.name,
      displayName: user.displayName || user.name,
      role: user.role,
      // Quirk kept: an API-key lookup never loads the password hash, so this is always false here.
      hasPassword: false,
      serverVersion: ctx.inst.env.version,
    }),
  );
}

const PASSWORD_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [field("currentPassword", "string"), field("newPassword", "string")],
};

export async function changePassword(ctx: ApiContext): Promise<void> {
  const user = requireUser(ctx.inst, ctx.req, ctx.res);
  if (!user) return;
  const decoded = decodeGoJson<{ currentPassword: string; newPassword: string }>(
    (await readBody(ctx.req)).toString("utf8"),
    PASSWORD_REQUEST,
  );
  if (decoded.error !== null) return sendError(ctx.res, 400, "Invalid JSON.");
  const body = decoded.value;
  if (body.newPassword.length < 8) return sendError(ctx.res, 400, "New password must be at least 8 characters.");
  if (user.passwordHash !== "") {
    if (body.currentPassword === "") return sendError(ctx.res, 400, "Current password is required.");
    if (!verifyPassword(body.currentPassword, user.passwordHash))
      return sendError(ctx.res, 403, "Current password is incorrect.");
  }
  user.passwordHash = hashPassword(body.newPassword);
  ctx.inst.changed();
  sendJson(ctx.res, 200, { message: "Password updated." });
}

/** The old key stops working at once; the body is ignored. */
export function rotateOwnKey(ctx: ApiContext): void {
  const user = requireUser(ctx.inst, ctx.req, ctx.res);
  if (!user) return;
  const apiKey = newApiKey();
  user.keyHash = hashKey(apiKey);
  ctx.inst.changed();
  sendJson(ctx.res, 200, { apiKey });
}

export async function loginExchange(ctx: ApiContext): Promise<void> {
  const decoded = decodeGoJson<{ code: string }>((await readBody(ctx.req)).toString("utf8"), {
    kind: "struct",
    name: "",
    fields: [field("code", "string")],
  });
  if (decoded.error !== null || decoded.value.code === "") {
    return sendError(ctx.res, 400, 'Invalid request. Provide {"code": "lc_..."}.');
  }
  sendError(ctx.res, 400, "Invalid or expired login code.");
}
