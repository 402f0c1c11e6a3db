/**
 * Emulator-only test controls (docs/infra-contract.md §5): faults, crashes, odd states,
 * seeding, and reading what was delivered. Not part of the contract; no auth.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { readBody, sendJson } from "../shared/http-body.ts";
import { ulid } from "../shared/ulid.ts";
import type { ApiContext, ApiFaults, ApiOperation } from "./api-routes.ts";
import { API_OPERATIONS, publicInstance } from "./api-routes.ts";
import type { InstanceRow } from "./store.ts";
import type { DeliveryFaults } from "./webhook-delivery.ts";

export interface ControlContext extends ApiContext {
  deliveryFaults: DeliveryFaults;
  webhook: { url: string };
  reset(): void;
}

const INSTANCE_CONTROL = /^\/__control\/instances\/(inst_[0-9a-z]{26})\/(crash|emit)$/;

export async function handleControl(ctx: ControlContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const body = req.method === "POST" ? await readJson(req) : {};
  if (body === null) return sendJson(res, 400, { error: "body is not JSON" });
  const path = url.pathname;

  if (path === "/__control/reset" && req.method === "POST") {
    ctx.reset();
    return sendJson(res, 200, { reset: true });
  }
  if (path === "/__control/faults" && req.method === "POST") {
    const f = body as Record<string, unknown>;
    if (typeof f.failNextProvisions === "number") ctx.faults.failNextProvisions = f.failNextProvisions;
    if (typeof f.dropNextProvisionResponses === "number") ctx.faults.dropNextProvisionResponses = f.dropNextProvisionResponses;
    if (f.responseDelayMs !== undefined) {
      const delay = parseResponseDelay(f.responseDelayMs);
      if (delay === null)
        return sendJson(res, 400, { error: `responseDelayMs must be ms (0-600000), or {${API_OPERATIONS.join(", ")}} of ms` });
      ctx.faults.responseDelayMs = delay;
    }
    if (typeof f.eventDelayMs === "number") ctx.deliveryFaults.eventDelayMs = f.eventDelayMs;
    if (typeof f.duplicateEvents === "boolean") ctx.deliveryFaults.duplicateEvents = f.duplicateEvents;
    if (typeof f.reorderEvents === "boolean") ctx.deliveryFaults.reorderEvents = f.reorderEvents;
    return sendJson(res, 200, { ...ctx.faults, ...ctx.deliveryFaults });
  }
  if (path === "/__control/webhook" && req.method === "POST") {
    const target = (body as { url?: unknown }).url;
    if (typeof target !== "string") return sendJson(res, 400, { error: "url is required" });
    ctx.webhook.url = target;
    return sendJson(res, 200, { url: target });
  }
  if (path === "/__control/dead-letters" && req.method === "GET")
    return sendJson(res, 200, { deadLetters: ctx.store.deadLetters() });
  if (path === "/__control/deliveries" && req.method === "GET") return sendJson(res, 200, { deliveries: ctx.store.attempts() });
  if (path === "/__control/events" && req.method === "GET") return sendJson(res, 200, { events: ctx.store.events() });
  // For leak checks: every admin key ever issued, so tests can prove none reached a browser or a log.
  if (path === "/__control/admin-keys" && req.method === "GET") {
    return sendJson(res, 200, {
      keys: ctx.store.allInstances().map((i) => ({ resourceId: i.resourceId, workspaceId: i.workspaceId, adminKey: i.adminKey })),
    });
  }
  if (path === "/__control/seed" && req.method === "POST") return seed(ctx, res, body as Record<string, unknown>);

  const match = INSTANCE_CONTROL.exec(path);
  if (match && req.method === "POST") {
    const [, resourceId, action] = match as unknown as [string, string, string];
    const row = ctx.store.getInstance(resourceId);
    if (!row) return sendJson(res, 404, { error: "no such instance" });
    if (action === "crash") {
      const recover = (body as { recoverAfterMs?: unknown }).recoverAfterMs;
      ctx.lifecycle.crash(resourceId, typeof recover === "number" ? recover : null);
    } else {
      const state = (body as { state?: unknown }).state;
      if (typeof state !== "string" || state.length === 0 || state.length > 64)
        return sendJson(res, 400, { error: "state is required" });
      ctx.lifecycle.emit(resourceId, state);
    }
    return sendJson(res, 200, publicInstance(ctx, ctx.store.getInstance(resourceId)!));
  }
  sendJson(res, 404, { error: "no such control" });
}

/** Instances straight into the store (benchmarks): no events, OpenBerth started lazily on use. */
function seed(ctx: ControlContext, res: ServerResponse, body: Record<string, unknown>): void {
  const workspaceIds = Array.isArray(body.workspaceIds)
    ? body.workspaceIds.filter((w): w is string => typeof w === "string")
    : null;
  const count = workspaceIds ? workspaceIds.length : Number(body.count ?? 0);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) return sendJson(res, 400, { error: "count must be 1-100000" });
  const region = typeof body.region === "string" ? body.region : "eu-west";
  const state = typeof body.state === "string" ? body.state : "running";
  const now = new Date().toISOString();
  const rows: InstanceRow[] = Array.from({ length: count }, (_, i) => ({
    resourceId: `inst_${ulid().toLowerCase()}`,
    workspaceId: workspaceIds?.[i] ?? `ws_seed_${ulid().toLowerCase()}`,
    region,
    state,
    sequence: 1,
    adminKey: `sc_${randomBytes(24).toString("hex")}`,
    adminUserId: `usr_${randomBytes(8).toString("hex")}`,
    createdAt: now,
    updatedAt: now,
  }));
  ctx.store.insertInstances(rows);
  for (const row of rows) {
    ctx.fleet.register({ instanceId: row.resourceId, adminKey: row.adminKey, adminUserId: row.adminUserId });
    ctx.fleet.setRunning(row.resourceId, state === "running");
  }
  sendJson(res, 201, {
    created: count,
    instances: rows.map((r) => ({
      resourceId: r.resourceId,
      workspaceId: r.workspaceId,
      adminKey: r.adminKey,
      endpointUrl: ctx.fleet.endpointFor(r.resourceId),
    })),
  });
}

/** A number of ms for every operation, or `{provision?, suspend?, …}`; null when it is neither. */
function parseResponseDelay(value: unknown): ApiFaults["responseDelayMs"] | null {
  const ms = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0 && v <= 600_000;
  if (ms(value)) return value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const out: Partial<Record<ApiOperation, number>> = {};
  for (const [op, v] of Object.entries(value)) {
    if (!API_OPERATIONS.includes(op as ApiOperation) || !ms(v)) return null;
    out[op as ApiOperation] = v;
  }
  return out;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString("utf8");
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
