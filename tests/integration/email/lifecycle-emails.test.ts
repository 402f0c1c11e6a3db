/**
 * Lifecycle emails from their real causes: billing sequences through the Stripe stand-in
 * (a first subscription, a failed renewal and its fix, cancelling and changing one's mind,
 * a plan changed outside Harbor) and a workspace's own trouble through the infra stand-in
 * and its coordinator — each once, however often the news is delivered.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../../server/bindings/services";
import { runEmailSweep } from "../../../workers/jobs/email-sweep";
import { AppClient } from "../support/app-client";
import { infraControl, lifecycleOf, pumpUntil } from "../support/infra-world";
import {
  advanceTestClock,
  deliver,
  paidAccount,
  rawEvent,
  relayPerTest,
  settled,
  stripe,
  switchCard,
} from "../billing/support/stripe-world";
import { emailsSettled, inboxForRow, outboxOf, resendControl } from "./support/resend-world";

const DAY_S = 24 * 60 * 60;
const control = new AppClient();
const relay = relayPerTest();
const services = () => createServices(env, { traceId: "7c2e0d1f8a9b4c3d2e1f0a9b8c7d6e5f" });

beforeAll(async () => {
  await resendControl("settings", { webhookRetryScheduleMs: [] });
});
afterEach(async () => {
  await control.fetch("/__test/clock", { json: { reset: true } });
});

/** Delivers what Stripe emitted (twice over, shuffled: duplicates must not matter) and waits for the emails. */
async function deliverTwiceAndSettle(accountId: string) {
  const events = await relay.take();
  for (const event of [...events, ...[...events].reverse()]) {
    const res = await deliver(await rawEvent(event.id));
    if (res.status !== 200) throw new Error(`webhook ${res.status}`);
  }
  await settled();
  return emailsSettled(accountId);
}

const kinds = (rows: { kind: string; status: string }[]) =>
  rows.filter((r) => r.kind !== "welcome").map((r) => `${r.kind}:${r.status}`);

describe("billing emails", () => {
  it("a renewal that fails: one email per attempt, then 'running again' once the card is fixed", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Bakery shop", region: "eu-west" }], relay);
    let rows = await emailsSettled(a.person.accountId);
    expect(kinds(rows)).toEqual(["subscription-started:sent"]);

    await switchCard(a.customerId, "pm_card_chargeCustomerFail");
    await relay.flush();
    await settled();
    await advanceTestClock(a.clockId, 31 * DAY_S + 2 * 3600);
    rows = await deliverTwiceAndSettle(a.person.accountId);
    const failed = rows.filter((r) => r.kind === "payment-failed");
    expect(failed.map((r) => [r.dedupe_key.endsWith("/1"), r.status])).toEqual([[true, "sent"]]);
    const [mail] = await inboxForRow(failed[0]!.id);
    expect(mail!.text).toContain("Bakery shop");
    expect(mail!.html).toContain(`${env.APP_URL}/account/billing/portal?flow=card`);

    // The customer fixes the card: the open invoice is paid at once, and they hear it once.
    await switchCard(a.customerId, "pm_card_visa");
    rows = await deliverTwiceAndSettle(a.person.accountId);
    expect(rows.filter((r) => r.kind === "payment-received").map((r) => r.status)).toEqual(["sent"]);
    expect(await inboxForRow(rows.find((r) => r.kind === "payment-received")!.id)).toHaveLength(1);
  });

  it("cancelling and changing one's mind, then a plan changed outside Harbor that asks which workspaces to keep", async () => {
    const a = await paidAccount(
      "pro@1",
      [
        { name: "First", region: "eu-west" },
        { name: "Second", region: "eu-west" },
      ],
      relay,
    );
    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: true });
    let rows = await deliverTwiceAndSettle(a.person.accountId);
    expect(kinds(rows)).toEqual(["subscription-started:sent", "cancellation-scheduled:sent"]);
    await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: false });
    rows = await deliverTwiceAndSettle(a.person.accountId);
    expect(kinds(rows).slice(2)).toEqual(["cancellation-reverted:sent"]);

    // Someone moves the subscription to Hobby at Stripe (not Harbor's Change plan page).
    const sub = await stripe.subscriptions.retrieve(a.subscriptionId);
    const hobby = (await stripe.prices.list({ lookup_keys: ["price_hobby_01"] })).data[0]!;
    await stripe.subscriptions.update(a.subscriptionId, {
      items: [{ id: sub.items.data[0]!.id, price: hobby.id }],
      proration_behavior: "none",
    });
    rows = await deliverTwiceAndSettle(a.person.accountId);
    const downgraded = rows.filter((r) => r.kind === "plan-downgraded");
    expect(downgraded.map((r) => r.status)).toEqual(["sent"]);
    const [mail] = await inboxForRow(downgraded[0]!.id);
    expect(mail!.html).toContain(`${env.APP_URL}/account/billing/change-plan?plan=current`);

    // And back to Pro: "you're now on Pro", once.
    const pro = (await stripe.prices.list({ lookup_keys: ["price_pro_01"] })).data[0]!;
    const now = await stripe.subscriptions.retrieve(a.subscriptionId);
    await stripe.subscriptions.update(a.subscriptionId, {
      items: [{ id: now.items.data[0]!.id, price: pro.id }],
      proration_behavior: "none",
    });
    rows = await deliverTwiceAndSettle(a.person.accountId);
    expect(rows.filter((r) => r.kind === "plan-upgraded").map((r) => r.status)).toEqual(["sent"]);
  });
});

