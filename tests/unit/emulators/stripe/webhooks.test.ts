/**
 * The Stripe stand-in's webhook delivery against the contract (/work/shared/stripe/API.md
 * §5): the event object (§5.1), the `Stripe-Signature` scheme checked by the SDK's
 * `constructEventAsync` (§5.2), at-least-once delivery with retries, the delivery faults
 * and the per-endpoint filters (§5.3, §4.13).
 */
import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  API_VERSION,
  control,
  deliveryLog,
  emittedEvents,
  eventually,
  MAIN_PATH,
  MAIN_SECRET,
  mark,
  received,
  resetAll,
  settle,
  startHarness,
  subscribeViaApi,
  types,
  verify,
  verifyAll,
  type Harness,
  type Obj,
  type ReceivedDelivery,
} from "./support/sequence-harness.ts";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await resetAll(h, { finalizationDelaySeconds: 0 });
});
afterEach(async () => {
  await control(h, "faults", { duplicateDeliveries: false, reorderDeliveries: false, deliveryDelayMs: 0, dropNextDeliveries: 0 }).catch(() => undefined);
  h.receiver.respondWith(200);
  await settle(h).catch(() => undefined);
  await verifyAll(h);
});

const deliveriesOf = (eventId: string, path = MAIN_PATH): ReceivedDelivery[] =>
  h.receiver.deliveries.filter((d) => d.path === path && d.body.id === eventId);

/** Creates a customer and answers its customer.created event id. */
async function customerCreatedEvent(email = "hook@example.test"): Promise<{ customerId: string; eventId: string }> {
  const customer = await h.stripe.customers.create({ email });
  const event = (await emittedEvents(h)).find((e) => e.type === "customer.created" && e.data.object.id === customer.id);
  expect(event, "customer.created emitted").toBeTruthy();
  return { customerId: customer.id, eventId: event!.id as string };
}

const parseHeader = (header: string) => {
  const parts = header.split(",").map((p) => p.split("="));
  return {
    t: Number(parts.find(([k]) => k === "t")?.[1]),
    v1: parts.filter(([k]) => k === "v1").map(([, v]) => v!),
  };
};

describe("signatures (§5.2)", () => {
  it("signs t=…,v1=HMAC-SHA256(secret, t.body); constructEventAsync accepts it and refuses a tampered body or a wrong secret", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { eventId } = await customerCreatedEvent();
    await settle(h);
    const [d] = deliveriesOf(eventId);
    expect(d, "delivered").toBeTruthy();
    const header = d!.headers["stripe-signature"] as string;
    expect(header).toMatch(/^t=\d+(,v[01]=[0-9a-f]{64})+$/);
    const { t, v1 } = parseHeader(header);
    expect(t).toBeGreaterThanOrEqual(before - 1);
    expect(t).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    const expected = createHmac("sha256", MAIN_SECRET).update(`${t}.${d!.raw}`, "utf8").digest("hex");
    expect(v1).toContain(expected);
    expect(d!.headers["content-type"]).toMatch(/^application\/json/);

    const event = await h.stripe.webhooks.constructEventAsync(d!.raw, header, MAIN_SECRET);
    expect(event.id).toBe(eventId);
    expect(event.type).toBe("customer.created");

    const tampered = d!.raw.replace('"customer.created"', '"customer.deleted"');
    expect(tampered).not.toBe(d!.raw);
    await expect(h.stripe.webhooks.constructEventAsync(tampered, header, MAIN_SECRET)).rejects.toThrow(/No signatures found/);
    await expect(h.stripe.webhooks.constructEventAsync(`${d!.raw} `, header, MAIN_SECRET)).rejects.toThrow(/No signatures found/);
    await expect(h.stripe.webhooks.constructEventAsync(d!.raw, header, "whsec_not_the_secret")).rejects.toThrow(/No signatures found/);
  });

  it("signs each attempt afresh: a retry a second later carries a later t and still verifies", { timeout: 8_000 }, async () => {
    await control(h, "settings", { webhookRetryScheduleMs: [1100] });
    let calls = 0;
    h.receiver.respondWith(() => (++calls === 1 ? 500 : 200));
    const { eventId } = await customerCreatedEvent();
    const [first, second] = await eventually(() => (deliveriesOf(eventId).length >= 2 ? deliveriesOf(eventId) : undefined), 3_000, "a retry");
    const t1 = parseHeader(first!.headers["stripe-signature"] as string).t;
    const t2 = parseHeader(second!.headers["stripe-signature"] as string).t;
    expect(t2).toBeGreaterThanOrEqual(t1 + 1);
    expect(second!.headers["stripe-signature"]).not.toBe(first!.headers["stripe-signature"]);
    expect(Math.abs(t2 - Math.floor(second!.at / 1000))).toBeLessThanOrEqual(1);
    for (const d of [first!, second!]) expect((await verify(h, d)).id).toBe(eventId);
  });
});

