/**
 * The Stripe stand-in's REST API against the contract (../shared/stripe/API.md, cited as §n),
 * driven by the real `stripe` SDK (23.1.0) — what Harbor uses — and by raw HTTP where the
 * SDK hides the wire (headers, `[]` arrays, a missing key).
 */
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addMonthsUTC,
  API_VERSION,
  caught,
  control,
  customerWithCard,
  nowSeconds,
  priceIds,
  raw,
  sleep,
  startHarness,
  subscriber,
  uniqueEmail,
  type Harness,
} from "./support/harness.ts";

let h: Harness;
let stripe: Stripe;
let price: { hobby: string; pro: string };

beforeAll(async () => {
  h = await startHarness();
  stripe = h.stripe;
  price = await priceIds(stripe);
});
afterAll(async () => {
  await h?.close();
});

const expectInvalidRequest = (err: Stripe.errors.StripeError, status = 400) => {
  expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  expect(err.statusCode).toBe(status);
  expect(err.rawType).toBe("invalid_request_error");
  expect(typeof err.message).toBe("string");
};

const checkoutParams = (customer: string, extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
  ({
    mode: "subscription",
    customer,
    line_items: [{ price: price.hobby, quantity: 1 }],
    success_url: "https://harbor.example/billing/return?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://harbor.example/billing",
    client_reference_id: "acc_contract_1",
    metadata: { harbor_account_id: "acc_contract_1" },
    subscription_data: { metadata: { harbor_account_id: "acc_contract_1", plan: "hobby" } },
    ...extra,
  }) satisfies Stripe.Checkout.SessionCreateParams;

// ---------------------------------------------------------------------------------------------
describe("transport (§1)", () => {
  it("puts Request-Id: req_… on every answer, success or error", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("rid") });
    expect(c.lastResponse.requestId).toMatch(/^req_/);
    expect(c.lastResponse.headers["request-id"]).toMatch(/^req_/);
    const again = await stripe.customers.retrieve(c.id);
    expect(again.lastResponse.requestId).toMatch(/^req_/);
    expect(again.lastResponse.requestId).not.toBe(c.lastResponse.requestId);

    const missing = await raw(h, "GET", "/v1/customers/cus_does_not_exist");
    expect(missing.status).toBe(404);
    expect(missing.headers.get("request-id")).toMatch(/^req_/);
    const unauth = await raw(h, "GET", "/v1/customers", { key: null });
    expect(unauth.headers.get("request-id")).toMatch(/^req_/);
    const err = await caught(stripe.customers.retrieve("cus_does_not_exist"));
    expect(err.requestId).toMatch(/^req_/);
  });

  it("echoes Stripe-Version", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("ver") });
    expect(c.lastResponse.headers["stripe-version"]).toBe(API_VERSION);
    const r = await raw(h, "GET", "/v1/customers", { headers: { "Stripe-Version": API_VERSION } });
    expect(r.status).toBe(200);
    expect(r.headers.get("stripe-version")).toBe(API_VERSION);
  });

  it("takes the Bearer key: a wrong key is a 401 StripeAuthenticationError, no key a 401 JSON error", async () => {
    const err = await caught(h.client("sk_test_wrong_key").customers.list());
    expect(err).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(err.statusCode).toBe(401);

    const none = await raw(h, "GET", "/v1/customers", { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get("content-type")).toMatch(/application\/json/);
    expect(["api_error", "card_error", "idempotency_error", "invalid_request_error"]).toContain(none.json.error.type);
    expect(typeof none.json.error.message).toBe("string");

    const basic = await raw(h, "GET", "/v1/customers", {
      key: null,
      headers: { Authorization: "Bearer sk_test_other" },
    });
    expect(basic.status).toBe(401);
    expect(basic.json.error).toBeDefined();
  });

  it("parses `a[]=` arrays (Stripe's docs) and indexed `a[0]=` arrays (the SDK)", async () => {
    const email = uniqueEmail("arr");
    const docs = await raw(h, "POST", "/v1/customers", {
      body: `email=${encodeURIComponent(email)}&preferred_locales[]=fr&preferred_locales[]=en`,
    });
    expect(docs.status).toBe(200);
    expect(docs.json.preferred_locales).toEqual(["fr", "en"]);

    const indexed = await raw(h, "POST", "/v1/customers", {
      body: `email=${encodeURIComponent(email)}&preferred_locales[0]=de&preferred_locales[1]=nl`,
    });
    expect(indexed.json.preferred_locales).toEqual(["de", "nl"]);

    const sdk = await stripe.customers.create({ email, preferred_locales: ["it", "en"] });
    expect(sdk.preferred_locales).toEqual(["it", "en"]);

    // GET with expand[]= and lookup_keys[]= in the query, as in Stripe's curl examples.
    const prices = await raw(h, "GET", "/v1/prices", {
      body: "lookup_keys[]=price_hobby_01&lookup_keys[]=price_pro_01&expand[]=data.product",
    });
    expect(prices.status).toBe(200);
    expect(prices.json.data).toHaveLength(2);
    for (const p of prices.json.data) expect(p.product.object).toBe("product");
  });

  it("parses nested brackets and `expand[]=` in a POST body", async () => {
    const { customer, pm } = await customerWithCard(stripe);
    const r = await raw(h, "POST", `/v1/customers/${customer.id}`, {
      body: `invoice_settings[default_payment_method]=${pm.id}&metadata[harbor_account_id]=acc_nested&expand[]=invoice_settings.default_payment_method`,
    });
    expect(r.status).toBe(200);
    expect(r.json.metadata).toEqual({ harbor_account_id: "acc_nested" });
    expect(r.json.invoice_settings.default_payment_method.id).toBe(pm.id);
    expect(r.json.invoice_settings.default_payment_method.object).toBe("payment_method");
  });

  it("treats an empty value as unset: `metadata[key]=` deletes the key", async () => {
    const c = await stripe.customers.create({
      email: uniqueEmail("unset"),
      metadata: { keep: "1", drop: "2" },
    });
    const viaSdk = await stripe.customers.update(c.id, { metadata: { drop: "" } });
    expect(viaSdk.metadata).toEqual({ keep: "1" });

    const r = await raw(h, "POST", `/v1/customers/${c.id}`, { body: "metadata[keep]=&metadata[added]=3" });
    expect(r.status).toBe(200);
    expect(r.json.metadata).toEqual({ added: "3" });

    // `null` is sent as an empty value too.
    const name = await stripe.customers.update(c.id, { name: "Someone" });
    expect(name.name).toBe("Someone");
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const cleared = await stripe.customers.update(c.id, { name: null as any });
    expect(cleared.name).toBeNull();
  });

  it("reads booleans as `true`/`false`", async () => {
    const on = await raw(h, "GET", "/v1/prices", { body: "lookup_keys[0]=price_hobby_01&active=true" });
    expect(on.json.data.map((p: Stripe.Price) => p.lookup_key)).toEqual(["price_hobby_01"]);
    const off = await raw(h, "GET", "/v1/prices", { body: "lookup_keys[0]=price_hobby_01&active=false" });
    expect(off.status).toBe(200);
    expect(off.json.data).toEqual([]);
  });

  it("reads a Date the SDK sends as Unix seconds", async () => {
    const frozen = nowSeconds() - 3600;
    const clock = await stripe.testHelpers.testClocks.create({
      frozen_time: new Date(frozen * 1000 + 400) as unknown as number,
    });
    expect(clock.frozen_time).toBe(frozen);
    await stripe.testHelpers.testClocks.del(clock.id);
  });
});

