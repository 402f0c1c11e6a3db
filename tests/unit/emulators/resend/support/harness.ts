/**
 * Shared set-up for the Resend stand-in's contract tests (../shared/resend/API.md): one
 * stand-in per test file, driven by the real `resend` SDK (pointed at it with `baseUrl`),
 * a webhook receiver, and raw HTTP for what the SDK hides.
 */
import { Resend } from "resend";
import { afterAll, beforeAll, beforeEach } from "vitest";
import {
  startResendStandIn,
  type RunningResend,
  type ResendStandInOptions,
} from "../../../../../emulators/resend/resend-server.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../../../../support/webhook-receiver.ts";

export const KEY = "re_test_contract_123";
export const SECRET = `whsec_${Buffer.from("resend-stand-in-test-secret-0123").toString("base64")}`;
export const FROM = "Harbor <notify@mail.harbor.example>";

export interface Harness {
  base: string;
  resend: Resend;
  standIn: RunningResend;
  receiver: WebhookReceiver;
  client(key: string): Resend;
  control(path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<ResendStandInOptions> = {}, receiver?: WebhookReceiver): Promise<Harness> {
  const rx = receiver ?? (await startWebhookReceiver());
  const standIn = await startResendStandIn({
    port: 0,
    stateDir: null,
    apiKey: KEY,
    webhooks: [{ url: `${rx.origin}/webhooks/resend`, secret: SECRET }],
    settings: { eventGapMs: 0, webhookRetryScheduleMs: [20, 20, 20] },
    ...opts,
  });
  const base = standIn.url;
  const client = (key: string) => new Resend(key, { baseUrl: base });
  const control = async (path: string, body?: unknown) => {
    const res = await fetch(
      `${base}/__control/${path}`,
      body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) },
    );
    return res.json();
  };
  return {
    base,
    resend: client(KEY),
    standIn,
    receiver: rx,
    client,
    control,
    async settle() {
      await standIn.delivery.settle(5_000);
    },
    async close() {
      await standIn.close();
      if (!receiver) await rx.close();
    },
  };
}

export function email(to: string | string[] = "delivered@resend.dev", extra: Record<string, unknown> = {}) {
  return { from: FROM, to, subject: "Your Harbor trial ends on 3 December", html: "<p>Hello <b>there</b></p>", ...extra };
}

/** A raw API call with JSON. */
export async function raw(
  h: Harness,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; headers?: Record<string, string>; key?: string | null } = {},
) {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  const res = await fetch(`${h.base}${path}`, {
    method,
    headers,
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let json: any = null; // eslint-disable-line @typescript-eslint/no-explicit-any
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * One stand-in for a test file: started before its tests, closed after, and reset before
 * each (then `prepare` runs, e.g. to raise the rate limit). Returns the harness, usable
 * from inside tests and hooks.
 */
export function useHarness(prepare: (h: Harness) => Promise<void> | void = () => {}): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness();
  });
  afterAll(() => started?.close());
  beforeEach(async () => {
    await started!.control("reset", {});
    await prepare(started!);
  });
  return new Proxy({} as Harness, { get: (_target, key) => Reflect.get(started!, key) });
}

/** Most tests: a rate limit high enough that it never gets in the way. */
export const noRateLimit = (h: Harness) => h.control("settings", { rateLimitPerSecond: 1000 }).then(() => {});