describe("event object (§5.1)", { timeout: 15_000 }, () => {
  it("has the envelope fields; request is set for API-caused events and null for clock-driven ones; previous_attributes only on *.updated", async () => {
    const from = await mark(h);
    const created = await h.stripe.customers.create({ email: "shape@example.test", name: "Before" }, { idempotencyKey: "shape-key-1" });
    const requestId = created.lastResponse.requestId;
    expect(requestId).toMatch(/^req_/);
    await h.stripe.customers.update(created.id, { name: "After" }, { idempotencyKey: "shape-key-2" });
    await settle(h);
    let events = await received(h, from);
    expect(types(events)).toEqual(["customer.created", "customer.updated"]);

    const [c, u] = events as [Obj, Obj];
    for (const e of [c, u]) {
      expect(e.id).toMatch(/^evt_/);
      expect(e.object).toBe("event");
      expect(e.api_version).toBe(API_VERSION);
      expect(e.livemode).toBe(false);
      expect(Number.isInteger(e.created)).toBe(true);
      expect(Number.isInteger(e.pending_webhooks)).toBe(true);
      expect(e.pending_webhooks).toBeGreaterThanOrEqual(0);
      expect(e.data.object.id).toBe(created.id);
      expect(e.data.object.object).toBe("customer");
    }
    expect(c.request).toEqual({ id: requestId, idempotency_key: "shape-key-1" });
    expect(c.data).not.toHaveProperty("previous_attributes");
    expect(u.request.id).toMatch(/^req_/);
    expect(u.request.idempotency_key).toBe("shape-key-2");
    expect(u.data.previous_attributes).toEqual({ name: "Before" });
    expect(u.data.object.name).toBe("After");
    // The event as stored is the event as delivered.
    expect((await h.stripe.events.retrieve(c.id)).id).toBe(c.id);

    // A renewal driven by the stand-in's own clock: Stripe-caused, no request.
    const s = await subscribeViaApi(h, { email: "shape-renewal@example.test" });
    const renewFrom = await mark(h);
    const clock = await control(h, "clock", { advanceSeconds: 32 * 86_400 });
    expect(clock.now).toBeGreaterThanOrEqual(s.periodEnd);
    await settle(h);
    const renewal = await received(h, renewFrom);
    expect(types(renewal)).toEqual(expect.arrayContaining(["customer.subscription.updated", "invoice.created", "invoice.paid"]));
    for (const e of renewal) expect(e.request, e.type).toEqual({ id: null, idempotency_key: null });

    events = await received(h);
    expect(events.length).toBeGreaterThan(5);
    for (const e of events) {
      if ((e.type as string).endsWith(".updated")) {
        expect(e.data.previous_attributes, e.type).toEqual(expect.any(Object));
        expect(Object.keys(e.data.previous_attributes).length, e.type).toBeGreaterThan(0);
      } else {
        expect(e.data, e.type).not.toHaveProperty("previous_attributes");
      }
    }
  });

  it("without faults, deliveries arrive in emission order (§6: the default emission order; reordering is a fault)", async () => {
    // Three bursts, each one API call that emits several events at once.
    for (const n of [1, 2, 3]) {
      const from = await mark(h);
      await subscribeViaApi(h, { email: `order-${n}@example.test` });
      await settle(h);
      const emitted = (await emittedEvents(h)).slice(from.emitted).map((e) => `${e.type} ${e.id}`);
      expect(emitted.length).toBeGreaterThan(4);
      const arrived = (await received(h, from, { order: "arrival" })).map((e) => `${e.type} ${e.id}`);
      expect(arrived, `burst ${n}`).toEqual(emitted);
    }
  });
});

