/**
 * The email pipeline end to end, inside workerd against the Resend stand-in: each email is
 * written by its real cause (the account's creation, the hourly reminders with the clock
 * moved), sent once through the queue and the Resend SDK, retried on 429, skipped when its
 * condition stopped holding, and followed by Resend's delivery webhooks.
 */
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../../workers/app";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../../server/bindings/services";
import { sendOutboxEmail } from "../../../server/email/send-email";
import { runEmailReminders } from "../../../workers/jobs/email-reminders";
import { runEmailSweep } from "../../../workers/jobs/email-sweep";
import { AppClient } from "../support/app-client";
import { setPlan, signedIn } from "../support/fixtures";
import { emailsSettled, inboxOf, outboxOf, ResendRelay, resendControl, uniqueAddress } from "./support/resend-world";

const DAY_MS = 24 * 60 * 60 * 1000;
const control = new AppClient();
const services = () => createServices(env, { traceId: "5b1e0c2f9d8a4e6b8c7d6e5f4a3b2c1d" });

beforeAll(async () => {
  // The stand-in cannot reach the Worker under test: its deliveries are relayed, never retried.
  await resendControl("settings", { webhookRetryScheduleMs: [] });
});
afterEach(async () => {
  await control.fetch("/__test/clock", { json: { reset: true } });
  await resendControl("faults", { failNext: 0, failStatus: 500 });
});

