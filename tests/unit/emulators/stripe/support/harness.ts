/**
 * Shared set-up for the Stripe stand-in's contract tests (../shared/stripe/API.md): one
 * stand-in per test file, driven by the real `stripe` SDK, plus raw HTTP for what the SDK
 * hides (headers, `[]` arrays, missing keys, concurrent requests).
 */
import Stripe from "stripe";
import { startStripeStandIn } from "../../../../../emulators/stripe/stripe-server.ts";

export const KEY = "sk_test_contract_123";
export const API_VERSION = "2026-10-28.endive";

export type StripeError = Stripe.errors.StripeError;

export interface Harness {
  port: number;
  base: string;
  stripe: Stripe;
  /** An SDK client with another key / settings against the same stand-in. */
  client(key?: string): Stripe;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const standIn = await startStripeStandIn({ port: 0, stateDir: null, secretKey: KEY, webhooks: [] });
  const port = standIn.port;
  const client = (key = KEY) => new Stripe(key, { host: "localhost", port, protocol: "http", maxNetworkRetries: 0 });
  return {
    port,
    base: `http://localhost:${port}`,
    stripe: client(),
    client,
    close: () => standIn.close(),
  };
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** A raw API call: `body` is a form-encoded string sent as is (POST) or appended as the query. */
export async function raw(
  h: Harness,
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string>; key?: string | null } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? KEY : opts.key;
  if (key !== null) headers.Authorization = `Bearer ${key}`;
  let url = `${h.base}${path}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    if (method === "GET" || method === "DELETE") url += (url.includes("?") ? "&" : "?") + opts.body;
    else {
      body = opts.body;
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

/** POST a stand-in control under /__control/ (JSON, no API key). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function control(h: { base: string }, path: string, body: unknown = {}): Promise<any> {
  const res = await fetch(`${h.base}/__control/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The error a call rejected with; fails when it resolved. */
export async function caught(p: Promise<unknown>): Promise<StripeError> {
  try {
    await p;
  } catch (e) {
    return e as StripeError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Price ids by lookup key (Harbor's way: prices can't have chosen ids, contract §0). */
export async function priceIds(stripe: Stripe): Promise<{ hobby: string; pro: string }> {
  const list = await stripe.prices.list({ lookup_keys: ["price_hobby_01", "price_pro_01"] });
  const by = (k: string) => {
    const p = list.data.find((x) => x.lookup_key === k);
    if (!p) throw new Error(`no price with lookup key ${k}`);
    return p.id;
  };
  return { hobby: by("price_hobby_01"), pro: by("price_pro_01") };
}

let seq = 0;
/** A unique e-mail per call, so tests sharing one stand-in don't see each other's customers. */
export const uniqueEmail = (tag: string) => `${tag}-${Date.now().toString(36)}-${++seq}@example.test`;

/** A customer with `pm_card_visa` attached (the attached, cloned payment method is returned). */
export async function customerWithCard(stripe: Stripe, params: Stripe.CustomerCreateParams = {}) {
  const customer = await stripe.customers.create({ email: uniqueEmail("card"), ...params });
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  return { customer, pm };
}

/** A customer, a card and an API-created monthly subscription on `price`. */
export async function subscriber(stripe: Stripe, price: string, params: Stripe.CustomerCreateParams = {}) {
  const { customer, pm } = await customerWithCard(stripe, params);
  const sub = await stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price }],
    default_payment_method: pm.id,
  });
  return { customer, pm, sub };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** `ts` moved by `months` calendar months (UTC), the day clamped to the month's end. */
export function addMonthsUTC(ts: number, months: number): number {
  const d = new Date(ts * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()));
  return Math.floor(out.getTime() / 1000);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