describe("at-least-once delivery and the attempt log (§5.3)", { timeout: 10_000 }, () => {
  it("retries non-2xx answers per webhookRetryScheduleMs and logs every attempt with its status", async () => {
    await control(h, "settings", { webhookRetryScheduleMs: [50, 100, 200] });
    const attempts = new Map<string, number>();
    h.receiver.respondWith((d) => {
      const n = (attempts.get(d.body.id) ?? 0) + 1;
      attempts.set(d.body.id, n);
      return n <= 2 ? 500 : 200;
    });
    const { eventId } = await customerCreatedEvent();
    const log = await eventually(
      async () => {
        const entries = await deliveryLog(h, { event: eventId });
        return entries.some((e) => e.status === 200) ? entries : undefined;
      },
      3_000,
      "a successful attempt",
    );
    expect(log.map((e) => [e.attempt, e.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    for (const e of log) {
      expect(e).toMatchObject({ eventId, type: "customer.created", url: `${h.receiver.origin}${MAIN_PATH}` });
      expect(e.endpointId).toEqual(expect.any(String));
      expect(e.at).toBeDefined();
    }
    const got = deliveriesOf(eventId);
    expect(got).toHaveLength(3);
    expect(got[1]!.at - got[0]!.at).toBeGreaterThanOrEqual(40);
    expect(got[2]!.at - got[1]!.at).toBeGreaterThanOrEqual(90);
    for (const d of got) expect((await verify(h, d)).id).toBe(eventId);
    // The log filters by type too.
    expect((await deliveryLog(h, { type: "customer.created" })).filter((e) => e.eventId === eventId)).toHaveLength(3);
  });

  it("gives up after the schedule: 1 + len(webhookRetryScheduleMs) attempts", async () => {
    await control(h, "settings", { webhookRetryScheduleMs: [30, 60, 90] });
    h.receiver.respondWith(500);
    const { eventId } = await customerCreatedEvent();
    await eventually(() => deliveriesOf(eventId).length >= 4, 3_000, "four attempts");
    await new Promise((r) => setTimeout(r, 400));
    expect(deliveriesOf(eventId)).toHaveLength(4);
    const log = await deliveryLog(h, { event: eventId });
    expect(log.map((e) => [e.attempt, e.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 500],
    ]);
  });

  it("redelivers an event on request, freshly signed", async () => {
    const { eventId } = await customerCreatedEvent();
    await settle(h);
    expect(deliveriesOf(eventId)).toHaveLength(1);
    await control(h, "deliveries/redeliver", { eventId });
    const [first, again] = await eventually(() => (deliveriesOf(eventId).length >= 2 ? deliveriesOf(eventId) : undefined), 3_000, "a redelivery");
    expect(again!.body).toEqual(first!.body);
    expect((await verify(h, again!)).id).toBe(eventId);
    expect(parseHeader(again!.headers["stripe-signature"] as string).t).toBeGreaterThanOrEqual(parseHeader(first!.headers["stripe-signature"] as string).t);
  });
});

describe("delivery faults", { timeout: 10_000 }, () => {
  it("duplicateDeliveries: the same event id arrives twice", async () => {
    await control(h, "faults", { duplicateDeliveries: true });
    const { eventId } = await customerCreatedEvent();
    await settle(h);
    await eventually(() => deliveriesOf(eventId).length >= 2, 2_000, "a duplicate");
    const got = deliveriesOf(eventId);
    expect(got).toHaveLength(2);
    for (const d of got) expect((await verify(h, d)).id).toBe(eventId);
  });

  it("reorderDeliveries: a burst arrives newest first", async () => {
    const customer = await h.stripe.customers.create({ email: "burst@example.test" });
    const pm = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    await settle(h);
    const emittedBefore = new Set((await emittedEvents(h)).map((e) => e.id as string));
    await control(h, "faults", { reorderDeliveries: true });
    const from = await mark(h);
    await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: h.prices.hobby }], default_payment_method: pm.id });
    const emitted = (await emittedEvents(h)).filter((e) => !emittedBefore.has(e.id)).map((e) => e.id as string);
    expect(emitted.length).toBeGreaterThanOrEqual(3);
    const arrival = { order: "arrival", complete: false } as const;
    await eventually(async () => (await received(h, from, arrival)).length >= emitted.length, 4_000, "the burst");
    await settle(h);
    expect((await received(h, from, arrival)).map((e) => e.id)).toEqual([...emitted].reverse());
  });

  it("deliveryDelayMs holds every delivery back", async () => {
    await control(h, "faults", { deliveryDelayMs: 400 });
    const started = Date.now();
    const { eventId } = await customerCreatedEvent();
    const [d] = await eventually(() => (deliveriesOf(eventId).length ? deliveriesOf(eventId) : undefined), 3_000, "the delayed delivery");
    expect(d!.at - started).toBeGreaterThanOrEqual(380);
  });

  it("dropNextDeliveries: 1 — the first attempt never arrives, a retry does", async () => {
    await control(h, "settings", { webhookRetryScheduleMs: [50, 100, 200] });
    await control(h, "faults", { dropNextDeliveries: 1 });
    const { eventId } = await customerCreatedEvent();
    await eventually(() => deliveriesOf(eventId).length >= 1, 3_000, "the retried delivery");
    await settle(h);
    await new Promise((r) => setTimeout(r, 150));
    expect(deliveriesOf(eventId)).toHaveLength(1);
    const log = await deliveryLog(h, { event: eventId });
    expect(log.length).toBeGreaterThanOrEqual(2);
    expect(log[0]!.attempt).toBe(1);
    expect(log[0]!.status === null || log[0]!.status === 0 || log[0]!.status >= 300 || log[0]!.error).toBeTruthy();
    expect(log.at(-1)).toMatchObject({ status: 200 });
    // Only the next one is dropped.
    const { eventId: later } = await customerCreatedEvent("hook-2@example.test");
    await settle(h);
    expect((await deliveryLog(h, { event: later })).map((e) => e.status)).toEqual([200]);
  });
});

