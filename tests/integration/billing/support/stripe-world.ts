/**
 * The Stripe stand-in from inside workerd tests. The tests' Worker has no address the
 * stand-in could push webhooks to, so `StripeRelay` plays Stripe's delivery: it reads the
 * events the stand-in emitted and POSTs each one's exact bytes, signed as Stripe signs them,
 * to the Worker's own /webhooks/stripe — the same route, queue and consumer as production.
 * Tests then wait for the billing queue to finish (`settled`), never call the sync themselves.
 */
import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { beforeEach } from "vitest";
import { SUBSCRIBED_EVENT_TYPES } from "../../../../server/billing/stripe-events";
import { AppClient, waitFor } from "../../support/app-client";
import { signedIn, type Person } from "../../support/fixtures";
import { createWorkspace, lifecycleOf, pumpUntil } from "../../support/infra-world";

const api = new URL(env.STRIPE_API_URL);

export const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
  host: api.hostname,
  port: Number(api.port),
  protocol: "http",
  httpClient: Stripe.createFetchHttpClient(),
  maxNetworkRetries: 0,
});

export async function stripeControl<T = unknown>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.STRIPE_API_URL}/__control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "Content-Type": "application/json" },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`stripe control ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export interface StandInEvent {
  id: string;
  type: string;
  created: number;
}

export async function standInEvents(): Promise<StandInEvent[]> {
  const body = await stripeControl<{ data: StandInEvent[] } | StandInEvent[]>("events");
  return Array.isArray(body) ? body : body.data;
}

export async function rawEvent(id: string): Promise<string> {
  const res = await fetch(`${env.STRIPE_API_URL}/__control/events/${id}/raw`);
  if (!res.ok) throw new Error(`raw event ${id}: ${res.status}`);
  return res.text();
}

export async function signatureFor(payload: string, timestamp?: number, secret = env.STRIPE_WEBHOOK_SECRET): Promise<string> {
  return stripe.webhooks.generateTestHeaderStringAsync({ payload, secret, ...(timestamp !== undefined && { timestamp }) });
}

/** Posts one event's bytes to the Worker's webhook. */
export async function deliver(payload: string, signature?: string | null): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const sig = signature === undefined ? await signatureFor(payload) : signature;
  if (sig !== null) headers["Stripe-Signature"] = sig;
  return new AppClient().fetch("/webhooks/stripe", { method: "POST", body: payload, headers });
}

/**
 * Delivers the events the stand-in emitted that it has not delivered yet — those Harbor's
 * endpoint subscribes to (server/billing/stripe-events.ts), as a Stripe endpoint configured
 * with that list would; a few at a time, in no particular order (Stripe guarantees none).
 */
const SUBSCRIBED = new Set(SUBSCRIBED_EVENT_TYPES);

export class StripeRelay {
  private readonly delivered = new Set<string>();

  /** Marks what exists now as delivered already (e.g. before a test's own story starts). */
  async skipExisting(): Promise<void> {
    for (const e of await standInEvents()) this.delivered.add(e.id);
  }

  /** The subscribed events not delivered yet, oldest first (forgotten by the relay once returned). */
  async take(): Promise<StandInEvent[]> {
    const fresh = (await standInEvents()).filter((e) => !this.delivered.has(e.id));
    for (const e of fresh) this.delivered.add(e.id);
    return fresh.filter((e) => SUBSCRIBED.has(e.type));
  }

  /** Delivers the new events (in the order `arrange` gives, four at a time), expecting 200 for each. */
  async flush(arrange: (events: StandInEvent[]) => StandInEvent[] = (e) => e): Promise<StandInEvent[]> {
    const events = arrange(await this.take());
    for (let i = 0; i < events.length; i += 4) {
      await Promise.all(
        events.slice(i, i + 4).map(async (event) => {
          const res = await deliver(await rawEvent(event.id));
          if (res.status !== 200) throw new Error(`webhook answered ${res.status} for ${event.type}`);
        }),
      );
    }
    return events;
  }
}

/** A relay for a test file that, before each test, counts what Stripe emitted so far as delivered. */
export function relayPerTest(): StripeRelay {
  const relay = new StripeRelay();
  beforeEach(() => relay.skipExisting());
  return relay;
}

/** Waits until every recorded Stripe event has been processed (the billing queue is idle). */
export async function settled(timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => {
    const row = await env.DB.prepare("SELECT count(*) AS n FROM stripe_webhook_events WHERE processed_at IS NULL").first<{
      n: number;
    }>();
    return row?.n === 0;
  }, timeoutMs);
}

export interface BillingRow {
  plan_id: string;
  billing_state: string;
  billing_ended_reason: string | null;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  subscription_status: string | null;
  current_period_end: number | null;
  cancel_at: number | null;
  card_last4: string | null;
  open_invoice_id: string | null;
  kept_workspace_ids: string | null;
  trial_ends_at: number | null;
}

export async function billingOf(accountId: string): Promise<BillingRow> {
  return (await env.DB.prepare(
    `SELECT plan_id, billing_state, billing_ended_reason, stripe_customer_id, stripe_subscription_id, subscription_status,
            current_period_end, cancel_at, card_last4, open_invoice_id, kept_workspace_ids, trial_ends_at
       FROM accounts WHERE id = ?`,
  )
    .bind(accountId)
    .first<BillingRow>())!;
}

export const CARDS = {
  ok: "4242 4242 4242 4242",
  /** Attaches, then every charge is declined. */
  declinesLater: "4000 0000 0000 0341",
  insufficientFunds: "4000 0000 0000 9995",
} as const;

/** Pays a Checkout session on the stand-in's hosted page; returns where it sends the browser. */
export async function payCheckout(
  sessionUrl: string,
  card: string = CARDS.ok,
): Promise<{ status: number; location: string | null; html: string }> {
  const res = await fetch(sessionUrl, {
    method: "POST",
    body: new URLSearchParams({ cardNumber: card, cardExpiry: "12 / 40", cardCvc: "123", cardholderName: "Test Person" }),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), html: res.status === 303 ? "" : await res.text() };
}

/**
 * Upgrades through Harbor's own pages: the confirmation page, its form, Stripe's hosted
 * Checkout with `card`, and back on the success address (which syncs at once).
 */
export async function upgradeThroughCheckout(person: Person, planId: string, card: string = CARDS.ok) {
  const page = await person.client.fetch(`/account/billing/upgrade?plan=${encodeURIComponent(planId)}`);
  if (page.status !== 200) throw new Error(`upgrade page: ${page.status}`);
  const started = await person.client.fetch("/account/billing/upgrade", { form: { plan: planId } });
  const checkoutUrl = started.headers.get("location");
  if (started.status !== 302 || !checkoutUrl) throw new Error(`upgrade did not go to Checkout: ${started.status}`);
  const paid = await payCheckout(checkoutUrl, card);
  if (paid.status !== 303 || !paid.location) return { checkoutUrl, paid, welcome: null };
  const welcome = await person.client.fetch(new URL(paid.location).pathname + new URL(paid.location).search);
  return { checkoutUrl, paid, welcome };
}

// ── A paying customer with workspaces, on their own test clock ──────────────

export interface PaidAccount {
  person: Person;
  customerId: string;
  subscriptionId: string;
  clockId: string;
  workspaces: { id: string; slug: string; name: string; region: string }[];
}

/**
 * Signs someone in, upgrades them through Checkout, creates `workspaces` (oldest first)
 * and waits until each is Ready; their Stripe customer is put on a test clock of its own,
 * so moving time for them moves no other test's customers.
 */
export async function paidAccount(
  plan: string,
  workspaces: { name: string; region: string }[],
  relay: StripeRelay,
): Promise<PaidAccount> {
  const person = await signedIn();
  const { welcome } = await upgradeThroughCheckout(person, plan);
  if (welcome?.status !== 200) throw new Error(`upgrade failed: ${welcome?.status}`);
  const made = [];
  for (const w of workspaces) {
    const { id, slug } = await createWorkspace(person.client, w.name, w.region);
    made.push({ id, slug, ...w });
  }
  await Promise.all(made.map((w) => pumpUntil(w.id, "ready")));
  const row = await billingOf(person.accountId);
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: await standInNow() });
  await stripeControl("test-clocks/attach", { customer: row.stripe_customer_id, testClock: clock.id });
  await relay.flush();
  await settled();
  return {
    person,
    customerId: row.stripe_customer_id!,
    subscriptionId: row.stripe_subscription_id!,
    clockId: clock.id,
    workspaces: made,
  };
}

export async function standInNow(): Promise<number> {
  return (await stripeControl<{ now: number }>("clock")).now;
}

/** Moves a test clock forward and waits until Stripe has run everything that fell due. */
export async function advanceTestClock(clockId: string, seconds: number): Promise<void> {
  const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
  await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: clock.frozen_time + seconds });
  await waitFor(async () => (await stripe.testHelpers.testClocks.retrieve(clockId)).status === "ready", 15_000);
}

/** Makes a test card the customer's default, as the portal's "update payment method" does. */
export async function switchCard(
  customerId: string,
  testPaymentMethod: "pm_card_visa" | "pm_card_chargeCustomerFail",
): Promise<string> {
  const pm = await stripe.paymentMethods.attach(testPaymentMethod, { customer: customerId });
  await stripe.customers.update(customerId, { invoice_settings: { default_payment_method: pm.id } });
  return pm.id;
}

/** Each workspace's intent and reason, as D1 shows them. */
export async function fatesOf(
  ids: readonly string[],
): Promise<{ desired: string; reason: string | null; grace: number | null }[]> {
  return Promise.all(
    ids.map(async (id) => {
      const row = (await lifecycleOf(id))!;
      return { desired: row.desired_state, reason: row.suspension_reason, grace: row.suspension_grace_ends_at };
    }),
  );
}