// ---------------------------------------------------------------------------------------------
describe("customers (§4.1)", () => {
  it("creates and retrieves a customer with the contract's fields", async () => {
    const email = uniqueEmail("create");
    const before = nowSeconds();
    const c = await stripe.customers.create({
      email,
      name: "Ada Lovelace",
      metadata: { harbor_account_id: "acc_create" },
      preferred_locales: ["fr"],
    });
    expect(c.id).toMatch(/^cus_/);
    expect(c.object).toBe("customer");
    expect(c.email).toBe(email);
    expect(c.name).toBe("Ada Lovelace");
    expect(c.metadata).toEqual({ harbor_account_id: "acc_create" });
    expect(c.preferred_locales).toEqual(["fr"]);
    expect(c.livemode).toBe(false);
    expect(Number.isInteger(c.created)).toBe(true);
    expect(c.created).toBeGreaterThanOrEqual(before - 5);
    expect(c.created).toBeLessThanOrEqual(nowSeconds() + 5);
    expect(c.balance).toBe(0);
    expect(c.invoice_settings.default_payment_method).toBeNull();
    expect(c.test_clock).toBeNull();

    const got = await stripe.customers.retrieve(c.id);
    expect(got.deleted).toBeUndefined();
    const cust = got as Stripe.Customer;
    expect(cust.id).toBe(c.id);
    expect(cust.email).toBe(email);
    expect(cust.name).toBe("Ada Lovelace");
    expect(cust.metadata).toEqual({ harbor_account_id: "acc_create" });
    expect(cust.preferred_locales).toEqual(["fr"]);
  });

  it("updates name, e-mail, metadata (merged) and invoice_settings.default_payment_method", async () => {
    const { customer, pm } = await customerWithCard(stripe, { name: "Old", metadata: { a: "1" } });
    const email = uniqueEmail("updated");
    const u = await stripe.customers.update(customer.id, {
      name: "New",
      email,
      metadata: { b: "2" },
      invoice_settings: { default_payment_method: pm.id },
    });
    expect(u.name).toBe("New");
    expect(u.email).toBe(email);
    expect(u.metadata).toEqual({ a: "1", b: "2" });
    expect(u.invoice_settings.default_payment_method).toBe(pm.id);
    const got = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(got.invoice_settings.default_payment_method).toBe(pm.id);
    expect(got.email).toBe(email);
  });

  it("deletes a customer: {id, object:'customer', deleted:true}", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("del") });
    const d = await stripe.customers.del(c.id);
    expect({ id: d.id, object: d.object, deleted: d.deleted }).toEqual({ id: c.id, object: "customer", deleted: true });
    const list = await stripe.customers.list({ email: c.email! });
    expect(list.data.map((x) => x.id)).not.toContain(c.id);
  });

  it("lists by e-mail, exact and case-sensitive", async () => {
    const tag = `${Date.now().toString(36)}case`;
    const lower = await stripe.customers.create({ email: `${tag}@example.test` });
    const upper = await stripe.customers.create({ email: `${tag.toUpperCase()}@example.test` });
    await stripe.customers.create({ email: `x${tag}@example.test` });
    const list = await stripe.customers.list({ email: `${tag}@example.test` });
    expect(list.object).toBe("list");
    expect(list.data.map((c) => c.id)).toEqual([lower.id]);
    const listUpper = await stripe.customers.list({ email: `${tag.toUpperCase()}@example.test` });
    expect(listUpper.data.map((c) => c.id)).toEqual([upper.id]);
  });

  it("searches by email:'…' and metadata['harbor_account_id']:'…' (search_result, next_page)", async () => {
    const email = uniqueEmail("search");
    const account = `acc_search_${Date.now().toString(36)}`;
    const c = await stripe.customers.create({ email, metadata: { harbor_account_id: account } });
    await stripe.customers.create({ email: uniqueEmail("other"), metadata: { harbor_account_id: `${account}_x` } });

    const byEmail = await stripe.customers.search({ query: `email:'${email}'` });
    expect(byEmail.object).toBe("search_result");
    expect(byEmail.data.map((x) => x.id)).toEqual([c.id]);
    expect(byEmail.has_more).toBe(false);
    expect(byEmail.next_page).toBeNull();
    expect(byEmail.url).toBe("/v1/customers/search");

    const byMeta = await stripe.customers.search({ query: `metadata['harbor_account_id']:'${account}'` });
    expect(byMeta.object).toBe("search_result");
    expect(byMeta.data.map((x) => x.id)).toEqual([c.id]);

    // Paging with `page=<next_page>`.
    const shared = `acc_page_${Date.now().toString(36)}`;
    const made: string[] = [];
    for (let i = 0; i < 3; i++) made.push((await stripe.customers.create({ metadata: { harbor_account_id: shared } })).id);
    const q = `metadata['harbor_account_id']:'${shared}'`;
    const first = await stripe.customers.search({ query: q, limit: 2 });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    expect(typeof first.next_page).toBe("string");
    const second = await stripe.customers.search({ query: q, limit: 2, page: first.next_page! });
    expect(second.data).toHaveLength(1);
    expect(second.has_more).toBe(false);
    expect(second.next_page).toBeNull();
    expect([...first.data, ...second.data].map((x) => x.id).sort()).toEqual([...made].sort());
  });

  it("lists a customer's payment methods", async () => {
    const { customer, pm } = await customerWithCard(stripe);
    const list = await stripe.customers.listPaymentMethods(customer.id, { type: "card" });
    expect(list.object).toBe("list");
    expect(list.data.map((p) => p.id)).toEqual([pm.id]);
    expect(list.data[0]!.customer).toBe(customer.id);
    expect(list.data[0]!.type).toBe("card");
  });
});