describe("the email pipeline", () => {
  it("a new account's welcome email: written with the account, sent once, with the trial's end and one button", async () => {
    const person = await signedIn({ name: "Ada Welcome", email: uniqueAddress() });
    const [row] = await emailsSettled(person.accountId);
    expect(row).toMatchObject({ kind: "welcome", dedupe_key: `welcome/${person.accountId}`, status: "sent" });
    const inbox = await inboxOf(person.email);
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.subject).toMatch(/Harbor/);
    expect(inbox[0]!.text).toContain(`${env.APP_URL}/workspaces/new`);
    expect(inbox[0]!.html).toContain(`${env.APP_URL}/workspaces/new`);
    // Sending the row again (a duplicated queue message) sends nothing more.
    expect(await sendOutboxEmail(services(), row!.id)).toMatchObject({ kind: "done", status: "already_done" });
    expect(await runEmailSweep(services())).toMatchObject({ queued: 0 });
    expect(await inboxOf(person.email)).toHaveLength(1);
  });

  it("the trial reminder: due 3 days before the end, written once however often the sweep runs, then the 1-day one", async () => {
    const person = await signedIn({ email: uniqueAddress() });
    await emailsSettled(person.accountId);
    await control.fetch("/__test/clock", { json: { advanceMs: 11 * DAY_MS + 60_000 } });
    const first = await runEmailReminders(services());
    const again = await runEmailReminders(services());
    expect(first.written).toBeGreaterThanOrEqual(1);
    expect(again.written).toBe(0);
    let rows = (await emailsSettled(person.accountId)).filter((r) => r.kind === "trial-ending");
    expect(rows.map((r) => [r.dedupe_key.endsWith("/3d"), r.status])).toEqual([[true, "sent"]]);
    const reminder = (await inboxOf(person.email)).filter((m) => /ends/i.test(m.subject));
    expect(reminder).toHaveLength(1);

    await control.fetch("/__test/clock", { json: { advanceMs: 2 * DAY_MS + 60_000 } });
    await runEmailReminders(services());
    await runEmailReminders(services());
    rows = (await emailsSettled(person.accountId)).filter((r) => r.kind === "trial-ending");
    expect(rows.map((r) => r.dedupe_key.slice(-2))).toEqual(["3d", "1d"]);
  });

  it("the trial's end: one 'trial ended' email once the hourly jobs have paused its workspaces, however often they run", async () => {
    const person = await signedIn({ email: uniqueAddress() });
    await emailsSettled(person.accountId);
    await control.fetch("/__test/clock", { json: { advanceMs: 14 * DAY_MS + 60_000 } });
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    await worker.scheduled(createScheduledController({ cron: "0 * * * *", scheduledTime: Date.now() }), env);
    const ended = (await emailsSettled(person.accountId)).filter((r) => r.kind === "trial-ended");
    expect(ended.map((r) => r.status)).toEqual(["sent"]);
    expect((await inboxOf(person.email)).filter((m) => m.subject === ended[0]!.subject)).toHaveLength(1);
  });

  it("a reminder whose condition stopped holding (the customer chose a plan) is skipped, and the skip recorded", async () => {
    const person = await signedIn({ email: uniqueAddress() });
    await emailsSettled(person.accountId);
    await control.fetch("/__test/clock", { json: { advanceMs: 12 * DAY_MS } });
    // Written while still on the trial, but the email queue has not reached it yet.
    await resendControl("faults", { failNext: 1, failStatus: 503 });
    await runEmailReminders(services());
    await setPlan(person.email, "pro@1", { trialEndsAt: null });
    const [row] = (await emailsSettled(person.accountId)).filter((r) => r.kind === "trial-ending");
    expect(row).toMatchObject({ status: "skipped", detail: "trial_no_longer_ending" });
    expect((await inboxOf(person.email)).filter((m) => /ends/i.test(m.subject))).toHaveLength(0);
  });

  it("Resend answering 429 first: retried after its retry-after, sent once with the same key", async () => {
    await resendControl("faults", { failNext: 1, failStatus: 429 });
    const person = await signedIn({ email: uniqueAddress() });
    const [row] = await emailsSettled(person.accountId, 20_000);
    expect(row).toMatchObject({ kind: "welcome", status: "sent", attempts: 1 });
    expect(await inboxOf(person.email)).toHaveLength(1);
  });

  it("two consumers sending one row at once: one email reaches the inbox", async () => {
    const person = await signedIn({ email: uniqueAddress() });
    // The welcome row, taken before the queue does (the stand-in holds its first answer).
    const [row] = await outboxOf(person.accountId);
    await Promise.all([
      sendOutboxEmail(services(), row!.id),
      sendOutboxEmail(services(), row!.id),
      sendOutboxEmail(services(), row!.id),
    ]);
    await emailsSettled(person.accountId);
    expect(await inboxOf(person.email)).toHaveLength(1);
  });

  it("delivery news: a hard bounce marks the address undeliverable; duplicates and bad signatures change nothing", async () => {
    const address = `bounced+${Date.now().toString(36)}@resend.dev`;
    const person = await signedIn({ email: address });
    await emailsSettled(person.accountId);
    const relay = new ResendRelay();
    const delivered = await relay.flush();
    const bounce = delivered.find((d) => d.type === "email.bounced");
    expect(bounce, JSON.stringify(delivered.map((d) => d.type))).toBeDefined();
    const marked = await env.DB.prepare("SELECT reason FROM undeliverable_addresses WHERE address = ?").bind(address).first();
    expect(marked).toEqual({ reason: "bounced" });
    const status = await env.DB.prepare(
      "SELECT m.delivery_status FROM email_messages m JOIN email_outbox o ON o.id = m.outbox_id WHERE o.account_id = ?",
    )
      .bind(person.accountId)
      .first();
    expect(status).toEqual({ delivery_status: "bounced" });

    // The same delivery again (Resend retries): recognised by its svix-id.
    const client = new AppClient();
    const again = await client.fetch("/webhooks/resend", { method: "POST", body: bounce!.body, headers: bounce!.headers! });
    expect(again.status).toBe(200);
    const seen = await env.DB.prepare("SELECT count(*) AS n FROM resend_webhook_events WHERE svix_id = ?")
      .bind(bounce!.msgId)
      .first();
    expect(seen).toEqual({ n: 1 });
    // A forged one: refused, nothing written.
    const forged = await client.fetch("/webhooks/resend", {
      method: "POST",
      body: bounce!.body.replace("bounced", "delivered"),
      headers: { ...bounce!.headers!, "svix-id": "msg_forged" },
    });
    expect(forged.status).toBe(400);
    expect(await env.DB.prepare("SELECT count(*) AS n FROM resend_webhook_events WHERE svix_id = 'msg_forged'").first()).toEqual({
      n: 0,
    });
    const unsigned = await client.fetch("/webhooks/resend", { method: "POST", body: bounce!.body });
    expect(unsigned.status).toBe(400);
  });
});
