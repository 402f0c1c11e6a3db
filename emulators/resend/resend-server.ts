/**
 * Starts the Resend stand-in (README.md): the `/emails` API for the `resend` SDK
 * (../shared/resend/API.md §1–5), signed delivery webhooks (§6) driven by the test
 * addresses (§8), the dev inbox (`/inbox`), and the controls (`/__control/…`).
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listenOnLocalhost } from "../shared/listen.ts";
import { readBody, sendJson } from "../shared/http-body.ts";
import { ApiError, buildEmail, emailListItem, emailView, eventBody, parseSchedule, scriptFor } from "./emails.ts";
import { handleInbox, inboxMessages } from "./inbox.ts";
import { DEFAULT_SETTINGS, mergeFaults, mergeSettings, NO_FAULTS, type ResendFaults, type ResendSettings } from "./settings.ts";
import { ResendStore, type StoredEmail } from "./store.ts";
import { WebhookDelivery, type WebhookEndpointConfig } from "./webhooks.ts";

export interface ResendStandInOptions {
  /** 0: any free port. */
  port: number;
  /** Where state is kept across restarts; null keeps it in memory. */
  stateDir: string | null;
  /** The one API key the stand-in accepts. */
  apiKey: string;
  /** Webhook endpoints, as configured in Resend's dashboard. */
  webhooks?: WebhookEndpointConfig[];
  /** How often scheduled emails that fell due are sent (ms). */
  tickMs?: number;
  settings?: Partial<ResendSettings>;
}

export interface RunningResend {
  url: string;
  port: number;
  store: ResendStore;
  delivery: WebhookDelivery;
  close(): Promise<void>;
}

const MAX_BODY = 50 * 1024 * 1024;

