/**
 * /webhooks/stripe under unfriendly delivery: forged, stale and tampered bodies are refused
 * with nothing written; the same event five times at once has one effect; a whole sequence
 * in shuffled order with duplicates ends where it should; a webhook that never arrives is
 * repaired by the hourly pass over Stripe's events.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../workers/app";
import { waitFor } from "../support/app-client";
import { signedIn } from "../support/fixtures";
import { shuffle } from "../support/infra-world";
import { reasonsOf } from "../support/records";
import {
  billingOf,
  deliver,
  fatesOf,
  paidAccount,
  payCheckout,
  rawEvent,
  settled,
  signatureFor,
  standInEvents,
  stripe,
  relayPerTest,
} from "./support/stripe-world";

const relay = relayPerTest();

/** Waits until no sync has touched the account for 1.5 s (messages queued earlier have run). */
async function billingQueueIdle(accountId: string) {
  const syncedAt = async () =>
    (await env.DB.prepare("SELECT billing_synced_at AS t FROM accounts WHERE id = ?").bind(accountId).first<{ t: number }>())!.t;
  let last = await syncedAt();
  await waitFor(async () => {
    await new Promise((r) => setTimeout(r, 1500));
    const now = await syncedAt();
    const idle = now === last;
    last = now;
    return idle;
  }, 12_000);
}

async function webhookRows(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM stripe_webhook_events").first<{ n: number }>())!.n;
}

describe("refused deliveries write nothing", () => {
  it("a missing, forged or stale signature, or a tampered body: 400 and no row", async () => {
    await stripe.customers.create({ email: "forger@example.com" });
    const [event] = (await standInEvents()).slice(-1);
    const payload = await rawEvent(event!.id);
    const before = await webhookRows();
    const good = await signatureFor(payload);
    const cases: [string, string, string | null][] = [
      ["no signature", payload, null],
      ["signed with another secret", payload, await signatureFor(payload, undefined, "whsec_someone_else")],
      ["signed ten minutes ago", payload, await signatureFor(payload, Math.floor(Date.now() / 1000) - 600)],
      ["body changed after signing", payload.replace(/"livemode":\s*false/, '"livemode":true'), good],
      ["garbage header", payload, "t=abc,v1=nothex"],
      ["not JSON", "{not json", await signatureFor("{not json")],
    ];
    for (const [why, body, signature] of cases) {
      const res = await deliver(body, signature);
      expect(res.status, why).toBe(400);
      expect(await res.text(), why).not.toMatch(/stack|at \w+ \(|Error:/);
    }
    expect(await webhookRows()).toBe(before);
    // And the method: only POST.
    expect((await new (await import("../support/app-client")).AppClient().fetch("/webhooks/stripe")).status).toBe(405);
  });
});

describe("duplicates, order and loss", () => {
  it("the same cancellation delivered 5 times at once: one row, one pause on the timeline", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Once", region: "eu-west" }], relay);
    await stripe.subscriptions.cancel(a.subscriptionId);
    const [deleted] = (await relay.take()).filter((e) => e.type === "customer.subscription.deleted");
    const payload = await rawEvent(deleted!.id);
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(payload)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    await settled();
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM stripe_webhook_events WHERE event_id = ?")
      .bind(deleted!.id)
      .first<{ n: number }>();
    expect(rows!.n).toBe(1);
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "ended", billing_ended_reason: "plan_ended" });
    expect((await reasonsOf(a.workspaces[0]!.id)).filter((r) => r === "plan_ended")).toHaveLength(1);
    // Once processed, another delivery is answered and does nothing.
    expect((await deliver(payload)).status).toBe(200);
  });

  it("a whole Checkout sequence in shuffled order with duplicates, the success page never visited: active on the plan", async () => {
    const person = await signedIn();
    const started = await person.client.fetch("/account/billing/upgrade", { form: { plan: "pro@1" } });
    const paid = await payCheckout(started.headers.get("location")!);
    expect(paid.status).toBe(303);
    const events = await relay.take();
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["customer.subscription.created", "checkout.session.completed", "invoice.paid"]),
    );
    const deliveries = shuffle([...events, ...shuffle(events).slice(0, Math.ceil(events.length / 2))]);
    for (let i = 0; i < deliveries.length; i += 4) {
      await Promise.all(
        deliveries.slice(i, i + 4).map(async (e) => expect((await deliver(await rawEvent(e.id))).status).toBe(200)),
      );
    }
    await settled();
    expect(await billingOf(person.accountId)).toMatchObject({
      billing_state: "active",
      plan_id: "pro@1",
      subscription_status: "active",
    });
  });

  it("a webhook that never arrives: the hourly pass over Stripe's events repairs it", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Lost", region: "eu-west" }], relay);
    await billingQueueIdle(a.person.accountId);
    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: true });
    // Stripe's deliveries of these events are lost: nothing reaches Harbor.
    const lost = await relay.take();
    expect(lost.length).toBeGreaterThan(0);
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "active" });

    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    await waitFor(async () => (await billingOf(a.person.accountId)).billing_state === "cancelling");
    await settled();
    const processed = await env.DB.prepare(
      `SELECT count(*) AS n FROM stripe_webhook_events WHERE processed_at IS NOT NULL AND event_id IN (${lost.map(() => "?").join(",")})`,
    )
      .bind(...lost.map((e) => e.id))
      .first<{ n: number }>();
    expect(processed!.n).toBe(lost.length);
    expect(await fatesOf([a.workspaces[0]!.id])).toMatchObject([{ desired: "running" }]);
  });
});
