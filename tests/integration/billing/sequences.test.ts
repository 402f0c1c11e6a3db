/**
 * The contract's sequences (../shared/stripe/API.md §6) end to end, with the real SDK
 * against the Stripe stand-in: every webhook goes through /webhooks/stripe, the billing
 * queue and the workspaces' coordinators, and each sequence ends in the right billing
 * state and the right workspace states. Time moves on each customer's own test clock.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../../workers/app";
import { waitFor } from "../support/app-client";
import { lifecycleOf, pumpUntil } from "../support/infra-world";
import { lastCronRun, reasonsOf } from "../support/records";
import {
  advanceTestClock,
  billingOf,
  deliver,
  fatesOf,
  rawEvent,
  paidAccount,
  settled,
  stripe,
  relayPerTest,
  switchCard,
} from "./support/stripe-world";

const DAY_S = 24 * 60 * 60;
const DAY_MS = DAY_S * 1000;

const relay = relayPerTest();

/** Delivers what Stripe emitted and waits for the billing queue. */
async function deliverAll() {
  await relay.flush();
  await settled();
}

describe("renewals", () => {
  it("a renewal that succeeds changes nothing but the period", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Site", region: "eu-west" }], relay);
    const before = await billingOf(a.person.accountId);
    await advanceTestClock(a.clockId, 31 * DAY_S + 2 * 3600);
    await deliverAll();
    const after = await billingOf(a.person.accountId);
    expect(after).toMatchObject({ billing_state: "active", plan_id: "hobby@1", open_invoice_id: null });
    expect(after.current_period_end!).toBeGreaterThan(before.current_period_end!);
    expect(await fatesOf([a.workspaces[0]!.id])).toEqual([{ desired: "running", reason: null, grace: null }]);
  });

  it("a failing renewal: past due (still running), then unpaid (paused, grace set), then a new card pays and it runs again", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Shop", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    // The customer's card is switched to one that is declined (the sync points the subscription at it).
    await switchCard(a.customerId, "pm_card_chargeCustomerFail");
    await deliverAll();
    expect((await stripe.subscriptions.retrieve(a.subscriptionId)).default_payment_method).toBeTruthy();

    await advanceTestClock(a.clockId, 31 * DAY_S + 2 * 3600);
    await deliverAll();
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "past_due", subscription_status: "past_due" });
    expect(await fatesOf([ws!.id])).toEqual([{ desired: "running", reason: null, grace: null }]);
    // The banner while Stripe retries.
    const billing = await (await a.person.client.fetch("/account/billing")).text();
    expect(billing).toContain(
      "Your last payment didn(&#x27;|')t go through. We(&#x27;|')ll try again".replace(/\(.*?\)/g, "&#x27;"),
    );

    // Every retry fails: unpaid.
    await advanceTestClock(a.clockId, 30 * DAY_S);
    await deliverAll();
    const unpaid = await billingOf(a.person.accountId);
    expect(unpaid).toMatchObject({
      billing_state: "ended",
      billing_ended_reason: "payment_failed",
      subscription_status: "unpaid",
    });
    expect(unpaid.open_invoice_id).toMatch(/^in_/);
    const [paused] = await fatesOf([ws!.id]);
    expect(paused).toMatchObject({ desired: "suspended", reason: "payment_failed" });
    expect(paused!.grace!).toBeGreaterThan(Date.now() + 13 * DAY_MS);
    await pumpUntil(ws!.id, "suspended");

    // A card that works: Harbor pays the open invoice at once, and the workspace comes back.
    await switchCard(a.customerId, "pm_card_visa");
    await deliverAll();
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "active", open_invoice_id: null });
    await deliverAll();
    expect(await fatesOf([ws!.id])).toEqual([{ desired: "running", reason: null, grace: null }]);
    await pumpUntil(ws!.id, "ready");
    expect(await reasonsOf(ws!.id)).toEqual(expect.arrayContaining(["payment_failed", "resume_requested"]));
  });
});

