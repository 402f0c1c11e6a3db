/**
 * Shared scaffolding for the Stripe stand-in's behaviour tests: a stand-in on a free port
 * with one webhook endpoint pointing at a small receiver run by the test, the real `stripe`
 * SDK pointed at it, and helpers for its `/__control/…` routes, test clocks, the hosted
 * Checkout form and the events the receiver got (every delivery verified with
 * `constructEventAsync`, as Harbor does).
 */
import Stripe from "stripe";
import { expect } from "vitest";
import { startStripeStandIn } from "../../../../../emulators/stripe/stripe-server.ts";
import { control } from "./harness.ts";
import { startWebhookReceiver, type Delivery, type WebhookReceiver } from "../../../../support/webhook-receiver.ts";

export const SECRET_KEY = "sk_test_seq_123";
export const MAIN_SECRET = "whsec_seq_main_secret_0123456789";
export const MAIN_PATH = "/hooks/main";
export const API_VERSION = "2026-10-28.endive";

// Loose shapes: the tests read Stripe objects as rendered in events, field by field.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export type ReceivedDelivery = Delivery;
export type SequenceReceiver = WebhookReceiver;

export interface Prices {
  hobby: string;
  pro: string;
}

export interface Harness {
  base: string;
  port: number;
  stripe: Stripe;
  receiver: SequenceReceiver;
  /** Path → webhook secret used to verify what arrives there. */
  secrets: Map<string, string>;
  prices: Prices;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const receiver = await startWebhookReceiver();
  const standIn = await startStripeStandIn({
    port: 0,
    stateDir: null,
    secretKey: SECRET_KEY,
    webhooks: [{ url: `${receiver.origin}${MAIN_PATH}`, secret: MAIN_SECRET }],
  });
  const stripe = new Stripe(SECRET_KEY, { host: "localhost", port: standIn.port, protocol: "http", maxNetworkRetries: 0 });
  const h: Harness = {
    base: `http://localhost:${standIn.port}`,
    port: standIn.port,
    stripe,
    receiver,
    secrets: new Map([[MAIN_PATH, MAIN_SECRET]]),
    prices: { hobby: "", pro: "" },
    async close() {
      await standIn.close();
      await receiver.close();
    },
  };
  return h;
}

// ---------------------------------------------------------------- controls

/** POST /__control/<route> (the contract tests' helper, shared). */
export { control } from "./harness.ts";

