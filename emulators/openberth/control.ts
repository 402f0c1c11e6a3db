/**
 * Host-level test controls under `/__control/` (emulator-only, no auth):
 *
 *   POST /__control/clock        {"advanceMs": n} | {"reset": true}  → move the shared clock, then sweep
 *   POST /__control/sweep        run the expiry sweep on every loaded instance now
 *   POST /__control/build-delay  {"ms": n}  how long builds and sandbox starts take from now on
 *   GET  /__control/instances    ids with their running and loaded flags
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { rfc3339, type EmulatorClock } from "./clock.ts";
import { readBody, sendError, sendJson, sendNotFound } from "./http-replies.ts";
import type { InstanceRegistry } from "./instance-registry.ts";

export interface ControlTarget {
  clock: EmulatorClock;
  registry: InstanceRegistry;
  setBuildDelay(ms: number): void;
  sweep(): number;
}

export async function serveControl(
  target: ControlTarget,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const method = req.method ?? "GET";
  const route = `${method} ${path}`;
  if (route === "GET /__control/instances") return sendJson(res, 200, { instances: target.registry.list() });
  if (route === "POST /__control/sweep") return sendJson(res, 200, { expired: target.sweep() });
  if (route === "POST /__control/clock") {
    const body = await jsonBody(req);
    if (body?.["reset"] === true) target.clock.reset();
    else if (typeof body?.["advanceMs"] === "number" && Number.isFinite(body["advanceMs"]))
      target.clock.advance(body["advanceMs"]);
    else return sendError(res, 400, 'Send {"advanceMs": <number>} or {"reset": true}.');
    const expired = target.sweep();
    return sendJson(res, 200, { now: rfc3339(target.clock.now()), offsetMs: target.clock.offsetMs, expired });
  }
  if (route === "POST /__control/build-delay") {
    const body = await jsonBody(req);
    const ms = body?.["ms"];
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) return sendError(res, 400, 'Send {"ms": <number ≥ 0>}.');
    target.setBuildDelay(ms);
    return sendJson(res, 200, { ms });
  }
  sendNotFound(res);
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown> | null> {
  try {
    const parsed: unknown = JSON.parse((await readBody(req)).toString("utf8"));
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