export async function startResendStandIn(options: ResendStandInOptions): Promise<RunningResend> {
  const store = new ResendStore(options.stateDir);
  let settings: ResendSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  let faults: ResendFaults = { ...NO_FAULTS };
  let clockOffsetMs = 0;
  const now = () => Date.now() + clockOffsetMs;
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const inFlightKeys = new Set<string>();
  const delivery = new WebhookDelivery({
    store,
    endpoints: options.webhooks ?? [],
    settings: () => settings,
    faults: () => faults,
    setFaults: (f) => (faults = f),
  });

  /** Runs an accepted (or newly due) email's scripted events. */
  const dispatch = (email: StoredEmail) => {
    const script = scriptFor(email, store, settings);
    const start = Date.now();
    script.forEach((step, i) => {
      const at = new Date(now() + i * settings.eventGapMs).toISOString();
      email.events.push({ type: step.type.replace("email.", ""), at });
      email.last_event = step.last;
      delivery.emit(step.type, eventBody(email, step.type, at, step.extra), start + i * settings.eventGapMs);
    });
    store.putEmail(email);
  };

  const runDue = () => {
    const t = now();
    for (const e of store.emails())
      if (e.last_event === "scheduled" && e.scheduled_at && Date.parse(e.scheduled_at) <= t) dispatch(e);
  };

  /** Token bucket per key (contract §5); returns the headers and whether the request may go on. */
  const rateLimit = (key: string): { ok: boolean; headers: Record<string, string> } => {
    const rate = Math.max(1, settings.rateLimitPerSecond);
    const t = Date.now();
    const b = buckets.get(key) ?? { tokens: rate, atMs: t };
    b.tokens = Math.min(rate, b.tokens + ((t - b.atMs) / 1000) * rate);
    b.atMs = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    buckets.set(key, b);
    const headers: Record<string, string> = {
      "ratelimit-limit": String(rate),
      "ratelimit-remaining": String(Math.floor(b.tokens)),
      "ratelimit-reset": String(Math.ceil((rate - b.tokens) / rate)),
    };
    if (!ok) headers["retry-after"] = String(Math.max(1, Math.ceil((1 - b.tokens) / rate)));
    return { ok, headers };
  };

  const sendOne = (payload: unknown): { status: number; body: unknown } => {
    const email = buildEmail(payload, now(), { batch: false });
    store.putEmail(email);
    if (!email.scheduled_at) dispatch(email);
    return { status: 200, body: { id: email.id } };
  };

  const sendBatch = (payload: unknown, mode: string): { status: number; body: unknown } => {
    if (!Array.isArray(payload)) throw new ApiError(422, "validation_error", "The batch must be a JSON array of emails.");
    if (payload.length === 0 || payload.length > 100)
      throw new ApiError(422, "validation_error", "A batch holds between 1 and 100 emails.");
    const built: (StoredEmail | null)[] = [];
    const errors: { index: number; message: string }[] = [];
    payload.forEach((item, index) => {
      try {
        built.push(buildEmail(item, now(), { batch: true }));
      } catch (e) {
        if (!(e instanceof ApiError) || mode !== "permissive") {
          if (e instanceof ApiError) throw new ApiError(e.status, e.name, `${e.message} (email at index ${index})`);
          throw e;
        }
        built.push(null);
        errors.push({ index, message: e.message });
      }
    });
    const data: { id: string }[] = [];
    for (const email of built) {
      if (!email) continue;
      store.putEmail(email);
      if (!email.scheduled_at) dispatch(email);
      data.push({ id: email.id });
    }
    return { status: 200, body: mode === "permissive" ? { data, errors } : { data } };
  };

  const mustBeScheduled = (id: string): StoredEmail => {
    const email = store.email(id);
    if (!email) throw new ApiError(404, "not_found", "Email not found");
    if (email.last_event !== "scheduled")
      throw new ApiError(422, "validation_error", `The email cannot be changed: it is ${email.last_event}, not scheduled.`);
    return email;
  };

  const listEmails = (q: URLSearchParams): unknown => {
    const limitRaw = q.get("limit");
    const limit = limitRaw === null ? 20 : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new ApiError(422, "validation_error", "The `limit` parameter must be an integer between 1 and 100.");
    const after = q.get("after");
    const before = q.get("before");
    if (after && before)
      throw new ApiError(422, "validation_error", "The `after` and `before` parameters cannot be used together.");
    const all = store.emails();
    let page: StoredEmail[];
    let hasMore: boolean;
    const cursor = after ?? before;
    const at = cursor ? all.findIndex((e) => e.id === cursor) : -1;
    if (cursor && at < 0) throw new ApiError(422, "validation_error", `Invalid cursor \`${cursor}\`.`);
    if (before) {
      const newer = all.slice(0, at);
      page = newer.slice(Math.max(0, newer.length - limit));
      hasMore = newer.length > limit;
    } else {
      const rest = after ? all.slice(at + 1) : all;
      page = rest.slice(0, limit);
      hasMore = rest.length > limit;
    }
    return { object: "list", has_more: hasMore, data: page.map(emailListItem) };
  };

  /** The API proper, after auth, rate limiting, idempotency and faults. */
  const route = (
    method: string,
    parts: string[],
    raw: string,
    req: IncomingMessage,
    q: URLSearchParams,
  ): { status: number; body: unknown } => {
    const json = (): unknown => {
      try {
        return raw ? JSON.parse(raw) : {};
      } catch {
        throw new ApiError(400, "validation_error", "The body is not valid JSON.");
      }
    };
    if (parts[0] !== "emails") throw new ApiError(404, "not_found", "The requested endpoint does not exist.");
    const [, id, action] = parts;
    if (parts.length === 1) {
      if (method === "POST") return sendOne(json());
      if (method === "GET") return { status: 200, body: listEmails(q) };
    } else if (parts.length === 2 && id === "batch") {
      if (method === "POST") return sendBatch(json(), String(req.headers["x-batch-validation"] ?? "strict"));
    } else if (parts.length === 2) {
      if (method === "GET") {
        const email = store.email(id!);
        if (!email) throw new ApiError(404, "not_found", "Email not found");
        return { status: 200, body: emailView(email) };
      }
      if (method === "PATCH") {
        const email = mustBeScheduled(id!);
        const body = json() as { scheduled_at?: unknown };
        if (body.scheduled_at === undefined) throw new ApiError(422, "missing_required_field", "Missing `scheduled_at` field.");
        email.scheduled_at = parseSchedule(body.scheduled_at, now());
        store.putEmail(email);
        return { status: 200, body: { object: "email", id: email.id } };
      }
    } else if (parts.length === 3 && action === "cancel") {
      if (method === "POST") {
        const email = mustBeScheduled(id!);
        email.last_event = "canceled";
        email.events.push({ type: "canceled", at: new Date(now()).toISOString() });
        store.putEmail(email);
        return { status: 200, body: { object: "email", id: email.id } };
      }
    } else throw new ApiError(404, "not_found", "The requested endpoint does not exist.");
    throw new ApiError(405, "method_not_allowed", "Method is not allowed for the requested path.");
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: string): Promise<void> => {
    const method = req.method ?? "GET";
    // Faults first: they stand for Resend's front door failing.
    if (faults.failNext > 0) {
      faults = { ...faults, failNext: faults.failNext - 1 };
      const status = faults.failStatus;
      if (faults.failNonJson) {
        res.writeHead(status, { "Content-Type": "text/html" });
        return void res.end("<html><body>upstream error</body></html>");
      }
      const name =
        status === 429
          ? "rate_limit_exceeded"
          : status === 503
            ? "service_unavailable"
            : status >= 500
              ? "application_error"
              : "validation_error";
      const headers: Record<string, string> =
        status === 429
          ? {
              "retry-after": "1",
              "ratelimit-limit": String(settings.rateLimitPerSecond),
              "ratelimit-remaining": "0",
              "ratelimit-reset": "1",
            }
          : {};
      return sendJson(res, status, { statusCode: status, name, message: `Fault injected by the stand-in (${status}).` }, headers);
    }
    const auth = req.headers.authorization;
    if (!auth || !/^Bearer\s+\S+/i.test(auth))
      return sendJson(res, 401, {
        statusCode: 401,
        name: "missing_api_key",
        message:
          "Missing API key in the authorization header. Include the following header in the request: Authorization: Bearer YOUR_API_KEY",
      });
    const key = auth.replace(/^Bearer\s+/i, "").trim();
    if (key !== options.apiKey) {
      const status = settings.invalidKeyStatus;
      return sendJson(res, status, { statusCode: status, name: "invalid_api_key", message: "API key is invalid" });
    }
    const limit = rateLimit(key);
    if (!limit.ok)
      return sendJson(
        res,
        429,
        {
          statusCode: 429,
          name: "rate_limit_exceeded",
          message:
            "Too many requests. You can only make 10 requests per second. See rate limit response headers for more information.".replace(
              "10",
              String(settings.rateLimitPerSecond),
            ),
        },
        limit.headers,
      );
    const reply = (status: number, body: unknown) => sendJson(res, status, body, limit.headers);

    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const idemHeader = req.headers["idempotency-key"];
    const idempotent =
      method === "POST" &&
      parts[0] === "emails" &&
      (parts.length === 1 || (parts.length === 2 && parts[1] === "batch")) &&
      idemHeader !== undefined;
    let slot: string | null = null;
    if (idempotent) {
      const idemKey = String(idemHeader);
      if (idemKey.length < 1 || idemKey.length > 256)
        return reply(400, { statusCode: 400, name: "invalid_idempotency_key", message: "The key must be between 1-256 chars." });
      slot = `${method} ${url.pathname} ${idemKey}`;
      if (inFlightKeys.has(slot))
        return reply(409, {
          statusCode: 409,
          name: "concurrent_idempotent_requests",
          message: "Same idempotency key used while original request is still in progress.",
        });
      const fingerprint = createHash("sha256").update(raw).digest("hex");
      const seen = store.idempotency(slot);
      if (seen && now() - seen.createdAtMs < settings.idempotencyTtlMs) {
        if (seen.fingerprint !== fingerprint)
          return reply(409, {
            statusCode: 409,
            name: "invalid_idempotent_request",
            message: "Same idempotency key used with a different request payload. Change your idempotency key or payload.",
          });
        return reply(seen.status, JSON.parse(seen.body));
      }
      inFlightKeys.add(slot);
    }
    try {
      if (faults.hangNext > 0) {
        const f = faults;
        faults = { ...faults, hangNext: faults.hangNext - 1 };
        await new Promise((r) => setTimeout(r, f.hangMs));
        if (!f.hangThenProcess) return void req.socket.destroy();
      }
      let answer: { status: number; body: unknown };
      try {
        answer = route(method, parts, raw, req, url.searchParams);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        answer = { status: e.status, body: e.body() };
      }
      if (slot && (answer.status < 300 || settings.replayErrors))
        store.putIdempotency(slot, {
          fingerprint: createHash("sha256").update(raw).digest("hex"),
          status: answer.status,
          body: JSON.stringify(answer.body),
          createdAtMs: now(),
        });
      if (res.writableEnded || req.socket.destroyed) return;
      reply(answer.status, answer.body);
    } finally {
      if (slot) inFlightKeys.delete(slot);
    }
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: string): Promise<void> => {
    let body: Record<string, unknown> = {};
    if (raw) {
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return sendJson(res, 400, { error: "body must be JSON" });
      }
    }
    const routeKey = `${req.method} ${url.pathname.replace(/\/$/, "")}`;
    try {
      switch (routeKey) {
        case "POST /__control/reset":
          store.clear();
          buckets.clear();
          settings = { ...DEFAULT_SETTINGS, ...options.settings };
          faults = { ...NO_FAULTS };
          clockOffsetMs = 0;
          return sendJson(res, 200, { ok: true });
        case "GET /__control/settings":
          return sendJson(res, 200, settings);
        case "POST /__control/settings":
          settings = mergeSettings(settings, body);
          return sendJson(res, 200, settings);
        case "GET /__control/faults":
          return sendJson(res, 200, faults);
        case "POST /__control/faults":
          faults = mergeFaults(faults, body);
          return sendJson(res, 200, faults);
        case "GET /__control/clock":
          return sendJson(res, 200, { now: new Date(now()).toISOString() });
        case "POST /__control/clock": {
          if (typeof body.advanceSeconds !== "number" || body.advanceSeconds < 0)
            return sendJson(res, 400, { error: "give { advanceSeconds } (the clock only moves forward)" });
          clockOffsetMs += body.advanceSeconds * 1000;
          runDue();
          return sendJson(res, 200, { now: new Date(now()).toISOString() });
        }
        case "GET /__control/deliveries": {
          const type = url.searchParams.get("type");
          const email = url.searchParams.get("email");
          return sendJson(res, 200, {
            data: store.deliveries().filter((d) => (!type || d.type === type) && (!email || d.emailId === email)),
          });
        }
        case "POST /__control/deliveries/settle":
          return sendJson(res, 200, {
            pending: await delivery.settle(typeof body.timeoutMs === "number" ? body.timeoutMs : 10_000),
          });
        case "GET /__control/messages":
          return sendJson(res, 200, { data: inboxMessages(store, url.searchParams.get("to")) });
        case "GET /__control/suppressions":
          return sendJson(res, 200, { data: store.suppressions() });
        case "POST /__control/suppressions":
          if (typeof body.email !== "string") return sendJson(res, 400, { error: "give { email }" });
          store.suppress({ email: body.email, origin: "manual", source_id: null, created_at: new Date(now()).toISOString() });
          return sendJson(res, 200, { ok: true });
        default:
          return sendJson(res, 404, { error: `no control ${routeKey}` });
      }
    } catch (e) {
      if (e instanceof Error) return sendJson(res, 400, { error: e.message });
      throw e;
    }
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = req.method === "GET" || req.method === "HEAD" ? "" : (await readBody(req, MAX_BODY)).toString("utf8");
      if (url.pathname === "/healthz") return sendJson(res, 200, { ok: true });
      if (url.pathname.startsWith("/__control/")) return await control(req, res, url, raw);
      if (req.method === "GET" && handleInbox(store, url.pathname, url.searchParams, res)) return;
      if (url.pathname === "/" && req.method === "GET") {
        res.writeHead(302, { Location: "/inbox" });
        return void res.end();
      }
      return await api(req, res, url, raw);
    } catch (e) {
      console.error("[resend stand-in]", e);
      if (!res.headersSent)
        sendJson(res, 500, { statusCode: 500, name: "application_error", message: "The stand-in failed to answer." });
      else res.end();
    }
  };

  const listener = await listenOnLocalhost((req, res) => void handler(req, res), options.port);
  delivery.start();
  const tick = setInterval(() => {
    try {
      runDue();
    } catch (e) {
      console.error("[resend stand-in] tick failed", e);
    }
  }, options.tickMs ?? 1000);
  tick.unref();

  return {
    url: listener.url,
    port: listener.port,
    store,
    delivery,
    async close() {
      clearInterval(tick);
      await delivery.stop();
      await listener.close();
      store.close();
    },
  };
}