export async function controlGet(h: Harness, route: string): Promise<Obj> {
  const res = await fetch(`${h.base}/__control/${route}`);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET /__control/${route} → ${res.status}: ${text}`);
  return JSON.parse(text) as Obj;
}

/** Waits until no delivery is due or in flight. */
export async function settle(h: Harness, timeoutMs = 5_000): Promise<void> {
  await control(h, "deliveries/settle", { timeoutMs });
}

/** Settles, resets the stand-in, applies `settings`, empties the receiver and resolves the seeded prices. */
export async function resetAll(h: Harness, settings: Obj = {}): Promise<void> {
  h.receiver.respondWith(200);
  await settle(h).catch(() => undefined);
  await control(h, "reset");
  if (Object.keys(settings).length) await control(h, "settings", settings);
  h.receiver.deliveries.splice(0);
  for (const key of [...h.secrets.keys()]) if (key !== MAIN_PATH) h.secrets.delete(key);
  const prices = await h.stripe.prices.list({ lookup_keys: ["price_hobby_01", "price_pro_01"] });
  const byKey = new Map(prices.data.map((p) => [p.lookup_key, p.id]));
  h.prices = { hobby: byKey.get("price_hobby_01") ?? "", pro: byKey.get("price_pro_01") ?? "" };
  expect(h.prices.hobby, "seeded price_hobby_01").toMatch(/^price_/);
  expect(h.prices.pro, "seeded price_pro_01").toMatch(/^price_/);
}

/** Every event the stand-in emitted, oldest first (`GET /__control/events`). */
export async function emittedEvents(h: Harness): Promise<Obj[]> {
  const answer = (await controlGet(h, "events")) as Obj | Obj[];
  return Array.isArray(answer) ? answer : (answer.data as Obj[]);
}

export async function deliveryLog(h: Harness, query: Record<string, string> = {}): Promise<Obj[]> {
  const qs = new URLSearchParams(query).toString();
  const answer = await controlGet(h, `deliveries${qs ? `?${qs}` : ""}`);
  return answer.data as Obj[];
}

// ---------------------------------------------------------------- received events

export interface Mark {
  deliveries: number;
  emitted: number;
}

/** Where the receiver's deliveries and the stand-in's event log stand now. */
export async function mark(h: Harness): Promise<Mark> {
  return { deliveries: h.receiver.deliveries.length, emitted: (await emittedEvents(h)).length };
}

/** Verifies one delivery with the SDK against the secret of the path it arrived at. */
export async function verify(h: Harness, d: ReceivedDelivery): Promise<Stripe.Event> {
  const secret = h.secrets.get(d.path);
  if (!secret) throw new Error(`delivery to unexpected path ${d.path}`);
  const header = d.headers["stripe-signature"];
  if (typeof header !== "string") throw new Error(`delivery without a Stripe-Signature header (${d.path})`);
  return h.stripe.webhooks.constructEventAsync(d.raw, header, secret);
}

export interface ReceivedOptions {
  /** Where the deliveries arrived (default: the endpoint configured at start, which takes every event). */
  path?: string;
  /**
   * "emission" (default): in the order the stand-in emitted them (`GET /__control/events`),
   * the order §6 describes; "arrival": as they reached the receiver.
   */
  order?: "emission" | "arrival";
  /** Also assert that every event emitted since the mark was received (default: true for the main endpoint). */
  complete?: boolean;
}

/**
 * The events received since `from` (a `mark`), each delivery verified, repeats (same event
 * id) dropped.
 */
export async function received(h: Harness, from: Mark | 0 = 0, opts: ReceivedOptions = {}): Promise<Obj[]> {
  const path = opts.path ?? MAIN_PATH;
  const start = from === 0 ? { deliveries: 0, emitted: 0 } : from;
  const seen = new Set<string>();
  const out: Obj[] = [];
  for (const d of h.receiver.deliveries.slice(start.deliveries)) {
    if (d.path !== path) continue;
    const event = (await verify(h, d)) as unknown as Obj;
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    out.push(event);
  }
  const complete = opts.complete ?? path === MAIN_PATH;
  const order = opts.order ?? "emission";
  if (!complete && order === "arrival") return out;
  const emitted = await emittedEvents(h);
  if (complete) {
    const since = emitted.slice(start.emitted);
    const missing = since.filter((e) => !seen.has(e.id)).map((e) => `${e.type} ${e.id}`);
    expect(missing, "emitted events that never reached the receiver").toEqual([]);
  }
  if (order === "arrival") return out;
  const position = new Map(emitted.map((e, i) => [e.id as string, i]));
  for (const e of out) expect(position.has(e.id), `received event ${e.id} is in GET /__control/events`).toBe(true);
  return [...out].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Verifies every delivery received so far, at any path. */
export async function verifyAll(h: Harness): Promise<void> {
  for (const d of h.receiver.deliveries) await verify(h, d);
}

export const types = (events: Obj[]) => events.map((e) => e.type as string);

/**
 * The named types, in the order they arrived, each as often as it arrived. Comparing this
 * with the expected list asserts presence, count and relative order while allowing any other
 * type in between.
 */
export function ordered(events: Obj[], named: string[]): string[] {
  const set = new Set(named);
  return types(events).filter((t) => set.has(t));
}

export function only(events: Obj[], type: string): Obj[] {
  return events.filter((e) => e.type === type);
}

export function one(events: Obj[], type: string): Obj {
  const found = only(events, type);
  expect(found.map((e) => e.type), `exactly one ${type} in ${JSON.stringify(types(events))}`).toEqual([type]);
  return found[0]!;
}

export async function eventually<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---------------------------------------------------------------- objects and time

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function newClock(h: Harness, frozenTime = nowSeconds()): Promise<Stripe.TestHelpers.TestClock> {
  return h.stripe.testHelpers.testClocks.create({ frozen_time: frozenTime, name: "sequence test" });
}

/** Advances a test clock, waits for `ready`, then for the deliveries to settle. */
export async function advanceClock(h: Harness, clockId: string, frozenTime: number): Promise<Stripe.TestHelpers.TestClock> {
  await h.stripe.testHelpers.testClocks.advance(clockId, { frozen_time: frozenTime });
  const clock = await eventually(
    async () => {
      const c = await h.stripe.testHelpers.testClocks.retrieve(clockId);
      return c.status === "ready" ? c : undefined;
    },
    8_000,
    `test clock ${clockId} ready`,
  );
  expect(clock.frozen_time).toBe(frozenTime);
  await settle(h);
  return clock;
}

export interface Subscribed {
  customer: Stripe.Customer;
  clock: Stripe.TestHelpers.TestClock | null;
  pm: Stripe.PaymentMethod;
  sub: Stripe.Subscription;
  periodStart: number;
  periodEnd: number;
}

/** A customer (optionally on a fresh test clock) with pm_card_visa and an active subscription created via the API. */
export async function subscribeViaApi(h: Harness, opts: { clock?: boolean; price?: string; email?: string } = {}): Promise<Subscribed> {
  const clock = opts.clock ? await newClock(h) : null;
  const customer = await h.stripe.customers.create({
    email: opts.email ?? "renewal@example.test",
    name: "Renewal Tester",
    metadata: { harbor_account_id: "acc_seq" },
    ...(clock ? { test_clock: clock.id } : {}),
  });
  const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await h.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const sub = await h.stripe.subscriptions.create({
    customer: customer.id,
    items: [{ price: opts.price ?? h.prices.hobby }],
    default_payment_method: pm.id,
    metadata: { harbor_account_id: "acc_seq", plan: "hobby" },
  });
  expect(sub.status).toBe("active");
  const item = sub.items.data[0]!;
  await settle(h);
  return { customer, clock, pm, sub, periodStart: item.current_period_start, periodEnd: item.current_period_end };
}

// ---------------------------------------------------------------- hosted Checkout

export interface CardInput {
  cardNumber: string;
  cardExpiry?: string;
  cardCvc?: string;
  cardholderName?: string;
}

export async function postCheckout(h: Harness, sessionId: string, card: CardInput): Promise<Response> {
  return fetch(`${h.base}/c/pay/${sessionId}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ cardExpiry: "12 / 34", cardCvc: "123", cardholderName: "Ada Lovelace", ...card }).toString(),
  });
}