// ---------------------------------------------------------------------------------------------
describe("products and prices (§4.2, §4.3)", () => {
  it("finds both seed prices by lookup key with the product expanded", async () => {
    const list = await stripe.prices.list({
      lookup_keys: ["price_hobby_01", "price_pro_01"],
      active: true,
      expand: ["data.product"],
    });
    expect(list.object).toBe("list");
    expect(list.data).toHaveLength(2);
    const want = {
      price_hobby_01: { amount: 900, product: "prod_harbor_hobby", name: "Harbor Hobby" },
      price_pro_01: { amount: 2900, product: "prod_harbor_pro", name: "Harbor Pro" },
    } as const;
    for (const p of list.data) {
      const w = want[p.lookup_key as keyof typeof want];
      expect(w).toBeDefined();
      expect(p.object).toBe("price");
      expect(p.id).toMatch(/^price_/);
      expect(p.id).not.toBe(p.lookup_key);
      expect(p.active).toBe(true);
      expect(p.unit_amount).toBe(w.amount);
      // The SDK turns the wire string into its Decimal type; the wire value is checked below.
      expect(p.unit_amount_decimal?.toString()).toBe(String(w.amount));
      expect(p.currency).toBe("eur");
      expect(p.type).toBe("recurring");
      expect(p.recurring?.interval).toBe("month");
      expect(p.recurring?.interval_count).toBe(1);
      expect(p.livemode).toBe(false);
      const product = p.product as Stripe.Product;
      expect(typeof product).toBe("object");
      expect(product.object).toBe("product");
      expect(product.id).toBe(w.product);
      expect(product.name).toBe(w.name);
    }
  });

  it("sends unit_amount_decimal as a string on the wire", async () => {
    const r = await raw(h, "GET", "/v1/prices", { body: "lookup_keys[0]=price_hobby_01&lookup_keys[1]=price_pro_01" });
    const byKey = Object.fromEntries(r.json.data.map((p: { lookup_key: string }) => [p.lookup_key, p]));
    expect(byKey.price_hobby_01.unit_amount_decimal).toBe("900");
    expect(byKey.price_pro_01.unit_amount_decimal).toBe("2900");
  });

  it("leaves product an id when not expanded, and lists by product", async () => {
    const list = await stripe.prices.list({ lookup_keys: ["price_pro_01"] });
    expect(list.data).toHaveLength(1);
    expect(list.data[0]!.product).toBe("prod_harbor_pro");
    const byProduct = await stripe.prices.list({ product: "prod_harbor_hobby" });
    expect(byProduct.data.map((p) => p.id)).toContain(price.hobby);
    expect(byProduct.data.map((p) => p.id)).not.toContain(price.pro);
    const one = await stripe.prices.retrieve(price.hobby);
    expect(one.lookup_key).toBe("price_hobby_01");
  });

  it("retrieves products by their chosen ids", async () => {
    const hobby = await stripe.products.retrieve("prod_harbor_hobby");
    expect(hobby.object).toBe("product");
    expect(hobby.id).toBe("prod_harbor_hobby");
    expect(hobby.name).toBe("Harbor Hobby");
    expect(hobby.active).toBe(true);
    const pro = await stripe.products.retrieve("prod_harbor_pro");
    expect(pro.name).toBe("Harbor Pro");
  });
});