describe("cancelling at the end of the period", () => {
  it("renewed before the end: nothing changes; not renewed: paused as plan ended when the period runs out", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Blog", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: true });
    await deliverAll();
    const cancelling = await billingOf(a.person.accountId);
    expect(cancelling).toMatchObject({ billing_state: "cancelling" });
    expect(cancelling.cancel_at).toBe(cancelling.current_period_end);
    expect(await fatesOf([ws!.id])).toEqual([{ desired: "running", reason: null, grace: null }]);

    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: false });
    await deliverAll();
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "active", cancel_at: null });

    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: true });
    await deliverAll();
    await advanceTestClock(a.clockId, 32 * DAY_S);
    await deliverAll();
    expect(await billingOf(a.person.accountId)).toMatchObject({
      billing_state: "ended",
      billing_ended_reason: "plan_ended",
      subscription_status: "canceled",
      plan_id: "hobby@1",
    });
    expect(await fatesOf([ws!.id])).toMatchObject([{ desired: "suspended", reason: "plan_ended" }]);
    // No plan: nothing new can be made, and the workspace's changes are closed.
    const refused = await a.person.client.fetch("/workspaces/new", {
      form: { intent: "create", name: "Another", region: "eu-west", requestId: "0".repeat(26) },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("Your plan has ended. Choose a plan to keep going.");
    const deploy = await a.person.client.fetch(`/workspaces/${ws!.slug}/deployments/new`);
    expect(await deploy.text()).toContain("Your plan has ended, so this workspace is paused.");
    // The way back is Checkout again (no subscription stands).
    expect((await a.person.client.fetch("/account/billing/upgrade?plan=hobby%401")).status).toBe(200);
  });
});

