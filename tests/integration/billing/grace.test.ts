/**
 * One grace per pause: 14 days from the first pause of an episode, then — only with the
 * switch on — the hourly sweep deletes the workspace through its coordinator (its server
 * destroyed, the row kept as deleted, a timeline entry), and cancels the subscription once
 * nothing is left to bring back. With the switch off (as shipped) it only counts them.
 */
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { createServices } from "../../../server/bindings/services";
import { runGraceSweep } from "../../../workers/jobs/grace-sweep";
import { AppClient, waitFor } from "../support/app-client";
import { emailsSettled, outboxOf } from "../email/support/resend-world";
import { infraClient, lifecycleOf, pumpUntil } from "../support/infra-world";
import { reasonsOf } from "../support/records";
import {
  advanceTestClock,
  billingOf,
  fatesOf,
  paidAccount,
  type PaidAccount,
  settled,
  stripe,
  relayPerTest,
  switchCard,
  upgradeThroughCheckout,
} from "./support/stripe-world";

const DAY_S = 24 * 60 * 60;
const DAY_MS = DAY_S * 1000;
const control = new AppClient();

const relay = relayPerTest();
afterEach(async () => {
  await control.fetch("/__test/clock", { json: { reset: true } });
});

/** The deletion warnings in the outbox for one workspace, oldest first (once sent). */
async function warningsOf(workspaceId: string) {
  const rows = await env.DB.prepare(
    "SELECT account_id FROM email_outbox WHERE workspace_id = ? AND kind = 'deletion-warning' LIMIT 1",
  )
    .bind(workspaceId)
    .first<{ account_id: string }>();
  if (!rows) return [];
  await emailsSettled(rows.account_id);
  return (await outboxOf(rows.account_id, "deletion-warning")).filter((r) => r.workspace_id === workspaceId);
}

/** The customer cancels at the period's end, and the period ends: the plan has ended. */
async function cancelledAndEnded(a: PaidAccount) {
  await stripe.subscriptions.update(a.subscriptionId, { cancel_at_period_end: true });
  await relay.flush();
  await settled();
  await advanceTestClock(a.clockId, 32 * DAY_S);
  await relay.flush();
  await settled();
}

const sweep = (termination: "on" | "off") =>
  runGraceSweep(
    createServices({ ...env, BILLING_TERMINATION: termination } as Env, { traceId: "0cf7651916cd43dd8448eb211c80319c" }),
  );