// ---------------------------------------------------------------------------------------------
describe("lists and pagination (§1)", () => {
  const ids: string[] = []; // oldest first
  beforeAll(async () => {
    await control(h, "reset");
    price = await priceIds(stripe);
    for (let i = 0; i < 25; i++) ids.push((await stripe.customers.create({ email: `page-${i}@example.test` })).id);
  });
  const newestFirst = () => [...ids].reverse();

  it("defaults to 10, newest first, with has_more and url", async () => {
    const page = await stripe.customers.list();
    expect(page.object).toBe("list");
    expect(page.url).toBe("/v1/customers");
    expect(page.has_more).toBe(true);
    expect(page.data.map((c) => c.id)).toEqual(newestFirst().slice(0, 10));
  });

  it("pages with starting_after and ending_before", async () => {
    const all = newestFirst();
    const p2 = await stripe.customers.list({ starting_after: all[9] });
    expect(p2.data.map((c) => c.id)).toEqual(all.slice(10, 20));
    expect(p2.has_more).toBe(true);
    const p3 = await stripe.customers.list({ starting_after: all[19] });
    expect(p3.data.map((c) => c.id)).toEqual(all.slice(20, 25));
    expect(p3.has_more).toBe(false);

    // ending_before: the page just before (newer than) the cursor, still newest first.
    const back = await stripe.customers.list({ ending_before: all[10], limit: 3 });
    expect(back.data.map((c) => c.id)).toEqual(all.slice(7, 10));
    expect(back.has_more).toBe(true);
    const top = await stripe.customers.list({ ending_before: all[2], limit: 3 });
    expect(top.data.map((c) => c.id)).toEqual(all.slice(0, 2));
    expect(top.has_more).toBe(false);
  });

  it("auto-pagination visits every customer exactly once", async () => {
    const seen: string[] = [];
    for await (const c of stripe.customers.list({ limit: 3 })) seen.push(c.id);
    expect(seen).toEqual(newestFirst());
  });

  it("refuses a limit out of 1–100", async () => {
    for (const limit of [0, 101]) {
      const err = await caught(stripe.customers.list({ limit }));
      expectInvalidRequest(err);
    }
    const ok = await stripe.customers.list({ limit: 100 });
    expect(ok.data).toHaveLength(25);
    expect(ok.has_more).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
describe("expand (§1)", () => {
  it("expands line_items on a Checkout Session only when asked", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("exp") });
    const s = await stripe.checkout.sessions.create(checkoutParams(c.id));
    expect(s).not.toHaveProperty("line_items");
    const plain = await stripe.checkout.sessions.retrieve(s.id);
    expect(plain).not.toHaveProperty("line_items");
    const expanded = await stripe.checkout.sessions.retrieve(s.id, { expand: ["line_items"] });
    expect(expanded.line_items?.object).toBe("list");
    expect(expanded.line_items?.data).toHaveLength(1);
    expect(expanded.line_items?.data[0]?.price?.id).toBe(price.hobby);
    expect(expanded.line_items?.data[0]?.quantity).toBe(1);
  });

  it("expands a nested field and list items (`data.`)", async () => {
    const { customer, pm } = await customerWithCard(stripe);
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const plain = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect(plain.invoice_settings.default_payment_method).toBe(pm.id);
    const expanded = (await stripe.customers.retrieve(customer.id, {
      expand: ["invoice_settings.default_payment_method"],
    })) as Stripe.Customer;
    const dpm = expanded.invoice_settings.default_payment_method as Stripe.PaymentMethod;
    expect(dpm.object).toBe("payment_method");
    expect(dpm.id).toBe(pm.id);
    expect(dpm.card?.last4).toBe("4242");

    await stripe.checkout.sessions.create(checkoutParams(customer.id));
    const list = await stripe.checkout.sessions.list({ customer: customer.id, expand: ["data.customer"] });
    expect(list.data).toHaveLength(1);
    const cust = list.data[0]!.customer as Stripe.Customer;
    expect(cust.object).toBe("customer");
    expect(cust.id).toBe(customer.id);
  });

  it("refuses an unknown expand path with 400 invalid_request_error", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("badexp") });
    const err = await caught(stripe.customers.retrieve(c.id, { expand: ["no_such_field"] }));
    expectInvalidRequest(err);
  });
});

// ---------------------------------------------------------------------------------------------
describe("Checkout Sessions (§4.4)", () => {
  let customer: Stripe.Customer;
  beforeAll(async () => {
    customer = await stripe.customers.create({ email: uniqueEmail("checkout") });
  });

  it("creates an open subscription-mode session with the contract's fields", async () => {
    const s = await stripe.checkout.sessions.create(checkoutParams(customer.id));
    expect(s.object).toBe("checkout.session");
    expect(s.id).toMatch(/^cs_test_/);
    expect(s.mode).toBe("subscription");
    expect(s.status).toBe("open");
    expect(s.payment_status).toBe("unpaid");
    expect(typeof s.url).toBe("string");
    expect(s.url).toMatch(/^https?:\/\//);
    expect(s.customer).toBe(customer.id);
    expect(s.client_reference_id).toBe("acc_contract_1");
    expect(s.metadata).toEqual({ harbor_account_id: "acc_contract_1" });
    expect(s.subscription).toBeNull();
    expect(s.invoice).toBeNull();
    expect(s.payment_intent).toBeNull();
    expect(s.amount_subtotal).toBe(900);
    expect(s.amount_total).toBe(900);
    expect(s.currency).toBe("eur");
    expect(s.ui_mode).toBe("hosted_page");
    expect(s.livemode).toBe(false);
    expect(s.success_url).toBe("https://harbor.example/billing/return?session_id={CHECKOUT_SESSION_ID}");
    expect(s.cancel_url).toBe("https://harbor.example/billing");
    expect(Math.abs(s.expires_at - (s.created + 86_400))).toBeLessThanOrEqual(5);
  });

  it("refuses the removed payment_method_types", async () => {
    const err = await caught(
      stripe.checkout.sessions.create({
        ...checkoutParams(customer.id),
        payment_method_types: ["card"],
      } as Stripe.Checkout.SessionCreateParams),
    );
    expectInvalidRequest(err);
    expect(err.code).toBe("parameter_unknown");
  });

  it("refuses a lookup key as line_items[0][price]", async () => {
    const err = await caught(
      stripe.checkout.sessions.create(checkoutParams(customer.id, { line_items: [{ price: "price_hobby_01", quantity: 1 }] })),
    );
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err.rawType).toBe("invalid_request_error");
  });

  it("lists by customer, expires once, and lists line items", async () => {
    const other = await stripe.customers.create({ email: uniqueEmail("checkout-other") });
    const mine = await stripe.checkout.sessions.create(checkoutParams(other.id));
    const list = await stripe.checkout.sessions.list({ customer: other.id });
    expect(list.object).toBe("list");
    expect(list.data.map((s) => s.id)).toEqual([mine.id]);

    const items = await stripe.checkout.sessions.listLineItems(mine.id);
    expect(items.object).toBe("list");
    expect(items.data).toHaveLength(1);
    expect(items.data[0]!.object).toBe("item");
    expect(items.data[0]!.price?.id).toBe(price.hobby);
    expect(items.data[0]!.quantity).toBe(1);
    expect(items.data[0]!.amount_total).toBe(900);
    expect(items.data[0]!.currency).toBe("eur");

    const expired = await stripe.checkout.sessions.expire(mine.id);
    expect(expired.id).toBe(mine.id);
    expect(expired.status).toBe("expired");
    expect(expired.url).toBeNull();
    const got = await stripe.checkout.sessions.retrieve(mine.id);
    expect(got.status).toBe("expired");
    expect(got.url).toBeNull();
    const byStatus = await stripe.checkout.sessions.list({ customer: other.id, status: "open" });
    expect(byStatus.data).toEqual([]);

    const again = await caught(stripe.checkout.sessions.expire(mine.id));
    expectInvalidRequest(again);
  });
});

