/**
 * Test harness: a host with one registered instance, and a raw HTTP helper that returns
 * status, headers, body text and (when it parses) the JSON, so tests can check bytes,
 * field sets and error texts against the fixtures.
 */
import { randomBytes } from "node:crypto";
import { startOpenBerthHost, type OpenBerthHost } from "../host.ts";

// Tests read arbitrary JSON answers; `any` keeps the assertions readable.
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Json;
}

export interface RequestOptions {
  /** API key sent as Bearer; null sends none. Defaults to the admin key. */
  key?: string | null;
  /** Sent as X-API-Key instead of Authorization. */
  xApiKey?: boolean;
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestInstance {
  host: OpenBerthHost;
  id: string;
  /** The server's base URL. */
  base: string;
  adminKey: string;
  adminId: string;
  api(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export function newAdminKey(): string {
  return `sc_${randomBytes(24).toString("hex")}`;
}

export async function startTestInstance(
  options: { stateDir?: string | null; buildDelayMs?: number; instanceId?: string; adminKey?: string } = {},
): Promise<TestInstance> {
  const host = await startOpenBerthHost({
    port: 0,
    stateDir: options.stateDir ?? null,
    buildDelayMs: options.buildDelayMs ?? 25,
  });
  const id = options.instanceId ?? `inst_${randomBytes(6).toString("hex")}`;
  const adminKey = options.adminKey ?? newAdminKey();
  const adminId = `usr_${randomBytes(8).toString("hex")}`;
  host.register({ instanceId: id, adminKey, adminUserId: adminId });
  const base = host.endpointFor(id);
  return {
    host,
    id,
    base,
    adminKey,
    adminId,
    api: (method, path, opts = {}) => call(`${base}${path}`, method, opts.key === undefined ? adminKey : opts.key, opts),
    close: () => host.close(),
  };
}

export async function call(url: string, method: string, key: string | null, options: RequestOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (key !== null) {
    if (options.xApiKey) headers["X-API-Key"] = key;
    else headers["Authorization"] = `Bearer ${key}`;
  }
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (typeof options.body === "string") body = options.body;
  else if (Buffer.isBuffer(options.body)) body = new Uint8Array(options.body);
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: Json = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: tests look at `text`
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls `check` until it returns something other than undefined/false. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs = 3000, intervalMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until GET /api/deployments/{id} reports `status`. */
export async function waitForStatus(t: TestInstance, id: string, status: string, key?: string): Promise<Json> {
  return waitFor(async () => {
    const r = await t.api("GET", `/api/deployments/${id}`, { key });
    return r.json?.status === status ? r.json : undefined;
  });
}

/** Creates a user through the admin API; returns its id and key. */
export async function createUser(
  t: TestInstance,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; apiKey: string }> {
  const r = await t.api("POST", "/api/admin/users", { body: { name, ...extra } });
  if (r.status !== 201) throw new Error(`createUser ${name}: ${r.status} ${r.text}`);
  return { id: r.json.id, apiKey: r.json.apiKey };
}

/** Code-deploys `files` and waits for `running`; returns the 202 body. */
export async function deployRunning(t: TestInstance, body: Record<string, unknown>, key?: string): Promise<Json> {
  const r = await t.api("POST", "/api/deploy/code", { body, key });
  if (r.status !== 202) throw new Error(`deploy: ${r.status} ${r.text}`);
  await waitForStatus(t, r.json.id, "running", key);
  return r.json;
}

/** Creates a sandbox and waits for `running`. */
export async function sandboxRunning(t: TestInstance, body: Record<string, unknown>, key?: string): Promise<Json> {
  const r = await t.api("POST", "/api/sandbox", { body, key });
  if (r.status !== 202) throw new Error(`sandbox: ${r.status} ${r.text}`);
  await waitForStatus(t, r.json.id, "running", key);
  return r.json;
}

/** A multipart body written fields-first, sent chunked (a stream, no Content-Length). */
export function multipartUpload(
  url: string,
  key: string,
  fields: [string, string][],
  file: { field?: string; filename?: string; data: Buffer } | null,
): Promise<ApiResponse> {
  const boundary = `----emulator-test-${randomBytes(8).toString("hex")}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? "tarball"}"; filename="${file.filename ?? "upload.tar.gz"}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from("\r\n"),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const p of parts) controller.enqueue(new Uint8Array(p));
      controller.close();
    },
  });
  return fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body: stream,
    duplex: "half",
  } as RequestInit).then(async (res) => {
    const text = await res.text();
    let json: Json;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  });
}

/** `POST /__control/build-delay`: builds started from now on take `ms`. */
export async function setBuildDelay(t: TestInstance, ms: number): Promise<void> {
  const r = await fetch(`${t.host.url}/__control/build-delay`, { method: "POST", body: JSON.stringify({ ms }) });
  if (r.status !== 200) throw new Error(`build-delay: ${r.status}`);
}

/** Creates a sandbox whose start never finishes during the test (status stays `building`). */
export async function stuckBuilding(
  t: TestInstance,
  path: "/api/sandbox" | "/api/deploy/code",
  body: Record<string, unknown>,
  restoreMs: number,
): Promise<Json> {
  await setBuildDelay(t, 600_000);
  try {
    const r = await t.api("POST", path, { body });
    if (r.status !== 202) throw new Error(`${path}: ${r.status} ${r.text}`);
    return r.json;
  } finally {
    await setBuildDelay(t, restoreMs);
  }
}

/** Runs `fn` with builds taking `ms` (long enough to observe `building`/`updating`), then restores `restoreMs`. */
export async function withBuildDelay<T>(t: TestInstance, ms: number, restoreMs: number, fn: () => Promise<T>): Promise<T> {
  await setBuildDelay(t, ms);
  try {
    return await fn();
  } finally {
    await setBuildDelay(t, restoreMs);
  }
}