describe("plan changes on our own page", () => {
  it("pro → hobby with 3 workspaces in the EU and the US: the chosen EU one runs, the others pause; replays and the safety net keep the choice; a recovering payment wakes none; upgrading back resumes all", async () => {
    const a = await paidAccount(
      "pro@1",
      [
        { name: "Old EU", region: "eu-west" },
        { name: "US", region: "us-east" },
        { name: "New EU", region: "eu-west" },
      ],
      relay,
    );
    const [oldEu, us, newEu] = a.workspaces;
    const page = await (await a.person.client.fetch("/account/billing/change-plan?plan=hobby%401")).text();
    expect(page).toContain(
      "US would be paused: the plan doesn(&#x27;)t include United States (US).".replace("(&#x27;)", "&#x27;"),
    );
    expect(page).toContain('name="keep"');
    // A US workspace can't be chosen; an unknown id neither.
    for (const bad of [[us!.id], ["ws_nobody"], [oldEu!.id, newEu!.id]]) {
      const res = await a.person.client.fetch("/account/billing/change-plan", {
        body: new URLSearchParams([["intent", "change"], ["plan", "hobby@1"], ...bad.map((id) => ["keep", id])]),
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        method: "POST",
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("Please choose which workspaces to keep");
    }
    expect(await billingOf(a.person.accountId)).toMatchObject({ plan_id: "pro@1" });

    const changed = await a.person.client.fetch("/account/billing/change-plan", {
      form: { intent: "change", plan: "hobby@1", keep: newEu!.id, attempt: "downgrade00001" },
    });
    expect(changed.status).toBe(302);
    expect(await billingOf(a.person.accountId)).toMatchObject({
      plan_id: "hobby@1",
      billing_state: "active",
      kept_workspace_ids: JSON.stringify([newEu!.id]),
    });
    expect(await fatesOf([oldEu!.id, us!.id, newEu!.id])).toMatchObject([
      { desired: "suspended", reason: "downgrade" },
      { desired: "suspended", reason: "downgrade" },
      { desired: "running", reason: null },
    ]);
    const graceBefore = (await fatesOf([oldEu!.id]))[0]!.grace;

    // During the grace the customer swaps which one runs, and back: no grace date moves.
    const swapTo = (id: string) =>
      a.person.client.fetch("/account/billing/change-plan", { form: { intent: "swap", plan: "hobby@1", keep: id } });
    expect((await swapTo(oldEu!.id)).status).toBe(302);
    const swapped = await fatesOf([oldEu!.id, newEu!.id]);
    expect(swapped).toMatchObject([
      { desired: "running", reason: null },
      { desired: "suspended", reason: "downgrade" },
    ]);
    const newEuGrace = swapped[1]!.grace!;
    expect((await swapTo(newEu!.id)).status).toBe(302);
    expect(await fatesOf([oldEu!.id, newEu!.id])).toMatchObject([
      { desired: "suspended", reason: "downgrade", grace: graceBefore },
      { desired: "running", reason: null },
    ]);
    expect((await swapTo(us!.id)).status).toBe(400);
    expect((await swapTo(oldEu!.id)).status).toBe(302);
    expect((await swapTo(newEu!.id)).status).toBe(302);
    expect((await fatesOf([newEu!.id]))[0]!.desired).toBe("running");
    expect(newEuGrace).toBeGreaterThan(Date.now());

    // Every webhook again, twice, shuffled; then the hourly and daily safety nets: the choice stands.
    const events = await relay.flush();
    for (const e of [...events].reverse()) await deliver(await rawEvent(e.id));
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    await worker.scheduled(createScheduledController({ cron: "30 3 * * *", scheduledTime: Date.now() }), env);
    await settled();
    await waitFor(async () => (await lastCronRun("billing-resync")).outcome === "ok");
    expect(await fatesOf([oldEu!.id, us!.id, newEu!.id])).toMatchObject([
      { desired: "suspended", reason: "downgrade", grace: graceBefore },
      { desired: "suspended", reason: "downgrade" },
      { desired: "running", reason: null },
    ]);

    // A payment problem, then recovery: the downgraded ones stay paused (a reason is an output, never an input).
    // (The downgrade credited the unused Pro time: the first renewal is paid from it, the second is charged.)
    await switchCard(a.customerId, "pm_card_chargeCustomerFail");
    await deliverAll();
    await advanceTestClock(a.clockId, 62 * DAY_S + 2 * 3600);
    await deliverAll();
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "past_due" });
    await advanceTestClock(a.clockId, 30 * DAY_S);
    await deliverAll();
    expect(await fatesOf([oldEu!.id, newEu!.id])).toMatchObject([
      { desired: "suspended", reason: "payment_failed", grace: graceBefore },
      { desired: "suspended", reason: "payment_failed" },
    ]);
    await switchCard(a.customerId, "pm_card_visa");
    await deliverAll();
    await deliverAll();
    expect(await fatesOf([oldEu!.id, us!.id, newEu!.id])).toMatchObject([
      { desired: "suspended", reason: "downgrade", grace: graceBefore },
      { desired: "suspended", reason: "downgrade" },
      { desired: "running", reason: null },
    ]);

    // Upgrading back: every workspace runs again.
    const up = await a.person.client.fetch("/account/billing/change-plan", {
      form: { intent: "change", plan: "pro@1", attempt: "upgrade000001" },
    });
    expect(up.status).toBe(302);
    expect(await billingOf(a.person.accountId)).toMatchObject({ plan_id: "pro@1", billing_state: "active" });
    expect(await fatesOf([oldEu!.id, us!.id, newEu!.id])).toEqual([
      { desired: "running", reason: null, grace: null },
      { desired: "running", reason: null, grace: null },
      { desired: "running", reason: null, grace: null },
    ]);
    await Promise.all([oldEu, us].map((w) => pumpUntil(w!.id, "ready")));
    expect((await lifecycleOf(us!.id))?.lifecycle_state).toBe("ready");
  });
});