// ---------------------------------------------------------------------------------------------
describe("Billing Portal (§4.5, §4.6)", () => {
  let defaultConfig: Stripe.BillingPortal.Configuration;
  beforeAll(async () => {
    const list = await stripe.billingPortal.configurations.list({ is_default: true });
    defaultConfig = list.data[0]!;
  });

  it("has exactly one default configuration", async () => {
    const list = await stripe.billingPortal.configurations.list({ is_default: true });
    expect(list.object).toBe("list");
    expect(list.data).toHaveLength(1);
    expect(defaultConfig.object).toBe("billing_portal.configuration");
    expect(defaultConfig.id).toMatch(/^bpc_/);
    expect(defaultConfig.is_default).toBe(true);
    expect(defaultConfig.active).toBe(true);
    expect(Array.isArray(defaultConfig.features.subscription_update.schedule_at_period_end.conditions)).toBe(true);
  });

  it("creates and updates a configuration", async () => {
    const cfg = await stripe.billingPortal.configurations.create({
      business_profile: { headline: "Manage your Harbor plan" },
      default_return_url: "https://harbor.example/billing",
      features: {
        invoice_history: { enabled: true },
        payment_method_update: { enabled: true },
        subscription_cancel: {
          enabled: true,
          mode: "at_period_end",
          proration_behavior: "none",
          cancellation_reason: { enabled: true, options: ["too_expensive", "unused"] },
        },
        subscription_update: {
          enabled: true,
          default_allowed_updates: ["price"],
          products: [{ product: "prod_harbor_hobby", prices: [price.hobby] }],
          proration_behavior: "always_invoice",
        },
      },
    });
    expect(cfg.object).toBe("billing_portal.configuration");
    expect(cfg.id).toMatch(/^bpc_/);
    expect(cfg.id).not.toBe(defaultConfig.id);
    expect(cfg.is_default).toBe(false);
    expect(cfg.active).toBe(true);
    expect(cfg.business_profile.headline).toBe("Manage your Harbor plan");
    expect(cfg.default_return_url).toBe("https://harbor.example/billing");
    expect(cfg.features.invoice_history.enabled).toBe(true);
    expect(cfg.features.subscription_cancel.mode).toBe("at_period_end");
    expect(cfg.features.subscription_cancel.cancellation_reason.enabled).toBe(true);
    expect(cfg.features.subscription_cancel.cancellation_reason.options).toEqual(["too_expensive", "unused"]);
    expect(cfg.features.subscription_update.proration_behavior).toBe("always_invoice");
    expect(Array.isArray(cfg.features.subscription_update.schedule_at_period_end.conditions)).toBe(true);

    const upd = await stripe.billingPortal.configurations.update(cfg.id, {
      features: {
        invoice_history: { enabled: false },
        subscription_cancel: { mode: "immediately" },
      },
    });
    expect(upd.features.invoice_history.enabled).toBe(false);
    expect(upd.features.subscription_cancel.mode).toBe("immediately");
    expect(upd.features.subscription_cancel.enabled).toBe(true);
    expect(upd.features.payment_method_update.enabled).toBe(true);
    const got = await stripe.billingPortal.configurations.retrieve(cfg.id);
    expect(got.features.invoice_history.enabled).toBe(false);

    const all = await stripe.billingPortal.configurations.list();
    expect(all.data.map((c) => c.id)).toEqual(expect.arrayContaining([cfg.id, defaultConfig.id]));
    const defaults = await stripe.billingPortal.configurations.list({ is_default: true });
    expect(defaults.data.map((c) => c.id)).toEqual([defaultConfig.id]);
  });

  it("creates portal sessions, plain and with flow_data deep links", async () => {
    const { customer, sub } = await subscriber(stripe, price.hobby);
    const s = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://harbor.example/billing",
    });
    expect(s.object).toBe("billing_portal.session");
    expect(s.id).toMatch(/^bps_/);
    expect(typeof s.url).toBe("string");
    expect(s.return_url).toBe("https://harbor.example/billing");
    expect(s.customer).toBe(customer.id);
    expect(s.configuration).toBe(defaultConfig.id);
    expect(s.livemode).toBe(false);
    expect(s.flow).toBeNull();

    const cancel = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://harbor.example/billing",
      flow_data: { type: "subscription_cancel", subscription_cancel: { subscription: sub.id } },
    });
    expect(cancel.flow?.type).toBe("subscription_cancel");
    expect(cancel.flow?.subscription_cancel?.subscription).toBe(sub.id);

    const pmUpdate = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://harbor.example/billing",
      configuration: defaultConfig.id,
      flow_data: { type: "payment_method_update" },
    });
    expect(pmUpdate.flow?.type).toBe("payment_method_update");
    expect(pmUpdate.configuration).toBe(defaultConfig.id);
    expect(pmUpdate.url).not.toBe(s.url);
  });
});