describe("a workspace's own trouble", () => {
  it("written about after 10 minutes of trouble (not before), and 'back to normal' only to those told", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Wobbly", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    const resourceId = (await lifecycleOf(ws!.id))!.infra_resource_id!;
    await infraControl(`instances/${resourceId}/crash`, {});
    await pumpUntil(ws!.id, "failed");
    const [trouble] = await outboxOf(a.person.accountId, "workspace-trouble");
    expect(trouble).toMatchObject({ status: "pending", workspace_id: ws!.id });
    // Five minutes in: the sweep leaves it waiting.
    await control.fetch("/__test/clock", { json: { advanceMs: 5 * 60_000 } });
    await runEmailSweep(services());
    expect((await outboxOf(a.person.accountId, "workspace-trouble"))[0]!.status).toBe("pending");
    // Eleven minutes in, still in trouble: sent.
    await control.fetch("/__test/clock", { json: { advanceMs: 6 * 60_000 } });
    expect(await runEmailSweep(services())).toMatchObject({ queued: 1 });
    await emailsSettled(a.person.accountId);
    expect((await outboxOf(a.person.accountId, "workspace-trouble"))[0]!.status).toBe("sent");

    // It recovers: the customer hears it, once.
    await infraControl(`instances/${resourceId}/emit`, { state: "running" });
    await pumpUntil(ws!.id, "ready");
    await emailsSettled(a.person.accountId);
    expect((await outboxOf(a.person.accountId, "workspace-recovered")).map((r) => r.status)).toEqual(["sent"]);

    // A second, short wobble: recovered within minutes, so neither email goes.
    await infraControl(`instances/${resourceId}/crash`, {});
    await pumpUntil(ws!.id, "failed");
    await infraControl(`instances/${resourceId}/emit`, { state: "running" });
    await pumpUntil(ws!.id, "ready");
    await control.fetch("/__test/clock", { json: { advanceMs: 11 * 60_000 } });
    await runEmailSweep(services());
    await emailsSettled(a.person.accountId);
    const all = await outboxOf(a.person.accountId);
    expect(all.filter((r) => r.kind === "workspace-trouble").map((r) => `${r.status}:${r.detail}`)).toEqual([
      "sent:null",
      "skipped:no_longer_in_trouble",
    ]);
    expect(all.filter((r) => r.kind === "workspace-recovered").map((r) => `${r.status}:${r.detail ?? ""}`)).toEqual([
      "sent:",
      "skipped:already_told",
    ]);
  });
});