/** Hidden inputs of the first form on a page (a token the page may carry). */
export function hiddenInputs(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/type\s*=\s*["']?hidden/i.test(tag)) continue;
    const name = /name\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    const value = /value\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1] ?? "";
    if (name) out[name] = value;
  }
  return out;
}

/** Answers the 3-D Secure page of a session with `complete` or `fail`. */
export async function authenticate(h: Harness, location: string, outcome: "complete" | "fail"): Promise<Response> {
  const url = new URL(location, h.base);
  const page = await fetch(`${h.base}${url.pathname}${url.search}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(/Complete/);
  expect(html).toMatch(/Fail/);
  return fetch(`${h.base}${url.pathname}`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...hiddenInputs(html), outcome }).toString(),
  });
}

export const SUCCESS_URL = "https://harbor.test/billing/return?session_id={CHECKOUT_SESSION_ID}";
export const CANCEL_URL = "https://harbor.test/billing";

export async function checkoutSession(h: Harness, customerId: string, accountId = "acc_checkout_1", price = h.prices.hobby): Promise<Stripe.Checkout.Session> {
  return h.stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customerId,
    line_items: [{ price, quantity: 1 }],
    success_url: SUCCESS_URL,
    cancel_url: CANCEL_URL,
    client_reference_id: accountId,
    subscription_data: { metadata: { harbor_account_id: accountId, plan: "hobby" } },
    metadata: { harbor_account_id: accountId },
  });
}