// ---------------------------------------------------------------------------------------------
describe("subscriptions (§0, §4.7, §4.8)", () => {
  it("creates an active flexible subscription with periods on the item only", async () => {
    const before = nowSeconds();
    const { customer, pm, sub } = await subscriber(stripe, price.hobby);
    expect(sub.object).toBe("subscription");
    expect(sub.id).toMatch(/^sub_/);
    expect(sub.customer).toBe(customer.id);
    expect(sub.status).toBe("active");
    expect(sub).not.toHaveProperty("current_period_start");
    expect(sub).not.toHaveProperty("current_period_end");
    expect((sub as unknown as Record<string, unknown>).current_period_end).toBeUndefined();
    expect(sub.billing_mode.type).toBe("flexible");
    expect(sub.latest_invoice).toMatch(/^in_/);
    expect(sub.default_payment_method).toBe(pm.id);
    expect(sub.cancel_at).toBeNull();
    expect(sub.cancel_at_period_end).toBe(false);
    expect(sub.canceled_at).toBeNull();
    expect(sub.ended_at).toBeNull();
    expect(sub.currency).toBe("eur");
    expect(sub.livemode).toBe(false);
    expect(sub.start_date).toBeGreaterThanOrEqual(before - 5);

    expect(sub.items.object).toBe("list");
    expect(sub.items.data).toHaveLength(1);
    const item = sub.items.data[0]!;
    expect(item.id).toMatch(/^si_/);
    expect(item.object).toBe("subscription_item");
    expect(item.subscription).toBe(sub.id);
    expect(item.quantity).toBe(1);
    expect(item.price.id).toBe(price.hobby);
    expect(item.price.lookup_key).toBe("price_hobby_01");
    expect(item.price.unit_amount).toBe(900);
    expect(item.price.recurring?.interval).toBe("month");
    expect(item.current_period_start).toBeGreaterThanOrEqual(before - 5);
    expect(item.current_period_end).toBe(addMonthsUTC(item.current_period_start, 1));
  });

  it("lists by customer: canceled ones only with status=all", async () => {
    const { customer, pm, sub: first } = await subscriber(stripe, price.hobby);
    const second = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.pro }],
      default_payment_method: pm.id,
    });
    await stripe.subscriptions.cancel(first.id);
    const live = await stripe.subscriptions.list({ customer: customer.id });
    expect(live.object).toBe("list");
    expect(live.data.map((s) => s.id)).toEqual([second.id]);
    const all = await stripe.subscriptions.list({ customer: customer.id, status: "all" });
    expect(all.data.map((s) => s.id)).toEqual([second.id, first.id]);
    const canceled = await stripe.subscriptions.list({ customer: customer.id, status: "canceled" });
    expect(canceled.data.map((s) => s.id)).toEqual([first.id]);
  });

  it("swaps the price, toggles cancel_at_period_end and sets/clears cancel_at", async () => {
    const { sub } = await subscriber(stripe, price.hobby);
    const item = sub.items.data[0]!;
    const swapped = await stripe.subscriptions.update(sub.id, {
      items: [{ id: item.id, price: price.pro }],
      proration_behavior: "none",
    });
    expect(swapped.items.data).toHaveLength(1);
    expect(swapped.items.data[0]!.id).toBe(item.id);
    expect(swapped.items.data[0]!.price.id).toBe(price.pro);
    expect(swapped.items.data[0]!.price.lookup_key).toBe("price_pro_01");
    expect(swapped.latest_invoice).toBe(sub.latest_invoice);
    expect(swapped.status).toBe("active");

    const atEnd = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(atEnd.cancel_at_period_end).toBe(true);
    expect(atEnd.status).toBe("active");
    const resumed = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed.cancel_at_period_end).toBe(false);
    expect(resumed.cancel_at).toBeNull();

    const when = item.current_period_end - 86_400;
    const at = await stripe.subscriptions.update(sub.id, {
      cancel_at: new Date(when * 1000) as unknown as number,
    });
    expect(at.cancel_at).toBe(when);
    expect(at.cancel_at_period_end).toBe(false);
    expect(at.status).toBe("active");
    const cleared = await stripe.subscriptions.update(sub.id, { cancel_at: "" });
    expect(cleared.cancel_at).toBeNull();
    const got = await stripe.subscriptions.retrieve(sub.id);
    expect(got.cancel_at).toBeNull();
    expect(got.cancel_at_period_end).toBe(false);
  });

  it("cancels immediately with DELETE", async () => {
    const { sub } = await subscriber(stripe, price.hobby);
    const before = nowSeconds();
    const c = await stripe.subscriptions.cancel(sub.id);
    expect(c.id).toBe(sub.id);
    expect(c.status).toBe("canceled");
    expect(c.canceled_at).toBeGreaterThanOrEqual(before - 5);
    expect(c.canceled_at).toBeLessThanOrEqual(nowSeconds() + 5);
    expect(c.ended_at).toBe(c.canceled_at);
    expect(c.cancellation_details?.reason).toBe("cancellation_requested");
    const got = await stripe.subscriptions.retrieve(sub.id);
    expect(got.status).toBe("canceled");
  });

  it("retrieves and updates subscription items", async () => {
    const { sub } = await subscriber(stripe, price.hobby);
    const si = sub.items.data[0]!;
    const got = await stripe.subscriptionItems.retrieve(si.id);
    expect(got.object).toBe("subscription_item");
    expect(got.id).toBe(si.id);
    expect(got.subscription).toBe(sub.id);
    expect(got.price.id).toBe(price.hobby);
    expect(got.current_period_start).toBe(si.current_period_start);
    expect(got.current_period_end).toBe(si.current_period_end);

    const upd = await stripe.subscriptionItems.update(si.id, { metadata: { seats: "1" } });
    expect(upd.metadata).toEqual({ seats: "1" });
    const viaSub = await stripe.subscriptions.retrieve(sub.id);
    expect(viaSub.items.data[0]!.metadata).toEqual({ seats: "1" });
  });
});

