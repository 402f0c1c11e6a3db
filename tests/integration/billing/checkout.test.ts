/**
 * Upgrading through Checkout on the Stripe stand-in, with the real SDK: the success page
 * syncs at once; the webhooks that follow change nothing more; a declined first payment
 * grants nothing.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signedIn } from "../support/fixtures";
import { billingOf, CARDS, settled, stripe, relayPerTest, upgradeThroughCheckout } from "./support/stripe-world";

const relay = relayPerTest();

describe("Checkout", () => {
  it("a trial account pays with 4242: on Pro at once from the success page, and the trial ends", async () => {
    const person = await signedIn();
    const before = await billingOf(person.accountId);
    expect(before).toMatchObject({ billing_state: "trial", plan_id: "trial@1", stripe_customer_id: null });

    const { welcome } = await upgradeThroughCheckout(person, "pro@1");
    expect(welcome?.status).toBe(200);
    expect(await welcome!.text()).toMatch(/data-testid="welcome-plan">You(&#x27;|')re on the Pro plan/);
    const after = await billingOf(person.accountId);
    expect(after).toMatchObject({ billing_state: "active", plan_id: "pro@1", subscription_status: "active", card_last4: "4242" });
    expect(after.trial_ends_at!).toBeLessThanOrEqual(Date.now());

    // The webhooks that follow (any order) change nothing more.
    await relay.flush((events) => [...events].reverse());
    await settled();
    expect(await billingOf(person.accountId)).toMatchObject({ billing_state: "active", plan_id: "pro@1" });
    const customer = await stripe.customers.retrieve(after.stripe_customer_id!);
    expect(customer).toMatchObject({ metadata: { harbor_account_id: person.accountId } });
  });

  it("a declined first payment grants nothing: still on the trial, no subscription", async () => {
    const person = await signedIn();
    const { paid } = await upgradeThroughCheckout(person, "pro@1", CARDS.insufficientFunds);
    expect(paid.status).toBe(402);
    await relay.flush();
    await settled();
    expect(await billingOf(person.accountId)).toMatchObject({
      billing_state: "trial",
      plan_id: "trial@1",
      stripe_subscription_id: null,
    });
  });

  it("two tabs upgrading at once make one customer, and an open Checkout is reused", async () => {
    const person = await signedIn();
    const post = () => person.client.fetch("/account/billing/upgrade", { form: { plan: "hobby@1" } });
    const [one, two] = await Promise.all([post(), post()]);
    expect([one.status, two.status]).toEqual([302, 302]);
    expect(two.headers.get("location")).toBe(one.headers.get("location"));
    const customers = await stripe.customers.search({ query: `metadata['harbor_account_id']:'${person.accountId}'` });
    expect(customers.data).toHaveLength(1);
    const sessions = await stripe.checkout.sessions.list({ customer: customers.data[0]!.id });
    expect(sessions.data).toHaveLength(1);
    // Later, the same open session again.
    expect((await post()).headers.get("location")).toBe(one.headers.get("location"));
  });

  it("with a plan standing, the upgrade page sends the customer to Change plan", async () => {
    const person = await signedIn();
    await upgradeThroughCheckout(person, "hobby@1");
    const res = await person.client.fetch("/account/billing/upgrade?plan=pro%401");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/account/billing/change-plan");
  });
});

describe("the Customer Portal", () => {
  it("opens a fresh session each time, and still opens when Stripe no longer has Harbor's configuration", async () => {
    const person = await signedIn();
    expect((await person.client.fetch("/account/billing/portal", { form: {} })).headers.get("location")).toBe(
      "/account/billing?notice=no-customer",
    );
    await upgradeThroughCheckout(person, "hobby@1");
    const first = await person.client.fetch("/account/billing/portal", { form: {} });
    const second = await person.client.fetch("/account/billing/portal", { form: { flow: "card" } });
    expect(first.headers.get("location")).toMatch(/\/p\/session\/bps_/);
    expect(second.headers.get("location")).toMatch(/\/p\/session\/bps_/);
    expect(second.headers.get("location")).not.toBe(first.headers.get("location"));
    const configuration = await stripe.billingPortal.configurations.list({ limit: 10 });
    const ours = configuration.data.find((c) => c.metadata?.harbor === "v1")!;
    expect(ours.features.subscription_update.enabled).toBe(false);

    await env.DB.prepare(
      "UPDATE billing_settings SET value = 'bpc_gone00000000000000' WHERE name = 'portal-configuration/v1'",
    ).run();
    const again = await person.client.fetch("/account/billing/portal", { form: {} });
    expect(again.headers.get("location")).toMatch(/\/p\/session\/bps_/);
  });
});
