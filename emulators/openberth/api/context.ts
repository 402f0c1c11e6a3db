/**
 * What every API handler receives, and the helpers that play the part of upstream's
 * `authed`, `decodeJSON` and `writeErr`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "../app-error.ts";
import { requireAdmin, requireUser } from "../auth.ts";
import { type DecodeResult, decodeGoJson, type GoType } from "../go-json-decode.ts";
import { readBody, sendError, sendJson } from "../http-replies.ts";
import type { Instance } from "../instance.ts";
import type { UserRecord } from "../records.ts";

export interface ApiContext {
  inst: Instance;
  req: IncomingMessage;
  res: ServerResponse;
  /** Path wildcards (`{id}`, `{name}`), unescaped. */
  params: Record<string, string>;
  query: URLSearchParams;
}

export type ApiHandler = (ctx: ApiContext) => void | Promise<void>;

/** `writeErr`: an AppError becomes `{"error": message}` with its status; anything else is a 500. */
export function sendFailure(res: ServerResponse, error: unknown): void {
  if (error instanceof AppError) sendError(res, error.status, error.message);
  else sendError(res, 500, error instanceof Error ? error.message : String(error));
}

/** Reads and decodes the body as Go's json.Decoder would into `type`. */
export async function decodeBody<T>(ctx: ApiContext, type: GoType): Promise<DecodeResult<T>> {
  const body = await readBody(ctx.req);
  return decodeGoJson<T>(body.toString("utf8"), type);
}

/**
 * The common handler shape: authenticate, run `fn`, answer 200 (or `status`) with its
 * result, or the AppError it throws.
 */
export async function authed(ctx: ApiContext, fn: (user: UserRecord) => unknown | Promise<unknown>, status = 200): Promise<void> {
  const user = requireUser(ctx.inst, ctx.req, ctx.res);
  if (!user) return;
  try {
    const result = await fn(user);
    sendJson(ctx.res, status, result);
  } catch (error) {
    sendFailure(ctx.res, error);
  }
}

/** `authed` plus a decoded JSON body; a decode error answers 400 `Invalid JSON: <err>`. */
export async function authedJson<T>(
  ctx: ApiContext,
  type: GoType,
  fn: (user: UserRecord, body: T) => unknown | Promise<unknown>,
  status = 200,
): Promise<void> {
  const user = requireUser(ctx.inst, ctx.req, ctx.res);
  if (!user) return;
  const decoded = await decodeBody<T>(ctx, type);
  if (decoded.error !== null) {
    sendError(ctx.res, 400, `Invalid JSON: ${decoded.error}`);
    return;
  }
  try {
    sendJson(ctx.res, status, await fn(user, decoded.value));
  } catch (error) {
    sendFailure(ctx.res, error);
  }
}

/** For admin endpoints: 401/403 first, then `fn`. */
export async function adminOnly(ctx: ApiContext, fn: (admin: UserRecord) => void | Promise<void>): Promise<void> {
  const admin = requireAdmin(ctx.inst, ctx.req, ctx.res);
  if (!admin) return;
  try {
    await fn(admin);
  } catch (error) {
    sendFailure(ctx.res, error);
  }
}
