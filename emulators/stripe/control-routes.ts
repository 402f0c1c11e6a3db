/**
 * Test controls under `/__control/` (README, "Controls"): reset, the clock, settings,
 * faults, the webhook attempt log, settling and redelivering, and putting a customer on a
 * test clock. JSON in and out; no API key. Harbor's production code never calls these.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { runDue } from "./billing/timeline.ts";
import { sendJson } from "../shared/http-body.ts";
import { ApiError } from "./http/api-error.ts";
import { attachCustomerToClock } from "./resources/test-clocks.ts";
import { mergeFaults, mergeSettings } from "./settings.ts";
import type { WebhookDelivery } from "./webhooks/delivery.ts";
import type { StripeWorld } from "./world.ts";

export interface ControlDeps {
  world: StripeWorld;
  delivery: WebhookDelivery;
  reset(): void;
}

export async function handleControl(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> {
  const { world, delivery } = deps;
  const url = new URL(req.url ?? "/", "http://x");
  const route = `${req.method} ${url.pathname.replace(/\/$/, "")}`;
  let body: Record<string, unknown> = {};
  if (rawBody) {
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { error: "body must be JSON" });
    }
  }
  try {
    switch (route) {
      case "POST /__control/reset":
        deps.reset();
        return sendJson(res, 200, { ok: true });
      case "GET /__control/clock":
        return sendJson(res, 200, { now: world.now() });
      case "POST /__control/clock": {
        const target = typeof body.now === "number" ? body.now : typeof body.advanceSeconds === "number" ? world.now() + body.advanceSeconds : NaN;
        if (!Number.isFinite(target)) return sendJson(res, 400, { error: "give { now } (Unix seconds) or { advanceSeconds }" });
        if (target < world.now()) return sendJson(res, 400, { error: "the clock only moves forward" });
        world.moveClockTo(Math.floor(target));
        runDue(world, null, world.now());
        return sendJson(res, 200, { now: world.now() });
      }
      case "GET /__control/settings":
        return sendJson(res, 200, world.settings);
      case "POST /__control/settings":
        world.settings = mergeSettings(world.settings, body);
        return sendJson(res, 200, world.settings);
      case "GET /__control/faults":
        return sendJson(res, 200, world.faults);
      case "POST /__control/faults":
        world.faults = mergeFaults(world.faults, body);
        return sendJson(res, 200, world.faults);
      case "GET /__control/deliveries": {
        const event = url.searchParams.get("event");
        const type = url.searchParams.get("type");
        return sendJson(res, 200, { data: world.store.deliveries().filter((d) => (!event || d.eventId === event) && (!type || d.type === type)) });
      }
      case "POST /__control/deliveries/settle": {
        const pending = await delivery.settle(typeof body.timeoutMs === "number" ? body.timeoutMs : 10_000);
        return sendJson(res, 200, { pending });
      }
      case "POST /__control/deliveries/redeliver":
        if (typeof body.eventId !== "string" || !delivery.redeliver(body.eventId)) return sendJson(res, 404, { error: "no such event" });
        return sendJson(res, 200, { ok: true });
      case "POST /__control/test-clocks/attach":
        if (typeof body.customer !== "string" || typeof body.testClock !== "string") return sendJson(res, 400, { error: "give { customer, testClock }" });
        attachCustomerToClock(world, body.customer, body.testClock);
        return sendJson(res, 200, { ok: true });
      case "GET /__control/events":
        return sendJson(res, 200, { data: world.store.events().map((e) => JSON.parse(e.json)) });
      default: {
        // The exact bytes an event is delivered with (what its signature covers).
        const raw = /^GET \/__control\/events\/([^/]+)\/raw$/.exec(route);
        const event = raw ? world.store.event(decodeURIComponent(raw[1]!)) : undefined;
        if (event) {
          res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
          return void res.end(event.json);
        }
        return sendJson(res, 404, { error: `no control ${route}` });
      }
    }
  } catch (e) {
    if (e instanceof ApiError) return sendJson(res, e.status, { error: e.body.message });
    if (e instanceof Error) return sendJson(res, 400, { error: e.message });
    throw e;
  }
}
