/** The infra service's HTTP API (docs/infra-contract.md §3). */
import type { IncomingMessage, ServerResponse } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { readBody, sendJson } from "../shared/http-body.ts";
import type { Lifecycle, OpenBerthFleet } from "./lifecycle.ts";
import type { InfraStore, InstanceRow } from "./store.ts";

export interface ApiContext {
  store: InfraStore;
  lifecycle: Lifecycle;
  fleet: OpenBerthFleet;
  apiToken: string;
  faults: ApiFaults;
}

export type ApiOperation = "provision" | "suspend" | "resume" | "destroy" | "get" | "list";

export interface ApiFaults {
  failNextProvisions: number;
  dropNextProvisionResponses: number;
  /** How long answers are held back: every operation's, or per operation (ms). */
  responseDelayMs: number | Partial<Record<ApiOperation, number>>;
}

export const API_OPERATIONS: readonly ApiOperation[] = ["provision", "suspend", "resume", "destroy", "get", "list"];

const REGIONS = new Set(["eu-west", "us-east"]);
const INSTANCE_PATH = /^\/v1\/instances\/(inst_[0-9a-z]{26})(\/suspend|\/resume)?$/;

export async function handleApi(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (!authorized(req, ctx.apiToken)) return error(res, 401, "unauthorized", "A valid bearer token is required.");
  const delayMs = responseDelayFor(ctx.faults.responseDelayMs, operationOf(req.method, url.pathname));
  if (delayMs > 0) holdAnswer(res, delayMs);

  if (url.pathname === "/v1/instances") {
    if (req.method === "POST") return provision(ctx, req, res);
    if (req.method === "GET") return list(ctx, res, url);
    return error(res, 405, "invalid_request", `${req.method} is not allowed here.`);
  }
  const match = INSTANCE_PATH.exec(url.pathname);
  if (!match) return error(res, 404, "not_found", "No such endpoint.");
  const [, resourceId, action] = match as unknown as [string, string, string | undefined];
  const row = ctx.store.getInstance(resourceId);
  if (!row) return error(res, 404, "not_found", `No instance ${resourceId} exists.`);

  if (!action && req.method === "GET") return sendJson(res, 200, publicInstance(ctx, row));
  if (!action && req.method === "DELETE") {
    if (row.state !== "deleting" && row.state !== "deleted") ctx.lifecycle.destroy(resourceId);
    return sendJson(res, 202, publicInstance(ctx, ctx.store.getInstance(resourceId)!));
  }
  if (action === "/suspend" && req.method === "POST") {
    if (["queued", "allocating", "deleting", "deleted"].includes(row.state)) return invalidState(res, row, "suspend");
    if (row.state !== "draining" && row.state !== "stopped") ctx.lifecycle.suspend(resourceId);
    return sendJson(res, 202, publicInstance(ctx, ctx.store.getInstance(resourceId)!));
  }
  if (action === "/resume" && req.method === "POST") {
    if (["queued", "allocating", "deleting", "deleted"].includes(row.state)) return invalidState(res, row, "resume");
    if (row.state !== "booting" && row.state !== "running") ctx.lifecycle.resume(resourceId);
    return sendJson(res, 202, publicInstance(ctx, ctx.store.getInstance(resourceId)!));
  }
  return error(res, 405, "invalid_request", `${req.method} is not allowed here.`);
}