describe("grace and termination", () => {
  it("an unpaid account's workspace: kept 14 days, then deleted with the switch on, and the subscription cancelled", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Kept a while", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    const resourceId = (await lifecycleOf(ws!.id))!.infra_resource_id!;
    await switchCard(a.customerId, "pm_card_chargeCustomerFail");
    await relay.flush();
    await settled();
    await advanceTestClock(a.clockId, 31 * DAY_S + 2 * 3600);
    await relay.flush();
    await settled();
    await advanceTestClock(a.clockId, 30 * DAY_S);
    await relay.flush();
    await settled();
    const [paused] = await fatesOf([ws!.id]);
    expect(paused).toMatchObject({ desired: "suspended", reason: "payment_failed" });
    await pumpUntil(ws!.id, "suspended");

    // The page says why, what still works, and until when the data is kept.
    const page = await (await a.person.client.fetch(`/workspaces/${ws!.slug}`)).text();
    expect(page).toContain("We couldn(&#x27;)t take your last payment".replace("(&#x27;)", "&#x27;"));
    expect(page).toMatch(/Its data is kept until \d{1,2} \w+ \d{4}/);

    // Not yet near: nothing happens, even with the switch on.
    expect(await sweep("on")).toMatchObject({ due: 0, terminated: 0, warned: 0 });
    // The warnings, each once, at 7, 3 and 1 days before (the app's clock, sweeps run twice).
    const grace = (await fatesOf([ws!.id]))[0]!.grace!;
    for (const days of [7, 3, 1]) {
      await control.fetch("/__test/clock", { json: { setTo: new Date(grace - days * DAY_MS + 60_000).toISOString() } });
      expect(await sweep("on")).toMatchObject({ warned: 1, terminated: 0 });
      expect(await sweep("on")).toMatchObject({ warned: 0, terminated: 0 });
    }
    expect((await warningsOf(ws!.id)).map((w) => w.dedupe_key.slice(-2))).toEqual(["7d", "3d", "1d"]);
    // Grace over: with the switch off it only counts.
    await control.fetch("/__test/clock", { json: { advanceMs: DAY_MS } });
    expect(await sweep("off")).toMatchObject({ due: 1, terminated: 0, enabled: false });
    expect((await lifecycleOf(ws!.id))?.desired_state).toBe("suspended");

    expect(await sweep("on")).toMatchObject({ due: 1, terminated: 1, enabled: true, subscriptionsCancelled: 1 });
    await pumpUntil(ws!.id, "deleted");
    const row = (await lifecycleOf(ws!.id))!;
    expect(row).toMatchObject({ lifecycle_state: "deleted", desired_state: "deleted" });
    expect(row.deleted_at).not.toBeNull();
    expect(await reasonsOf(ws!.id)).toContain("grace_ended");
    const instance = await infraClient().get(resourceId);
    expect(instance === null || instance.state === "deleted" || instance.state === "destroyed").toBe(true);
    expect((await stripe.subscriptions.retrieve(a.subscriptionId)).status).toBe("canceled");
    await relay.flush();
    await settled();
    expect(await billingOf(a.person.accountId)).toMatchObject({ billing_state: "ended" });
    // A second sweep finds nothing more.
    expect(await sweep("on")).toMatchObject({ due: 0, terminated: 0 });
  });

  it("a workspace that reaches its last day without warnings gets its grace moved a day on, and the last warning, before it is deleted", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Late notice", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    await cancelledAndEnded(a);
    await pumpUntil(ws!.id, "suspended");
    const grace = (await fatesOf([ws!.id]))[0]!.grace!;
    // No sweep ran for 13 and a half days (as for a workspace paused before the warnings existed).
    await control.fetch("/__test/clock", { json: { setTo: new Date(grace - DAY_MS / 2).toISOString() } });
    expect(await sweep("on")).toMatchObject({ extended: 1, warned: 1, terminated: 0 });
    const moved = (await fatesOf([ws!.id]))[0]!.grace!;
    expect(moved).toBeGreaterThan(grace);
    expect((await warningsOf(ws!.id)).map((w) => [w.dedupe_key.endsWith(`/${moved}/1d`), w.status])).toEqual([[true, "sent"]]);
    // At the old date: still kept.
    await control.fetch("/__test/clock", { json: { advanceMs: DAY_MS / 2 + 60_000 } });
    expect(await sweep("on")).toMatchObject({ terminated: 0 });
    expect((await lifecycleOf(ws!.id))?.desired_state).toBe("suspended");
    // At the new one, a day after its warning: deleted, and told.
    await control.fetch("/__test/clock", { json: { advanceMs: DAY_MS / 2 } });
    expect(await sweep("on")).toMatchObject({ terminated: 1 });
    await pumpUntil(ws!.id, "deleted");
    const deleted = await waitFor(async () =>
      (await outboxOf(a.person.accountId, "workspace-deleted")).find((r) => r.status === "sent"),
    ).catch(async (e) => {
      throw new Error(JSON.stringify(await outboxOf(a.person.accountId)), { cause: e });
    });
    expect(deleted.workspace_id).toBe(ws!.id);
  });

  it("coming back before the grace runs out: Checkout again shows what comes back, it runs again, and nothing is deleted later", async () => {
    const a = await paidAccount("hobby@1", [{ name: "Back in time", region: "eu-west" }], relay);
    const [ws] = a.workspaces;
    await cancelledAndEnded(a);
    const [first] = await fatesOf([ws!.id]);
    expect(first).toMatchObject({ desired: "suspended", reason: "plan_ended" });
    expect(first!.grace! - Date.now()).toBeGreaterThan(13.9 * DAY_MS);

    // Before paying: which paused workspaces the plan brings back.
    const confirm = await (await a.person.client.fetch("/account/billing/upgrade?plan=hobby%401")).text();
    expect(confirm).toMatch(/data-testid="brings-back"[\s\S]*Back in time/);
    const { welcome, paid } = await upgradeThroughCheckout(a.person, "hobby@1");
    expect(
      paid.status,
      paid.html
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 600),
    ).toBe(303);
    expect(welcome?.status).toBe(200);
    expect(await fatesOf([ws!.id])).toEqual([{ desired: "running", reason: null, grace: null }]);

    await control.fetch("/__test/clock", { json: { advanceMs: 15 * DAY_MS } });
    expect(await sweep("on")).toMatchObject({ due: 0, terminated: 0 });
    expect((await lifecycleOf(ws!.id))?.deleted_at).toBeNull();
  });
});