describe("endpoints (§4.13)", { timeout: 10_000 }, () => {
  it("an endpoint with enabled_events gets only those types; a disabled endpoint gets nothing", async () => {
    const paidOnly = await h.stripe.webhookEndpoints.create({
      url: `${h.receiver.origin}/hooks/paid-only`,
      enabled_events: ["invoice.paid"],
      api_version: API_VERSION,
    });
    expect(paidOnly.secret).toMatch(/^whsec_/);
    expect(paidOnly.status).toBe("enabled");
    expect(paidOnly.enabled_events).toEqual(["invoice.paid"]);
    h.secrets.set("/hooks/paid-only", paidOnly.secret!);

    const off = await h.stripe.webhookEndpoints.create({ url: `${h.receiver.origin}/hooks/disabled`, enabled_events: ["*"] });
    h.secrets.set("/hooks/disabled", off.secret!);
    const disabled = await h.stripe.webhookEndpoints.update(off.id, { disabled: true });
    expect(disabled.status).toBe("disabled");
    expect((await h.stripe.webhookEndpoints.retrieve(paidOnly.id))).not.toHaveProperty("secret", expect.any(String));

    await subscribeViaApi(h, { email: "endpoints@example.test" });
    await settle(h);
    const all = await received(h);
    expect(types(all)).toEqual(expect.arrayContaining(["customer.created", "customer.subscription.created", "invoice.paid"]));
    const paid = await received(h, 0, { path: "/hooks/paid-only" });
    expect(types(paid)).toEqual(["invoice.paid"]);
    expect(paid[0]!.id).toBe(all.find((e) => e.type === "invoice.paid")!.id);
    expect(h.receiver.deliveries.filter((d) => d.path === "/hooks/disabled")).toEqual([]);
  });
});