async function provision(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: { workspaceId?: unknown; region?: unknown };
  try {
    body = JSON.parse((await readBody(req)).toString("utf8") || "null") ?? {};
  } catch {
    return error(res, 400, "invalid_request", "The body is not valid JSON.");
  }
  const { workspaceId, region } = body;
  if (typeof workspaceId !== "string" || workspaceId.length === 0 || workspaceId.length > 100) {
    return error(res, 400, "invalid_request", "workspaceId is required (1-100 characters).");
  }
  if (typeof region !== "string" || !REGIONS.has(region))
    return error(res, 400, "invalid_request", "region must be eu-west or us-east.");
  const key = req.headers["idempotency-key"];
  if (typeof key !== "string" || key.length === 0)
    return error(res, 400, "invalid_request", "The Idempotency-Key header is required.");
  if (key !== workspaceId) return error(res, 409, "idempotency_mismatch", "Idempotency-Key must equal workspaceId.");

  if (ctx.faults.failNextProvisions > 0) {
    ctx.faults.failNextProvisions--;
    return error(res, 503, "unavailable", "No capacity right now; try again.", { "Retry-After": "1" });
  }
  const existing = ctx.store.findLiveByWorkspace(workspaceId);
  if (existing && existing.region !== region) {
    return error(res, 409, "region_conflict", `Workspace ${workspaceId} already has an instance in ${existing.region}.`);
  }
  const row = existing ?? ctx.lifecycle.provision(workspaceId, region);
  if (ctx.faults.dropNextProvisionResponses > 0) {
    // The work is done, but the answer never arrives (a lost response).
    ctx.faults.dropNextProvisionResponses--;
    req.socket.destroy();
    return;
  }
  sendJson(res, existing ? 200 : 201, { ...publicInstance(ctx, row), adminKey: row.adminKey });
}

function list(ctx: ApiContext, res: ServerResponse, url: URL): void {
  const limitParam = url.searchParams.get("limit");
  const limit = limitParam === null ? 100 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) return error(res, 400, "invalid_request", "limit must be 1-500.");
  let after: string | null = null;
  const cursor = url.searchParams.get("cursor");
  if (cursor) {
    after = Buffer.from(cursor, "base64url").toString("utf8");
    if (!/^inst_[0-9a-z]{26}$/.test(after)) return error(res, 400, "invalid_request", "cursor is not valid.");
  }
  const rows = ctx.store.listInstances({
    after,
    limit: limit + 1,
    workspaceId: url.searchParams.get("workspaceId"),
    includeDeleted: url.searchParams.get("includeDeleted") === "true",
  });
  const page = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? Buffer.from(page.at(-1)!.resourceId).toString("base64url") : null;
  sendJson(res, 200, { instances: page.map((r) => publicInstance(ctx, r)), nextCursor });
}

export function publicInstance(ctx: Pick<ApiContext, "fleet">, row: InstanceRow) {
  return {
    resourceId: row.resourceId,
    workspaceId: row.workspaceId,
    region: row.region,
    state: row.state,
    sequence: row.sequence,
    endpointUrl: ctx.fleet.endpointFor(row.resourceId),
    adminUserId: row.adminUserId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function operationOf(method: string | undefined, pathname: string): ApiOperation | null {
  if (pathname === "/v1/instances") return method === "POST" ? "provision" : method === "GET" ? "list" : null;
  const action = INSTANCE_PATH.exec(pathname)?.[2];
  if (action === "/suspend") return "suspend";
  if (action === "/resume") return "resume";
  return method === "GET" ? "get" : method === "DELETE" ? "destroy" : null;
}

function responseDelayFor(delay: ApiFaults["responseDelayMs"], operation: ApiOperation | null): number {
  if (!operation) return 0;
  return typeof delay === "number" ? delay : (delay[operation] ?? 0);
}

/**
 * The response-delay fault: the request is carried out at once (the instance is created,
 * the suspend begins, its events flow), only the answer is late — so a test can keep a
 * call "in flight" while the work it asked for is already under way.
 */
function holdAnswer(res: ServerResponse, ms: number): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.end = ((...args: unknown[]) => {
    // Headers and body go out together when `end` finally runs.
    setTimeout(() => end(...args), ms);
    return res;
  }) as ServerResponse["end"];
}

function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function invalidState(res: ServerResponse, row: InstanceRow, action: string): void {
  error(res, 409, "invalid_state", `Cannot ${action} instance ${row.resourceId} while it is ${row.state}.`);
}

function error(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { code, message } }, headers);
}
