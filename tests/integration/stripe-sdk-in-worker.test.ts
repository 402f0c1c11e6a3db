/**
 * The Stripe SDK as Harbor's Worker will use it — the worker build (fetch client,
 * SubtleCrypto), inside workerd — against the Stripe stand-in the test setup runs on
 * STRIPE_API_URL: a customer, a price by lookup key, a Checkout session paid on the hosted
 * page, the subscription read back, an idempotent replay, a Stripe error class, and a
 * webhook delivery verified with `constructEventAsync` (the sync helper cannot work here).
 */
import { env } from "cloudflare:workers";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";

const api = new URL(env.STRIPE_API_URL);
const control = (path: string, init?: RequestInit) => fetch(`${env.STRIPE_API_URL}/__control/${path}`, init);
let stripe: Stripe;

// No reset here: the billing tests share the stand-in and run at the same time.
beforeAll(async () => {
  stripe = new Stripe(env.STRIPE_SECRET_KEY, {
    host: api.hostname,
    port: Number(api.port),
    protocol: "http",
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
  });
});

describe("the Stripe SDK's worker build against the stand-in", () => {
  it("finds the catalog's prices by lookup key: Stripe's ids, the amounts the stand-in was seeded with", async () => {
    const prices = await stripe.prices.list({
      lookup_keys: ["price_hobby_01", "price_pro_01"],
      active: true,
      expand: ["data.product"],
    });
    const byKey = Object.fromEntries(prices.data.map((p) => [p.lookup_key, p]));
    expect(byKey.price_hobby_01).toMatchObject({ unit_amount: 900, currency: "eur", recurring: { interval: "month" } });
    expect(byKey.price_pro_01).toMatchObject({ unit_amount: 2900, currency: "eur" });
    expect(byKey.price_hobby_01!.id).toMatch(/^price_/);
    expect(byKey.price_hobby_01!.id).not.toBe("price_hobby_01");
    expect((byKey.price_pro_01!.product as Stripe.Product).name).toBe("Harbor Pro");
  });

  it("a Checkout session paid on the hosted page makes an active subscription with its periods on the item", async () => {
    const customer = await stripe.customers.create(
      { email: "worker-sdk@example.com", metadata: { harbor_account_id: "acc_worker" } },
      { idempotencyKey: "customer-create/acc_worker" },
    );
    const replay = await stripe.customers.create(
      { email: "worker-sdk@example.com", metadata: { harbor_account_id: "acc_worker" } },
      { idempotencyKey: "customer-create/acc_worker" },
    );
    expect(replay.id).toBe(customer.id);
    expect((await stripe.customers.list({ email: "worker-sdk@example.com" })).data).toHaveLength(1);

    const [hobby] = (await stripe.prices.list({ lookup_keys: ["price_hobby_01"] })).data;
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: hobby!.id, quantity: 1 }],
      success_url: "http://localhost/billing/return?session_id={CHECKOUT_SESSION_ID}",
      cancel_url: "http://localhost/billing",
      client_reference_id: "acc_worker",
      subscription_data: { metadata: { harbor_account_id: "acc_worker", plan: "hobby" } },
    });
    expect(session).toMatchObject({ status: "open", payment_status: "unpaid", mode: "subscription", subscription: null });

    const paid = await fetch(session.url!, {
      method: "POST",
      body: new URLSearchParams({
        cardNumber: "4242 4242 4242 4242",
        cardExpiry: "12 / 40",
        cardCvc: "123",
        cardholderName: "Worker Test",
      }),
      redirect: "manual",
    });
    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(`http://localhost/billing/return?session_id=${session.id}`);

    const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
    expect(done).toMatchObject({ status: "complete", payment_status: "paid", client_reference_id: "acc_worker" });
    const sub = done.subscription as Stripe.Subscription;
    expect(sub).toMatchObject({ status: "active", metadata: { plan: "hobby" }, billing_mode: { type: "flexible" } });
    expect("current_period_end" in sub).toBe(false);
    expect(sub.items.data[0]!.current_period_end).toBeGreaterThan(sub.items.data[0]!.current_period_start);

    const listed = await stripe.subscriptions.list({ customer: customer.id, status: "all" });
    expect(listed.data.map((s) => s.id)).toEqual([sub.id]);
  });

  it("errors arrive as the SDK's own classes", async () => {
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      code: "resource_missing",
      statusCode: 404,
    });
    const wrongKey = new Stripe("sk_test_wrong", {
      host: api.hostname,
      port: Number(api.port),
      protocol: "http",
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 0,
    });
    await expect(wrongKey.customers.list()).rejects.toMatchObject({ type: "StripeAuthenticationError", statusCode: 401 });
  });

  it("a delivered event's signature verifies with constructEventAsync (SubtleCrypto); a changed body does not", async () => {
    // Deliveries are sent just after the event; wait for the first attempt (Harbor has no receiver yet, so it fails).
    let delivery: { eventId: string; signature: string | null } | undefined;
    for (let i = 0; i < 50 && !delivery; i++) {
      const { data } = (await (await control("deliveries?type=checkout.session.completed")).json()) as {
        data: { eventId: string; signature: string | null }[];
      };
      delivery = data.find((d) => d.signature);
      if (!delivery) await new Promise((r) => setTimeout(r, 50));
    }
    expect(delivery, "a delivery attempt of checkout.session.completed").toBeTruthy();
    const raw = await (await control(`events/${delivery!.eventId}/raw`)).text();
    const event = await stripe.webhooks.constructEventAsync(raw, delivery!.signature!, env.STRIPE_WEBHOOK_SECRET, 0);
    expect(event).toMatchObject({ id: delivery!.eventId, type: "checkout.session.completed", api_version: "2026-10-28.endive" });
    await expect(
      stripe.webhooks.constructEventAsync(
        raw.replace('"complete"', '"open"'),
        delivery!.signature!,
        env.STRIPE_WEBHOOK_SECRET,
        0,
      ),
    ).rejects.toThrow(/No signatures found/);
  });
});
