/**
 * The Stripe stand-in keeps its state in a folder across restarts, and
 * `POST /__control/reset` brings it back to the seed (emulators/stripe/README.md).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterEach, describe, expect, it } from "vitest";
import { startStripeStandIn } from "../../../../emulators/stripe/stripe-server.ts";
import { SECRET_KEY } from "./support/sequence-harness.ts";

let dir: string | undefined;
const running: { close(): Promise<void> }[] = [];

afterEach(async () => {
  for (const s of running.splice(0)) await s.close().catch(() => undefined);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(stateDir: string) {
  const standIn = await startStripeStandIn({ port: 0, stateDir, secretKey: SECRET_KEY, webhooks: [] });
  running.push(standIn);
  const stripe = new Stripe(SECRET_KEY, { host: "localhost", port: standIn.port, protocol: "http", maxNetworkRetries: 0 });
  return { standIn, stripe, base: `http://localhost:${standIn.port}` };
}

describe("persistence", { timeout: 15_000 }, () => {
  it("keeps customers, subscriptions and events across a restart; reset clears them but keeps the seeded prices", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "stripe-standin-"));
    const first = await start(dir);
    const hobby = (await first.stripe.prices.list({ lookup_keys: ["price_hobby_01"] })).data[0]!;
    const customer = await first.stripe.customers.create({ email: "persist@example.test", metadata: { harbor_account_id: "acc_persist" } });
    const pm = await first.stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const sub = await first.stripe.subscriptions.create({ customer: customer.id, items: [{ price: hobby.id }], default_payment_method: pm.id });
    const eventIds = (await first.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    expect(eventIds.length).toBeGreaterThan(0);
    await first.standIn.close();
    running.splice(running.indexOf(first.standIn), 1);

    const second = await start(dir);
    const c = await second.stripe.customers.retrieve(customer.id);
    expect(c).toMatchObject({ id: customer.id, email: "persist@example.test", metadata: { harbor_account_id: "acc_persist" } });
    const s = await second.stripe.subscriptions.retrieve(sub.id);
    expect(s).toMatchObject({ id: sub.id, customer: customer.id, status: "active" });
    expect(s.items.data[0]!.price.id).toBe(hobby.id);
    expect(s.items.data[0]!.current_period_end).toBe(sub.items.data[0]!.current_period_end);
    const listed = (await second.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    expect(listed).toEqual(expect.arrayContaining(eventIds));
    expect((await second.stripe.events.retrieve(eventIds[0]!)).id).toBe(eventIds[0]);

    const reset = await fetch(`${second.base}/__control/reset`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(reset.ok).toBe(true);
    await expect(second.stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    await expect(second.stripe.subscriptions.retrieve(sub.id)).rejects.toMatchObject({ statusCode: 404, code: "resource_missing" });
    const remaining = (await second.stripe.events.list({ limit: 100 })).data.map((e) => e.id);
    expect(remaining.filter((id) => eventIds.includes(id))).toEqual([]);
    const prices = await second.stripe.prices.list({ lookup_keys: ["price_hobby_01", "price_pro_01"] });
    expect(prices.data.map((p) => [p.lookup_key, p.unit_amount, p.currency, p.recurring?.interval]).sort()).toEqual([
      ["price_hobby_01", 900, "eur", "month"],
      ["price_pro_01", 2900, "eur", "month"],
    ]);
  });
});