// ---------------------------------------------------------------------------------------------
describe("invoices (§0, §4.9)", () => {
  let customer: Stripe.Customer;
  let sub: Stripe.Subscription;
  let invoice: Stripe.Invoice;
  beforeAll(async () => {
    ({ customer, sub } = await subscriber(stripe, price.hobby));
    invoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
  });

  it("the first invoice is paid, with parent.subscription_details and no top-level subscription", () => {
    expect(invoice.object).toBe("invoice");
    expect(invoice.id).toMatch(/^in_/);
    expect(invoice.customer).toBe(customer.id);
    expect(invoice.status).toBe("paid");
    expect(invoice.billing_reason).toBe("subscription_create");
    expect(invoice.currency).toBe("eur");
    expect(invoice.amount_due).toBe(900);
    expect(invoice.amount_paid).toBe(900);
    expect(invoice.amount_remaining).toBe(0);
    expect(invoice.total).toBe(900);
    expect(invoice.parent?.type).toBe("subscription_details");
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(invoice).not.toHaveProperty("subscription");
    expect(invoice).not.toHaveProperty("subscription_details");
    expect(typeof invoice.hosted_invoice_url).toBe("string");
    expect(typeof invoice.status_transitions.paid_at).toBe("number");

    const line = invoice.lines.data[0]!;
    expect(invoice.lines.data).toHaveLength(1);
    expect(line.amount).toBe(900);
    const priceRef = line.pricing?.price_details?.price;
    expect(typeof priceRef === "string" ? priceRef : priceRef?.id).toBe(price.hobby);
    expect(line.parent?.type).toBe("subscription_item_details");
    expect(line.parent?.subscription_item_details?.subscription).toBe(sub.id);
    expect(line.parent?.subscription_item_details?.subscription_item).toBe(sub.items.data[0]!.id);
    expect(line.parent?.subscription_item_details?.proration).toBe(false);
    expect(line.period.start).toBe(sub.items.data[0]!.current_period_start);
    expect(line.period.end).toBe(sub.items.data[0]!.current_period_end);
  });

  it("lists by customer and by subscription, and lists lines", async () => {
    const byCustomer = await stripe.invoices.list({ customer: customer.id });
    expect(byCustomer.object).toBe("list");
    expect(byCustomer.data.map((i) => i.id)).toEqual([invoice.id]);
    const bySub = await stripe.invoices.list({ subscription: sub.id });
    expect(bySub.data.map((i) => i.id)).toEqual([invoice.id]);
    const other = await subscriber(stripe, price.hobby);
    const notMine = await stripe.invoices.list({ subscription: other.sub.id });
    expect(notMine.data.map((i) => i.id)).not.toContain(invoice.id);

    const lines = await stripe.invoices.listLineItems(invoice.id);
    expect(lines.object).toBe("list");
    expect(lines.data).toHaveLength(1);
    expect(lines.data[0]!.object).toBe("line_item");
    expect(lines.data[0]!.amount).toBe(900);
  });

  it("previews a plan change with proration lines", async () => {
    const preview = await stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: {
        items: [{ id: sub.items.data[0]!.id, price: price.pro }],
        proration_behavior: "create_prorations",
      },
    });
    expect(preview.object).toBe("invoice");
    expect(preview.customer).toBe(customer.id);
    expect(preview.billing_reason).toBe("upcoming");
    expect(preview.currency).toBe("eur");
    const prorations = preview.lines.data.filter((l) => l.parent?.subscription_item_details?.proration === true);
    expect(prorations.length).toBeGreaterThanOrEqual(2);
    const priceOf = (l: Stripe.InvoiceLineItem) => {
      const p = l.pricing?.price_details?.price;
      return typeof p === "string" ? p : p?.id;
    };
    const credit = prorations.find((l) => l.amount < 0);
    const charge = prorations.find((l) => l.amount > 0);
    expect(credit && priceOf(credit)).toBe(price.hobby);
    expect(charge && priceOf(charge)).toBe(price.pro);
    expect(credit!.amount).toBeGreaterThanOrEqual(-900);
    expect(charge!.amount).toBeLessThanOrEqual(2900);
    // A preview changes nothing.
    const still = await stripe.subscriptions.retrieve(sub.id);
    expect(still.items.data[0]!.price.id).toBe(price.hobby);
  });

  it("refuses to pay a paid invoice", async () => {
    const err = await caught(stripe.invoices.pay(invoice.id));
    expectInvalidRequest(err);
  });
});

// ---------------------------------------------------------------------------------------------
describe("payment methods (§4.10, §7.3)", () => {
  it("attaches (a clone of) pm_card_visa, retrieves and detaches it", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("pm") });
    const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: c.id });
    expect(pm.object).toBe("payment_method");
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.id).not.toBe("pm_card_visa");
    expect(pm.type).toBe("card");
    expect(pm.customer).toBe(c.id);
    expect(pm.card?.brand).toBe("visa");
    expect(pm.card?.last4).toBe("4242");
    expect(pm.card?.exp_month).toBeGreaterThanOrEqual(1);
    expect(pm.card?.exp_month).toBeLessThanOrEqual(12);
    expect(pm.card?.exp_year).toBeGreaterThanOrEqual(new Date().getUTCFullYear());

    const got = await stripe.paymentMethods.retrieve(pm.id);
    expect(got.id).toBe(pm.id);
    expect(got.card?.last4).toBe("4242");
    expect(got.customer).toBe(c.id);

    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.id).toBe(pm.id);
    expect(detached.customer).toBeNull();
    const list = await stripe.customers.listPaymentMethods(c.id, { type: "card" });
    expect(list.data).toEqual([]);
  });

  it("declines pm_card_chargeDeclined at attach (402 card_declined / generic_decline)", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("declined") });
    const err = await caught(stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: c.id }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.statusCode).toBe(402);
    expect(err.rawType).toBe("card_error");
    expect(err.code).toBe("card_declined");
    expect(err.decline_code).toBe("generic_decline");
    const list = await stripe.customers.listPaymentMethods(c.id, { type: "card" });
    expect(list.data).toEqual([]);
  });

  it("attaches pm_card_chargeCustomerFail (…0341)", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("0341") });
    const pm = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: c.id });
    expect(pm.customer).toBe(c.id);
    expect(pm.card?.last4).toBe("0341");
  });
});

