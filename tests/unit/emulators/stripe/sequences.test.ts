/**
 * The Stripe stand-in against the ordered event sequences of the contract
 * (/work/shared/stripe/API.md §6), driven through the real `stripe` SDK and the hosted
 * Checkout form, every webhook delivery verified with `constructEventAsync` (§5.2).
 *
 * Orders are checked in the stand-in's emission order (`GET /__control/events`), the order
 * §6 describes, and every emitted event must also have reached the receiver; whether
 * deliveries *arrive* in that order is webhooks.test.ts's concern (§5.3 promises no order).
 * Numbering follows the test brief; the contract's own numbers are given per block.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  advanceClock,
  authenticate,
  CANCEL_URL,
  checkoutSession,
  control,
  emittedEvents,
  mark,
  one,
  only,
  ordered,
  postCheckout,
  received,
  resetAll,
  settle,
  startHarness,
  subscribeViaApi,
  types,
  verifyAll,
  type Harness,
  type Obj,
  type Subscribed,
} from "./support/sequence-harness.ts";

let h: Harness;
const DAY = 86_400;

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
  // Every delivery of every test must verify (§5.2), not only the ones a test looked at.
  await settle(h).catch(() => undefined);
  await verifyAll(h);
});

// ---------------------------------------------------------------------------------------
// (1) Checkout completed, first payment succeeds — contract §6 (1)
// ---------------------------------------------------------------------------------------
describe("(1) Checkout success with 4242", { timeout: 15_000 }, () => {
  it("customer.created, then the payment's events in the contract's order with the expected objects", async () => {
    const start = await mark(h);
    const customer = await h.stripe.customers.create({ email: "ada@example.test", name: "Ada", metadata: { harbor_account_id: "acc_checkout_1" } });
    const session = await checkoutSession(h, customer.id);
    expect(session.status).toBe("open");
    expect(session.url).toBeTruthy();
    expect(new URL(session.url!).pathname).toBe(`/c/pay/${session.id}`);
    await settle(h);
    const beforePay = await received(h, start);
    expect(types(beforePay)).toEqual(["customer.created"]);
    expect(beforePay[0]!.data.object.id).toBe(customer.id);

    const page = await fetch(`${h.base}/c/pay/${session.id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("ada@example.test");
    expect(html).toContain(CANCEL_URL);

    const paidFrom = await mark(h);
    const res = await postCheckout(h, session.id, { cardNumber: "4242 4242 4242 4242" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://harbor.test/billing/return?session_id=${session.id}`);
    await settle(h);
    const events = await received(h, paidFrom);

    const allowed = new Set([
      "payment_intent.created",
      "payment_method.attached",
      "charge.succeeded",
      "payment_intent.succeeded",
      "customer.updated",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.updated",
      "invoice.paid",
      "invoice.payment_succeeded",
      "invoice_payment.paid",
      "checkout.session.completed",
    ]);
    expect(types(events).filter((t) => !allowed.has(t)), "types outside §6 (1)").toEqual([]);
    const named = [
      "payment_method.attached",
      "customer.subscription.created",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "checkout.session.completed",
    ];
    expect(ordered(events, named)).toEqual(named);

    const pm = one(events, "payment_method.attached").data.object;
    expect(pm.customer).toBe(customer.id);
    expect(pm.card.last4).toBe("4242");

    const sub = one(events, "customer.subscription.created").data.object;
    expect(sub.object).toBe("subscription");
    expect(sub.customer).toBe(customer.id);
    expect(sub.status).toBe("active");
    expect(sub.metadata).toEqual({ harbor_account_id: "acc_checkout_1", plan: "hobby" });
    expect(sub.billing_mode?.type).toBe("flexible");
    expect(sub).not.toHaveProperty("current_period_end"); // §0: only on items since basil
    const item = sub.items.data[0];
    expect(item.price.id).toBe(h.prices.hobby);
    expect(item.current_period_start).toEqual(expect.any(Number));
    expect(item.current_period_end - item.current_period_start).toBeGreaterThanOrEqual(28 * DAY);
    expect(item.current_period_end - item.current_period_start).toBeLessThanOrEqual(31 * DAY);
    expect(sub.latest_invoice).toMatch(/^in_/);

    const created = one(events, "invoice.created").data.object;
    expect(created.billing_reason).toBe("subscription_create");
    expect(created.id).toBe(sub.latest_invoice);
    expect(created.parent?.subscription_details?.subscription).toBe(sub.id);
    expect(created).not.toHaveProperty("subscription"); // §0
    const finalized = one(events, "invoice.finalized").data.object;
    expect(finalized.status).toBe("open");
    const paid = one(events, "invoice.paid").data.object;
    expect(paid.status).toBe("paid");
    expect(paid.amount_paid).toBe(900);
    expect(paid.currency).toBe("eur");
    expect(one(events, "invoice.payment_succeeded").data.object.id).toBe(created.id);

    const completed = one(events, "checkout.session.completed").data.object;
    expect(completed.id).toBe(session.id);
    expect(completed.status).toBe("complete");
    expect(completed.payment_status).toBe("paid");
    expect(completed.subscription).toBe(sub.id);
    expect(completed.invoice).toBe(created.id);
    expect(completed.client_reference_id).toBe("acc_checkout_1");
    expect(completed.metadata).toEqual({ harbor_account_id: "acc_checkout_1" });
    expect(completed.customer).toBe(customer.id);

    const after = await h.stripe.checkout.sessions.retrieve(session.id);
    expect(after.status).toBe("complete");
    const live = await h.stripe.subscriptions.retrieve(sub.id);
    expect(live.status).toBe("active");
  });
});

// ---------------------------------------------------------------------------------------
// (2) First payment fails inside Checkout — contract §6 (2), §7.3
// ---------------------------------------------------------------------------------------
describe("(2) Checkout declines, refused input and 3-D Secure", { timeout: 15_000 }, () => {
  const forbidden = (events: Obj[]) =>
    types(events).filter((t) => t.startsWith("customer.subscription.") || t.startsWith("invoice.") || t === "checkout.session.completed");

  it("a declined card is shown inline, the session stays open, nothing is created; 4242 then succeeds", async () => {
    const customer = await h.stripe.customers.create({ email: "decline@example.test" });
    const session = await checkoutSession(h, customer.id, "acc_decline");
    await settle(h);
    const from = await mark(h);

    for (const [card, message] of [
      ["4000 0000 0000 9995", "Your card has insufficient funds."],
      ["4000000000000002", "Your card was declined."],
    ] as const) {
      const res = await postCheckout(h, session.id, { cardNumber: card });
      expect(res.status, card).not.toBe(303);
      const html = await res.text();
      expect(html, card).toContain(message);
      expect(html, card).toMatch(/role="alert"/);
      expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    }
    await settle(h);
    const declined = await received(h, from);
    expect(forbidden(declined), "no subscription, invoice or completion after declines").toEqual([]);
    expect((await h.stripe.subscriptions.list({ customer: customer.id, status: "all" })).data).toEqual([]);

    const okFrom = await mark(h);
    const res = await postCheckout(h, session.id, { cardNumber: "4242424242424242" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`https://harbor.test/billing/return?session_id=${session.id}`);
    await settle(h);
    const events = await received(h, okFrom);
    expect(ordered(events, ["customer.subscription.created", "invoice.paid", "checkout.session.completed"])).toEqual([
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    expect(one(events, "checkout.session.completed").data.object.status).toBe("complete");
  });

  it("refuses a Luhn-invalid number, a past expiry and a bad CVC without any event", async () => {
    const customer = await h.stripe.customers.create({ email: "typo@example.test" });
    const session = await checkoutSession(h, customer.id, "acc_typo");
    await settle(h);
    const from = await mark(h);
    const emittedBefore = (await emittedEvents(h)).length;

    for (const card of [
      { cardNumber: "4242 4242 4242 4241" },
      { cardNumber: "4242 4242 4242 4242", cardExpiry: "01 / 20" },
      { cardNumber: "4242 4242 4242 4242", cardCvc: "1" },
      { cardNumber: "4242 4242 4242 4242", cardCvc: "12a" },
    ]) {
      const res = await postCheckout(h, session.id, card);
      expect(res.status, JSON.stringify(card)).not.toBe(303);
      expect(res.status, JSON.stringify(card)).toBeLessThan(500);
      await res.text();
    }
    await settle(h);
    expect(types(await received(h, from))).toEqual([]);
    expect((await emittedEvents(h)).length).toBe(emittedBefore);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  it("3-D Secure: redirected to authenticate; fail keeps the session open, complete pays", async () => {
    const customer = await h.stripe.customers.create({ email: "threeds@example.test" });
    const session = await checkoutSession(h, customer.id, "acc_3ds");
    await settle(h);
    const from = await mark(h);

    const first = await postCheckout(h, session.id, { cardNumber: "4000 0025 0000 3155" });
    expect(first.status).toBe(303);
    const authAt = first.headers.get("location")!;
    expect(new URL(authAt, h.base).pathname).toBe(`/c/pay/${session.id}/authenticate`);

    const failed = await authenticate(h, authAt, "fail");
    let failHtml: string;
    if (failed.status >= 300 && failed.status < 400) {
      const back = new URL(failed.headers.get("location")!, h.base);
      expect(back.pathname).toBe(`/c/pay/${session.id}`);
      failHtml = await (await fetch(`${h.base}${back.pathname}${back.search}`)).text();
    } else {
      failHtml = await failed.text();
    }
    expect(failHtml).toMatch(/authenticat/i);
    expect((await h.stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
    await settle(h);
    expect(forbidden(await received(h, from))).toEqual([]);

    const again = await postCheckout(h, session.id, { cardNumber: "4000002500003155" });
    expect(again.status).toBe(303);
    const done = await authenticate(h, again.headers.get("location")!, "complete");
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`https://harbor.test/billing/return?session_id=${session.id}`);
    await settle(h);
    const events = await received(h, from);
    expect(ordered(events, ["customer.subscription.created", "invoice.paid", "checkout.session.completed"])).toEqual([
      "customer.subscription.created",
      "invoice.paid",
      "checkout.session.completed",
    ]);
    expect(one(events, "customer.subscription.created").data.object.status).toBe("active");
  });
});

// ---------------------------------------------------------------------------------------
// (3) Renewal succeeds — contract §6 (3), §9
// ---------------------------------------------------------------------------------------
describe("(3) renewal on a test clock", { timeout: 15_000 }, () => {
  it("at period end: subscription.updated and a draft cycle invoice; an hour later finalized and paid; clock ready", async () => {
    const s = await subscribeViaApi(h, { clock: true });
    // The default finalisation delay (an hour after invoice.created, §4.9).
    expect((await control(h, "settings", { finalizationDelaySeconds: 3600 })).finalizationDelaySeconds).toBe(3600);
    const from = await mark(h);

    await advanceClock(h, s.clock!.id, s.periodEnd + 60);
    const atBoundary = await received(h, from);
    expect(ordered(atBoundary, ["customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.paid", "test_helpers.test_clock.ready"])).toEqual([
      "customer.subscription.updated",
      "invoice.created",
      "test_helpers.test_clock.ready",
    ]);
    const updated = one(atBoundary, "customer.subscription.updated").data;
    const item = updated.object.items.data[0];
    expect(item.current_period_start).toBe(s.periodEnd);
    expect(item.current_period_end).toBeGreaterThan(s.periodEnd + 27 * DAY);
    expect(updated.previous_attributes).toHaveProperty("items");
    expect(updated.previous_attributes.items.data[0].current_period_start).toBe(s.periodStart);
    expect(updated.previous_attributes.items.data[0].current_period_end).toBe(s.periodEnd);
    expect(updated.previous_attributes.latest_invoice).toBe(s.sub.latest_invoice);
    const draft = one(atBoundary, "invoice.created").data.object;
    expect(draft.billing_reason).toBe("subscription_cycle");
    expect(draft.status).toBe("draft");
    expect(draft.parent?.subscription_details?.subscription).toBe(s.sub.id);
    expect(updated.object.latest_invoice).toBe(draft.id);
    expect(one(atBoundary, "test_helpers.test_clock.ready").data.object.id).toBe(s.clock!.id);
    expect((await h.stripe.invoices.retrieve(draft.id)).status).toBe("draft");

    const later = await mark(h);
    await advanceClock(h, s.clock!.id, s.periodEnd + 3600 + 60);
    const afterHour = await received(h, later);
    expect(ordered(afterHour, ["invoice.finalized", "invoice.paid", "invoice.payment_succeeded", "test_helpers.test_clock.ready"])).toEqual([
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "test_helpers.test_clock.ready",
    ]);
    expect(one(afterHour, "invoice.finalized").data.object).toMatchObject({ id: draft.id, status: "open" });
    expect(one(afterHour, "invoice.paid").data.object).toMatchObject({ id: draft.id, status: "paid", amount_paid: 900 });
    expect(one(afterHour, "invoice.payment_succeeded").data.object.id).toBe(draft.id);
    expect(types(afterHour).filter((t) => t.startsWith("customer.subscription."))).toEqual([]);
    expect((await h.stripe.subscriptions.retrieve(s.sub.id)).status).toBe("active");
  });

  it("with finalizationDelaySeconds 0 the whole renewal runs in one advance, in order", async () => {
    const s = await subscribeViaApi(h, { clock: true });
    const from = await mark(h);
    await advanceClock(h, s.clock!.id, s.periodEnd + 60);
    const events = await received(h, from);
    const named = [
      "customer.subscription.updated",
      "invoice.created",
      "invoice.finalized",
      "invoice.paid",
      "invoice.payment_succeeded",
      "test_helpers.test_clock.ready",
    ];
    expect(ordered(events, named)).toEqual(named);
    expect(one(events, "invoice.created").data.object.billing_reason).toBe("subscription_cycle");
  });
});

// ---------------------------------------------------------------------------------------
// (4) Renewal fails → retries → final outcome — contract §6 (4)
// ---------------------------------------------------------------------------------------

/** An active subscription whose customer and subscription default to pm_card_chargeCustomerFail, renewed once: past_due. */
async function renewIntoPastDue(): Promise<{ s: Subscribed; invoiceId: string; nextAttempt: number; events: Obj[] }> {
  const s = await subscribeViaApi(h, { clock: true });
  const failing = await h.stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: s.customer.id });
  await h.stripe.customers.update(s.customer.id, { invoice_settings: { default_payment_method: failing.id } });
  const switched = await h.stripe.subscriptions.update(s.sub.id, { default_payment_method: failing.id });
  expect(switched.default_payment_method).toBe(failing.id);
  await settle(h);
  const from = await mark(h);

  await advanceClock(h, s.clock!.id, s.periodEnd + 60);
  const events = await received(h, from);
  expect(
    ordered(events, ["customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_failed", "customer.subscription.deleted"]),
  ).toEqual(["customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.payment_failed", "customer.subscription.updated"]);
  const [renewed, pastDue] = only(events, "customer.subscription.updated");
  expect(renewed!.data.previous_attributes).toHaveProperty("items");
  expect(renewed!.data.object.status).toBe("active");
  expect(pastDue!.data.object.status).toBe("past_due");
  expect(pastDue!.data.previous_attributes.status).toBe("active");
  const failed = one(events, "invoice.payment_failed").data.object;
  expect(failed.billing_reason).toBe("subscription_cycle");
  expect(failed.status).toBe("open");
  expect(failed.attempt_count).toBe(1);
  expect(failed.attempted).toBe(true);
  expect(failed.next_payment_attempt).toEqual(expect.any(Number));
  // retryScheduleSeconds[0] = 1 day after the first failure (at the period end).
  expect(Math.abs(failed.next_payment_attempt - (s.periodEnd + DAY))).toBeLessThanOrEqual(3600);
  return { s, invoiceId: failed.id, nextAttempt: failed.next_payment_attempt, events };
}

