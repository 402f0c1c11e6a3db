/**
 * The Stripe stand-in's errors (contract §2) and idempotency (§3, §1 "Idempotency-Key"),
 * driven by the real `stripe` SDK and, where headers or concurrency matter, raw HTTP.
 */
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { caught, control, nowSeconds, raw, startHarness, uniqueEmail, type Harness } from "./support/harness.ts";

let h: Harness;
let stripe: Stripe;

beforeAll(async () => {
  h = await startHarness();
  stripe = h.stripe;
});
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  await control(h, "reset");
});

const key = () => `contract-${randomUUID()}`;
const count = async (email: string) => (await stripe.customers.list({ email, limit: 100 })).data.length;

// ---------------------------------------------------------------------------------------------
describe("error objects (§2)", () => {
  it("a missing required parameter: 400 parameter_missing with param", async () => {
    const err = await caught(stripe.testHelpers.testClocks.create({} as Stripe.TestHelpers.TestClockCreateParams));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe("invalid_request_error");
    expect(err.code).toBe("parameter_missing");
    expect(err.param).toBe("frozen_time");
    expect(typeof err.message).toBe("string");
    expect(err.message.length).toBeGreaterThan(0);

    const r = await raw(h, "POST", "/v1/webhook_endpoints", { body: "enabled_events[0]=invoice.paid" });
    expect(r.status).toBe(400);
    expect(r.headers.get("content-type")).toMatch(/application\/json/);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", code: "parameter_missing", param: "url" });
    expect(typeof r.json.error.message).toBe("string");
  });

  it("an unknown parameter: 400 parameter_unknown", async () => {
    const err = await caught(
      stripe.customers.create({ email: uniqueEmail("unknown"), favourite_colour: "teal" } as Stripe.CustomerCreateParams),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe("invalid_request_error");
    expect(err.code).toBe("parameter_unknown");
    expect(err.param).toBe("favourite_colour");
  });

  it("an unknown id: 404 resource_missing, param id", async () => {
    const err = await caught(stripe.customers.retrieve("cus_doesnotexist"));
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.statusCode).toBe(404);
    expect(err.rawType).toBe("invalid_request_error");
    expect(err.code).toBe("resource_missing");
    expect(err.param).toBe("id");

    const r = await raw(h, "GET", "/v1/subscriptions/sub_doesnotexist");
    expect(r.status).toBe(404);
    expect(r.json.error).toMatchObject({ type: "invalid_request_error", code: "resource_missing", param: "id" });
    expect(typeof r.json.error.message).toBe("string");
  });

  it("a wrong key: 401 StripeAuthenticationError", async () => {
    const err = await caught(h.client("sk_test_not_the_key").customers.create({ email: uniqueEmail("auth") }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);
    expect(typeof err.message).toBe("string");
    const r = await raw(h, "GET", "/v1/customers", { key: "sk_test_not_the_key" });
    expect(r.status).toBe(401);
    expect(typeof r.json.error.type).toBe("string");
    expect(typeof r.json.error.message).toBe("string");
  });

  it("failNextRequests: 500 api_error → StripeAPIError, 429 → StripeRateLimitError, then normal", async () => {
    await control(h, "faults", { failNextRequests: { count: 1, status: 500, type: "api_error" } });
    const e500 = await caught(stripe.customers.list());
    expect(e500).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(e500.statusCode).toBe(500);
    expect(e500.rawType).toBe("api_error");
    expect(e500.requestId).toMatch(/^req_/);
    // count 1: the next request is normal again.
    const ok = await stripe.customers.list();
    expect(ok.object).toBe("list");

    await control(h, "faults", {
      failNextRequests: { count: 2, status: 429, type: "invalid_request_error", code: "rate_limit", message: "slow down" },
    });
    for (let i = 0; i < 2; i++) {
      const e429 = await caught(stripe.customers.create({ email: uniqueEmail("rl") }));
      expect(e429).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(e429.statusCode).toBe(429);
      expect(e429.code).toBe("rate_limit");
      expect(e429.message).toBe("slow down");
    }
    const after = await stripe.customers.create({ email: uniqueEmail("rl-after") });
    expect(after.id).toMatch(/^cus_/);

    // A reset clears pending faults.
    await control(h, "faults", { failNextRequests: { count: 5, status: 500, type: "api_error" } });
    await control(h, "reset");
    expect((await stripe.customers.list()).object).toBe("list");
  });
});

// ---------------------------------------------------------------------------------------------
describe("idempotency (§3)", () => {
  it("replays the first answer for the same key, with Idempotent-Replayed: true", async () => {
    const email = uniqueEmail("idem");
    const k = key();
    const first = await stripe.customers.create({ email, name: "Once" }, { idempotencyKey: k });
    expect(first.lastResponse.headers["idempotent-replayed"]).not.toBe("true");
    const second = await stripe.customers.create({ email, name: "Once" }, { idempotencyKey: k });
    expect(second.id).toBe(first.id);
    expect(second.created).toBe(first.created);
    expect(second.lastResponse.statusCode).toBe(200);
    expect(second.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect(await count(email)).toBe(1);

    // The same over raw HTTP.
    const body = `email=${encodeURIComponent(email)}&name=Once`;
    const r = await raw(h, "POST", "/v1/customers", { body, headers: { "Idempotency-Key": k } });
    expect(r.status).toBe(200);
    expect(r.json.id).toBe(first.id);
    expect(r.headers.get("idempotent-replayed")).toBe("true");
    expect(await count(email)).toBe(1);
  });

  it("refuses the same key with other parameters: 400 idempotency_error", async () => {
    const k = key();
    const email = uniqueEmail("idem-mismatch");
    await stripe.customers.create({ email }, { idempotencyKey: k });
    const err = await caught(stripe.customers.create({ email, name: "Different" }, { idempotencyKey: k }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    expect(err.rawType).toBe("idempotency_error");
    expect(typeof err.message).toBe("string");
    expect(await count(email)).toBe(1);
  });

  it("the SDK's default stripe-node-retry-… key on every POST is harmless", async () => {
    const sent: Array<string | undefined> = [];
    const onRequest = (ev: Stripe.RequestEvent) => {
      if (ev.method === "POST") sent.push(ev.idempotency_key);
    };
    stripe.on("request", onRequest);
    try {
      const email = uniqueEmail("default-key");
      const a = await stripe.customers.create({ email });
      const b = await stripe.customers.create({ email });
      expect(a.id).not.toBe(b.id);
      expect(b.lastResponse.headers["idempotent-replayed"]).not.toBe("true");
      expect(await count(email)).toBe(2);
    } finally {
      stripe.off("request", onRequest);
    }
    expect(sent).toHaveLength(2);
    for (const k of sent) expect(k).toMatch(/^stripe-node-retry-/);
    expect(sent[0]).not.toBe(sent[1]);
  });

  it("a concurrent request with the key in use gets 409 idempotency_key_in_use; nothing is duplicated", async () => {
    await control(h, "faults", { requestDelayMs: 400 });
    const email = uniqueEmail("concurrent");
    const k = key();
    const send = () =>
      raw(h, "POST", "/v1/customers", {
        body: `email=${encodeURIComponent(email)}`,
        headers: { "Idempotency-Key": k },
      });
    const firstP = send();
    await new Promise((r) => setTimeout(r, 100));
    const [first, second] = await Promise.all([firstP, send()]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("idempotency_key_in_use");
    expect(typeof second.json.error.message).toBe("string");
    expect(second.headers.get("request-id")).toMatch(/^req_/);

    await control(h, "faults", { requestDelayMs: 0 });
    expect(await count(email)).toBe(1);
    // The key now replays the finished request (the 409 was not stored).
    const third = await send();
    expect(third.status).toBe(200);
    expect(third.json.id).toBe(first.json.id);
    expect(third.headers.get("idempotent-replayed")).toBe("true");
  });

  it("a request refused by validation is not remembered", async () => {
    const k = key();
    const bad = await caught(
      stripe.testHelpers.testClocks.create({} as Stripe.TestHelpers.TestClockCreateParams, { idempotencyKey: k }),
    );
    expect(bad.code).toBe("parameter_missing");
    const frozen = nowSeconds();
    const good = await stripe.testHelpers.testClocks.create({ frozen_time: frozen }, { idempotencyKey: k });
    expect(good.id).toMatch(/^clock_/);
    expect(good.frozen_time).toBe(frozen);
    expect(good.lastResponse.headers["idempotent-replayed"]).not.toBe("true");
  });

  it("replays a stored 402 card error as a 402", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("idem-402") });
    const k = key();
    const first = await caught(stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: c.id }, { idempotencyKey: k }));
    expect(first).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(first.statusCode).toBe(402);
    expect(first.code).toBe("card_declined");
    const second = await caught(
      stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: c.id }, { idempotencyKey: k }),
    );
    expect(second).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(second.statusCode).toBe(402);
    expect(second.code).toBe("card_declined");
    expect(second.decline_code).toBe("generic_decline");
    expect(second.headers?.["idempotent-replayed"]).toBe("true");
  });

  it("a key older than 24 h runs as new", async () => {
    const email = uniqueEmail("idem-expired");
    const k = key();
    const first = await stripe.customers.create({ email }, { idempotencyKey: k });
    const moved = await control(h, "clock", { advanceSeconds: 90_000 });
    expect(moved.now).toBeGreaterThanOrEqual(nowSeconds() + 89_000);
    const second = await stripe.customers.create({ email }, { idempotencyKey: k });
    expect(second.id).not.toBe(first.id);
    expect(second.lastResponse.headers["idempotent-replayed"]).not.toBe("true");
    expect(await count(email)).toBe(2);
  });

  it("keys are kept per endpoint: the same key on another endpoint is refused", async () => {
    const k = key();
    await stripe.customers.create({ email: uniqueEmail("idem-endpoint") }, { idempotencyKey: k });
    const err = await caught(stripe.testHelpers.testClocks.create({ frozen_time: nowSeconds() }, { idempotencyKey: k }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.rawType).toBe("idempotency_error");
  });
});