// ---------------------------------------------------------------------------------------------
describe("events (§4.11, §5.1)", () => {
  it("lists newest first at the SDK's API version, retrieves and filters", async () => {
    const c = await stripe.customers.create({ email: uniqueEmail("events") });
    await stripe.customers.update(c.id, { name: "Evented" });

    const list = await stripe.events.list({ limit: 100 });
    expect(list.object).toBe("list");
    expect(list.url).toBe("/v1/events");
    expect(list.data.length).toBeGreaterThan(2);
    for (let i = 1; i < list.data.length; i++) expect(list.data[i - 1]!.created).toBeGreaterThanOrEqual(list.data[i]!.created);
    for (const ev of list.data) {
      expect(ev.object).toBe("event");
      expect(ev.id).toMatch(/^evt_/);
      expect(ev.api_version).toBe(API_VERSION);
      expect(ev.livemode).toBe(false);
      expect(typeof ev.data.object).toBe("object");
    }
    const created = list.data.find((e) => e.type === "customer.created" && (e.data.object as { id?: string }).id === c.id);
    expect(created).toBeDefined();
    expect((created!.data.object as Stripe.Customer).email).toBe(c.email);
    expect(created!.request?.id).toBe(c.lastResponse.requestId);
    const updatedIdx = list.data.findIndex(
      (e) => e.type === "customer.updated" && (e.data.object as { id?: string }).id === c.id,
    );
    expect(updatedIdx).toBeGreaterThanOrEqual(0);
    expect(updatedIdx).toBeLessThan(list.data.indexOf(created!));
    const updated = list.data[updatedIdx]!;
    expect((updated.data.object as Stripe.Customer).name).toBe("Evented");
    expect(updated.data.previous_attributes).toMatchObject({ name: null });

    const one = await stripe.events.retrieve(created!.id);
    expect(one.id).toBe(created!.id);
    expect(one.type).toBe("customer.created");

    const byType = await stripe.events.list({ type: "customer.created", limit: 100 });
    expect(byType.data.length).toBeGreaterThan(0);
    expect(new Set(byType.data.map((e) => e.type))).toEqual(new Set(["customer.created"]));
    expect(byType.data.map((e) => e.id)).toContain(created!.id);

    const byTypes = await stripe.events.list({ types: ["customer.created", "customer.updated"], limit: 100 });
    expect(new Set(byTypes.data.map((e) => e.type))).toEqual(new Set(["customer.created", "customer.updated"]));

    const wildcard = await stripe.events.list({ type: "customer.*", limit: 100 });
    expect(wildcard.data.length).toBeGreaterThan(0);
    for (const e of wildcard.data) expect(e.type.startsWith("customer.")).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe("test clocks (§4.12, §9)", () => {
  const waitReady = async (id: string) => {
    for (let i = 0; i < 100; i++) {
      const c = await stripe.testHelpers.testClocks.retrieve(id);
      if (c.status !== "advancing") return c;
      await sleep(50);
    }
    throw new Error(`test clock ${id} still advancing after 5 s`);
  };

  it("creates, refuses to go back, advances asynchronously, deletes", async () => {
    const frozen = nowSeconds() - 86_400;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen, name: "contract clock" });
    expect(clock.object).toBe("test_helpers.test_clock");
    expect(clock.id).toMatch(/^clock_/);
    expect(clock.frozen_time).toBe(frozen);
    expect(clock.name).toBe("contract clock");
    expect(clock.status).toBe("ready");
    expect(clock.livemode).toBe(false);
    expect(typeof clock.deletes_after).toBe("number");
    expect(clock.deletes_after).toBeGreaterThan(clock.created);

    const back = await caught(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: frozen - 60 }));
    expectInvalidRequest(back);

    const target = frozen + 3600;
    const adv = await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: target });
    expect(adv.id).toBe(clock.id);
    expect(adv.status).toBe("advancing");
    expect(adv.status_details.advancing?.target_frozen_time).toBe(target);
    const ready = await waitReady(clock.id);
    expect(ready.status).toBe("ready");
    expect(ready.frozen_time).toBe(target);

    const listed = await stripe.testHelpers.testClocks.list();
    expect(listed.data.map((c) => c.id)).toContain(clock.id);

    const del = await stripe.testHelpers.testClocks.del(clock.id);
    expect(del).toMatchObject({ id: clock.id, object: "test_helpers.test_clock", deleted: true });
    const gone = await caught(stripe.testHelpers.testClocks.retrieve(clock.id));
    expectInvalidRequest(gone, 404);
  });

  it("with a monthly subscription, refuses to advance more than two months at once", async () => {
    const frozen = nowSeconds() - 86_400;
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen, name: "sub clock" });
    const { customer, sub } = await subscriber(stripe, price.hobby, { test_clock: clock.id });
    expect(customer.test_clock).toBe(clock.id);
    expect(sub.test_clock).toBe(clock.id);
    expect(sub.items.data[0]!.current_period_start).toBe(frozen);
    expect(sub.items.data[0]!.current_period_end).toBe(addMonthsUTC(frozen, 1));

    const tooFar = await caught(stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: addMonthsUTC(frozen, 3) }));
    expectInvalidRequest(tooFar);
    const still = await stripe.testHelpers.testClocks.retrieve(clock.id);
    expect(still.frozen_time).toBe(frozen);
    expect(still.status).toBe("ready");

    const del = await stripe.testHelpers.testClocks.del(clock.id);
    expect(del.deleted).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
describe("webhook endpoints (§4.13)", () => {
  it("creates (secret only in the answer), retrieves, disables, lists and deletes", async () => {
    const ep = await stripe.webhookEndpoints.create({
      url: "http://127.0.0.1:9/never",
      enabled_events: ["checkout.session.completed", "invoice.paid"],
      api_version: API_VERSION,
      description: "contract",
    });
    expect(ep.object).toBe("webhook_endpoint");
    expect(ep.id).toMatch(/^we_/);
    expect(ep.url).toBe("http://127.0.0.1:9/never");
    expect(ep.enabled_events).toEqual(["checkout.session.completed", "invoice.paid"]);
    expect(ep.api_version).toBe(API_VERSION);
    expect(ep.status).toBe("enabled");
    expect(ep.livemode).toBe(false);
    expect(ep.secret).toMatch(/^whsec_/);

    const got = await stripe.webhookEndpoints.retrieve(ep.id);
    expect(got.id).toBe(ep.id);
    expect(got.secret).toBeUndefined();
    expect(got.status).toBe("enabled");

    const disabled = await stripe.webhookEndpoints.update(ep.id, { disabled: true });
    expect(disabled.status).toBe("disabled");
    expect(disabled.secret).toBeUndefined();
    const enabled = await stripe.webhookEndpoints.update(ep.id, { disabled: false });
    expect(enabled.status).toBe("enabled");

    const list = await stripe.webhookEndpoints.list();
    expect(list.object).toBe("list");
    const mine = list.data.find((e) => e.id === ep.id);
    expect(mine).toBeDefined();
    expect(mine!.secret).toBeUndefined();

    const del = await stripe.webhookEndpoints.del(ep.id);
    expect(del).toMatchObject({ id: ep.id, object: "webhook_endpoint", deleted: true });
    const after = await stripe.webhookEndpoints.list();
    expect(after.data.map((e) => e.id)).not.toContain(ep.id);
    const gone = await caught(stripe.webhookEndpoints.retrieve(ep.id));
    expectInvalidRequest(gone, 404);
  });
});