describe("(4) renewal failure through retries to the final outcome", { timeout: 20_000 }, () => {
  for (const outcome of ["cancel", "unpaid", "past_due", "pause"] as const) {
    it(`finalOutcome ${outcome}`, async () => {
      await resetAll(h, { finalizationDelaySeconds: 0, retryScheduleSeconds: [DAY, 2 * DAY], finalOutcome: outcome });
      const { s, invoiceId, nextAttempt } = await renewIntoPastDue();

      // Retry 1 (attempt 2).
      let from = await mark(h);
      await advanceClock(h, s.clock!.id, nextAttempt + 60);
      const retry = await received(h, from);
      const retryFailed = one(retry, "invoice.payment_failed").data.object;
      expect(retryFailed.id).toBe(invoiceId);
      expect(retryFailed.attempt_count).toBe(2);
      expect(retryFailed.next_payment_attempt).toEqual(expect.any(Number));
      expect(retryFailed.next_payment_attempt).toBeGreaterThan(nextAttempt);
      expect(types(retry).filter((t) => t.startsWith("customer.subscription.") || t === "invoice.paid")).toEqual([]);

      // Retry 2 (attempt 3), the last of the schedule.
      from = await mark(h);
      await advanceClock(h, s.clock!.id, retryFailed.next_payment_attempt + 60);
      const last = await received(h, from);
      const lastFailed = one(last, "invoice.payment_failed").data.object;
      expect(lastFailed.attempt_count).toBe(3);
      expect(lastFailed.next_payment_attempt).toBeNull();
      const subEvents = ["invoice.payment_failed", "customer.subscription.updated", "customer.subscription.deleted", "customer.subscription.paused"];
      const live = await h.stripe.subscriptions.retrieve(s.sub.id);

      if (outcome === "cancel") {
        expect(ordered(last, subEvents)).toEqual(["invoice.payment_failed", "customer.subscription.deleted"]);
        const deleted = one(last, "customer.subscription.deleted").data.object;
        expect(deleted.status).toBe("canceled");
        expect(deleted.cancellation_details?.reason).toBe("payment_failed");
        expect(deleted.ended_at).toEqual(expect.any(Number));
        expect(live.status).toBe("canceled");
      } else if (outcome === "unpaid") {
        expect(ordered(last, subEvents)).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
        const updated = one(last, "customer.subscription.updated").data;
        expect(updated.object.status).toBe("unpaid");
        expect(updated.previous_attributes.status).toBe("past_due");
        expect(live.status).toBe("unpaid");
      } else if (outcome === "past_due") {
        expect(ordered(last, subEvents)).toEqual(["invoice.payment_failed"]);
        expect(live.status).toBe("past_due");
      } else {
        expect(ordered(last, subEvents)).toEqual(["invoice.payment_failed", "customer.subscription.updated", "customer.subscription.paused"]);
        const updated = one(last, "customer.subscription.updated").data;
        expect(updated.object.status).toBe("paused");
        expect(updated.previous_attributes.status).toBe("past_due");
        expect(one(last, "customer.subscription.paused").data.object.status).toBe("paused");
        expect(live.status).toBe("paused");
      }
      if (outcome !== "cancel") {
        const invoice = await h.stripe.invoices.retrieve(invoiceId);
        expect(invoice.attempt_count).toBe(3);
        expect(invoice.next_payment_attempt).toBeNull();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------
// (5) Card updated, then the retry succeeds — contract §6 (5)
// ---------------------------------------------------------------------------------------
describe("(5) card updated then the invoice is paid", { timeout: 15_000 }, () => {
  it("a new default card alone does not pay; invoices.pay does, and the subscription goes past_due → active", async () => {
    await resetAll(h, { finalizationDelaySeconds: 0, retryScheduleSeconds: [DAY, 2 * DAY] });
    const { s, invoiceId } = await renewIntoPastDue();

    let from = await mark(h);
    const visa = await h.stripe.paymentMethods.attach("pm_card_visa", { customer: s.customer.id });
    await h.stripe.subscriptions.update(s.sub.id, { default_payment_method: visa.id });
    await settle(h);
    const afterUpdate = await received(h, from);
    expect(types(afterUpdate).filter((t) => t === "invoice.paid" || t === "invoice.payment_succeeded")).toEqual([]);
    expect((await h.stripe.invoices.retrieve(invoiceId)).status).toBe("open");
    expect((await h.stripe.subscriptions.retrieve(s.sub.id)).status).toBe("past_due");

    from = await mark(h);
    const paid = await h.stripe.invoices.pay(invoiceId);
    expect(paid.status).toBe("paid");
    await settle(h);
    const events = await received(h, from);
    expect(ordered(events, ["invoice.paid", "invoice.payment_succeeded", "customer.subscription.updated"])).toEqual([
      "invoice.paid",
      "invoice.payment_succeeded",
      "customer.subscription.updated",
    ]);
    expect(one(events, "invoice.paid").data.object).toMatchObject({ id: invoiceId, status: "paid", amount_paid: 900 });
    const updated = one(events, "customer.subscription.updated").data;
    expect(updated.object.status).toBe("active");
    expect(updated.previous_attributes.status).toBe("past_due");
    expect((await h.stripe.subscriptions.retrieve(s.sub.id)).status).toBe("active");
  });
});

// ---------------------------------------------------------------------------------------
// (6) Cancel at period end, then resume; cancel_at — contract §6 (7), §1 (empty = unset)
// ---------------------------------------------------------------------------------------
describe("(6) cancel at period end and resume", { timeout: 15_000 }, () => {
  it("cancel_at_period_end true then false, each a customer.subscription.updated", async () => {
    const s = await subscribeViaApi(h);
    let from = await mark(h);
    await h.stripe.subscriptions.update(s.sub.id, { cancel_at_period_end: true });
    await settle(h);
    let events = await received(h, from);
    let updated = one(events, "customer.subscription.updated").data;
    expect(updated.object.cancel_at_period_end).toBe(true);
    expect(updated.object.status).toBe("active");
    expect(updated.previous_attributes.cancel_at_period_end).toBe(false);
    expect(types(events).filter((t) => t !== "customer.subscription.updated")).toEqual([]);

    from = await mark(h);
    await h.stripe.subscriptions.update(s.sub.id, { cancel_at_period_end: false });
    await settle(h);
    events = await received(h, from);
    updated = one(events, "customer.subscription.updated").data;
    expect(updated.object.cancel_at_period_end).toBe(false);
    expect(updated.object.cancel_at).toBeNull();
    expect(updated.object.canceled_at).toBeNull();
    expect(updated.previous_attributes.cancel_at_period_end).toBe(true);
  });

  it("cancel_at set, cleared with an empty value, set again; when it passes: deleted, no renewal invoice", async () => {
    const s = await subscribeViaApi(h, { clock: true });
    let from = await mark(h);
    await h.stripe.subscriptions.update(s.sub.id, { cancel_at: s.periodEnd });
    await settle(h);
    let updated = one(await received(h, from), "customer.subscription.updated").data;
    expect(updated.object.cancel_at).toBe(s.periodEnd);
    expect(updated.object.cancel_at_period_end).toBe(false); // flexible billing mode, §0
    expect(updated.previous_attributes.cancel_at).toBeNull();

    from = await mark(h);
    await h.stripe.subscriptions.update(s.sub.id, { cancel_at: "" });
    await settle(h);
    updated = one(await received(h, from), "customer.subscription.updated").data;
    expect(updated.object.cancel_at).toBeNull();
    expect(updated.previous_attributes.cancel_at).toBe(s.periodEnd);

    await h.stripe.subscriptions.update(s.sub.id, { cancel_at: s.periodEnd });
    await settle(h);
    from = await mark(h);
    await advanceClock(h, s.clock!.id, s.periodEnd + 60);
    const events = await received(h, from);
    const deleted = one(events, "customer.subscription.deleted").data.object;
    expect(deleted.status).toBe("canceled");
    expect(deleted.ended_at).toBe(s.periodEnd);
    expect(deleted.cancellation_details?.reason).toBe("cancellation_requested");
    expect(types(events).filter((t) => t.startsWith("invoice."))).toEqual([]);
    expect((await h.stripe.invoices.list({ subscription: s.sub.id })).data.map((i) => i.billing_reason)).toEqual(["subscription_create"]);
    expect((await h.stripe.subscriptions.retrieve(s.sub.id)).status).toBe("canceled");
  });
});

// ---------------------------------------------------------------------------------------
// (7) Cancel immediately — contract §6 (8), (9)
// ---------------------------------------------------------------------------------------
describe("(7) cancel now", { timeout: 15_000 }, () => {
  it("subscriptions.cancel → customer.subscription.deleted, canceled_at = ended_at, cancellation_requested", async () => {
    const s = await subscribeViaApi(h);
    const from = await mark(h);
    const canceled = await h.stripe.subscriptions.cancel(s.sub.id);
    expect(canceled.status).toBe("canceled");
    await settle(h);
    const events = await received(h, from);
    expect(types(events).filter((t) => t.startsWith("customer.subscription.") || t.startsWith("invoice."))).toEqual(["customer.subscription.deleted"]);
    const deleted = one(events, "customer.subscription.deleted").data.object;
    expect(deleted.id).toBe(s.sub.id);
    expect(deleted.status).toBe("canceled");
    expect(deleted.canceled_at).toEqual(expect.any(Number));
    expect(deleted.ended_at).toBe(deleted.canceled_at);
    expect(Math.abs(deleted.canceled_at - Math.floor(Date.now() / 1000))).toBeLessThan(120);
    expect(deleted.cancellation_details?.reason).toBe("cancellation_requested");
  });
});

// ---------------------------------------------------------------------------------------
// (8) Plan switch with proration — contract §6 (6)
// ---------------------------------------------------------------------------------------
describe("(8) hobby → pro with always_invoice mid-period", { timeout: 15_000 }, () => {
  it("subscription.updated with previous items, a subscription_update invoice with proration lines, paid", async () => {
    const s = await subscribeViaApi(h, { clock: true });
    const switchAt = s.periodStart + Math.round((s.periodEnd - s.periodStart) / 2);
    await advanceClock(h, s.clock!.id, switchAt);
    const from = await mark(h);
    const itemId = s.sub.items.data[0]!.id;
    const switched = await h.stripe.subscriptions.update(s.sub.id, {
      items: [{ id: itemId, price: h.prices.pro }],
      proration_behavior: "always_invoice",
    });
    expect(switched.items.data[0]!.price.id).toBe(h.prices.pro);
    await settle(h);
    const events = await received(h, from);
    const named = ["customer.subscription.updated", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"];
    expect(ordered(events, named)).toEqual(named);

    const updated = one(events, "customer.subscription.updated").data;
    expect(updated.object.items.data[0].price.id).toBe(h.prices.pro);
    expect(updated.previous_attributes.items.data[0].price.id).toBe(h.prices.hobby);

    const invoice = one(events, "invoice.created").data.object;
    expect(invoice.billing_reason).toBe("subscription_update");
    const lines = (await h.stripe.invoices.listLineItems(invoice.id, { limit: 100 })).data as unknown as Obj[];
    const prorations = lines.filter((l) => l.parent?.subscription_item_details?.proration === true);
    expect(prorations.length).toBeGreaterThanOrEqual(2);
    const credit = prorations.filter((l) => l.amount < 0);
    const charge = prorations.filter((l) => l.amount > 0);
    expect(credit).toHaveLength(1);
    expect(charge).toHaveLength(1);
    // About half a month left: roughly -450 for unused hobby, +1450 for the rest on pro.
    expect(credit[0]!.amount).toBeLessThan(-900 * 0.35);
    expect(credit[0]!.amount).toBeGreaterThan(-900 * 0.65);
    expect(credit[0]!.pricing?.price_details?.price).toBe(h.prices.hobby);
    expect(charge[0]!.amount).toBeGreaterThan(2900 * 0.35);
    expect(charge[0]!.amount).toBeLessThan(2900 * 0.65);
    expect(charge[0]!.pricing?.price_details?.price).toBe(h.prices.pro);
    const sum = lines.reduce((acc, l) => acc + (l.amount as number), 0);
    const paid = one(events, "invoice.paid").data.object;
    expect(paid.id).toBe(invoice.id);
    expect(paid.status).toBe("paid");
    expect(paid.total).toBe(sum);
    expect(paid.amount_paid).toBe(sum);
  });
});
