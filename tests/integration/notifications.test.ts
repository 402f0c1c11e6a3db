/**
 * Notifications to an account's own service and Slack (server/notifications), against the
 * local notification receiver (emulators/notification-receiver, started by the stand-ins'
 * global setup at NOTIFICATION_TEST_ORIGIN): signed events arrive and verify with the key
 * shown once; a failing receiver is retried until it answers; 5 failures in a row switch
 * the destination off (a banner, nothing more sent); the settings page refuses bad
 * addresses in plain words and another account's ids, and its test button delivers.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { createServices } from "../../server/bindings/services";
import { fanOutNotifications } from "../../server/notifications/fan-out";
import type { NotificationOccurrence } from "../../server/notifications/event-body";
import { generateSigningSecret, signatureFor, verifySignature } from "../../server/notifications/signing";
import { slackMessage } from "../../server/notifications/slack-message";
import { newTraceId } from "../../server/observability/trace";
import { AppClient, waitFor } from "./support/app-client";
import { runEmailReminders } from "../../workers/jobs/email-reminders";
import { signedIn, type Person } from "./support/fixtures";

const RECEIVER = env.NOTIFICATION_TEST_ORIGIN;
const PAGE = "/account/notifications";

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

async function received(path: string): Promise<Received[]> {
  const res = await fetch(`${RECEIVER}/deliveries.json?path=${encodeURIComponent(path)}`);
  return ((await res.json()) as { deliveries: Received[] }).deliveries.reverse();
}

async function respond(path: string, status: number, times?: number) {
  await fetch(`${RECEIVER}/__control/respond`, { method: "POST", body: JSON.stringify({ path, status, times }) });
}

let n = 0;
const uniquePath = (prefix = "/svc") => `${prefix}-${Date.now().toString(36)}-${++n}`;

function services() {
  return createServices(env, { traceId: newTraceId(), log: { component: "test" } });
}

function occurrence(person: Person, overrides: Partial<NotificationOccurrence> = {}): NotificationOccurrence {
  return {
    outboxId: `ob_${Date.now().toString(36)}_${++n}`,
    accountId: person.accountId,
    kind: "payment-failed",
    subject: "Your payment didn't go through",
    summary: "We couldn't take your payment of €9.00. We'll try again on 3 March.",
    link: `${env.APP_URL}/account/billing`,
    workspaces: [{ id: "ws_1", name: "Shop", url: `${env.APP_URL}/workspaces/shop` }],
    occurredAt: new Date("2026-03-01T10:00:00.000Z"),
    ...overrides,
  };
}

/** Saves an address through the page's form (no JavaScript): the answer page, and the key shown once. */
async function save(person: Person, kind: "webhook" | "slack", url: string) {
  const res = await person.client.fetch(PAGE, { form: { intent: kind === "webhook" ? "save-webhook" : "save-slack", url } });
  const html = await res.text();
  const secret = /data-testid="one-time-value"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-testid="one-time-value"/.exec(html);
  return { status: res.status, html, secret: secret ? (secret[1] ?? secret[2])! : null };
}

async function endpointRow(accountId: string, kind: "webhook" | "slack") {
  return env.DB.prepare(
    "SELECT id, url, consecutive_failures AS failures, disabled_at AS disabledAt FROM notification_endpoints WHERE account_id = ? AND kind = ?",
  )
    .bind(accountId, kind)
    .first<{ id: string; url: string; failures: number; disabledAt: number | null }>();
}

async function deliveriesOf(endpointId: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, status, attempts, event_type AS eventType, last_status_code AS code FROM notification_deliveries WHERE endpoint_id = ? ORDER BY created_at",
  )
    .bind(endpointId)
    .all<{ id: string; status: string; attempts: number; eventType: string; code: number | null }>();
  return results;
}

beforeEach(async () => {
  // Answers set by one test never reach the next (each uses its own paths too).
  await fetch(`${RECEIVER}/__control/reset`, { method: "POST" });
});

describe("signed events", () => {
  it("arrive signed with the key shown once, with the event's fields", async () => {
    const person = await signedIn({ name: "Signed Owner" });
    const path = uniquePath();
    const saved = await save(person, "webhook", `${RECEIVER}${path}`);
    expect(saved.status).toBe(200);
    expect(saved.secret).toMatch(/^whsec_/);
    // Shown once: the page itself never shows it again, and D1 holds it only sealed.
    expect(await (await person.client.fetch(PAGE)).text()).not.toContain(saved.secret!);
    const stored = await env.DB.prepare("SELECT secret_ciphertext AS c FROM notification_endpoints WHERE account_id = ?")
      .bind(person.accountId)
      .first<{ c: ArrayBuffer }>();
    expect(new TextDecoder().decode(Uint8Array.from(stored!.c as unknown as number[]))).not.toContain(saved.secret!.slice(6, 20));

    const happened = occurrence(person);
    const { deliveryIds } = await fanOutNotifications(services(), happened);
    expect(deliveryIds).toHaveLength(1);
    const [got] = await waitFor(async () => {
      const list = await received(path);
      return list.length > 0 && list;
    });
    expect(got!.headers["webhook-id"]).toBe(deliveryIds[0]);
    expect(
      await verifySignature(
        saved.secret!,
        {
          id: got!.headers["webhook-id"]!,
          timestamp: got!.headers["webhook-timestamp"]!,
          signature: got!.headers["webhook-signature"]!,
        },
        got!.body,
      ),
    ).toBe(true);
    expect(Math.abs(Number(got!.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(JSON.parse(got!.body)).toEqual({
      id: `evt_${happened.outboxId}`,
      type: "payment.failed",
      occurred_at: "2026-03-01T10:00:00.000Z",
      account: { id: person.accountId, name: "Signed Owner" },
      workspaces: [{ id: "ws_1", name: "Shop", url: `${env.APP_URL}/workspaces/shop` }],
      summary: happened.summary,
      link: happened.link,
    });
    const endpoint = (await endpointRow(person.accountId, "webhook"))!;
    await waitFor(async () => (await deliveriesOf(endpoint.id))[0]?.status === "delivered");

    // The same event handed over again: one delivery, nothing sent twice.
    expect((await fanOutNotifications(services(), happened)).deliveryIds).toEqual([]);
    expect(await deliveriesOf(endpoint.id)).toHaveLength(1);

    // The log on the page, in plain words.
    const page = await (await person.client.fetch(PAGE)).text();
    expect(page).toContain("Payment didn&#x27;t go through");
    expect(page).toContain("Arrived");
  });

  it("Slack gets a short line with the link, unsigned, and its link is never shown back", async () => {
    const person = await signedIn();
    const path = uniquePath("/services/T000/B000");
    const saved = await save(person, "slack", `${RECEIVER}${path}`);
    expect(saved.status).toBe(200);
    expect(saved.secret).toBeNull();
    await fanOutNotifications(
      services(),
      occurrence(person, { kind: "workspaces-paused", summary: "Your workspaces are paused." }),
    );
    const [got] = await waitFor(async () => {
      const list = await received(path);
      return list.length > 0 && list;
    });
    expect(got!.headers["webhook-signature"]).toBeUndefined();
    const message = JSON.parse(got!.body) as { text: string; blocks: { text: { text: string } }[] };
    expect(message.text).toBe(`Your workspaces are paused. ${env.APP_URL}/account/billing`);
    expect(message.blocks[0]!.text.text).toContain(`<${env.APP_URL}/account/billing|Open Harbor>`);
    expect(await (await person.client.fetch(PAGE)).text()).not.toContain(path);
    // Sealed in D1: the row keeps only a redacted form.
    expect((await endpointRow(person.accountId, "slack"))!.url).toBe(`${RECEIVER}/services/T000/…`);
  });
});

describe("from a real cause", () => {
  it("the trial reminder, once sent by email, reaches the account's own service signed and Slack as a line", async () => {
    const person = await signedIn();
    const path = uniquePath();
    const { secret } = await save(person, "webhook", `${RECEIVER}${path}`);
    const slackPath = uniquePath("/slack");
    await save(person, "slack", `${RECEIVER}${slackPath}`);
    const control = new AppClient();
    await control.fetch("/__test/clock", { json: { advanceMs: 11 * 24 * 60 * 60 * 1000 + 60_000 } });
    try {
      await runEmailReminders(services());
      const [event] = await waitFor(async () => {
        const got = (await received(path)).filter((d) => JSON.parse(d.body).type !== "test");
        return got.length > 0 ? got : null;
      });
      const body = JSON.parse(event!.body);
      expect(body).toMatchObject({ type: "trial.ending", account: { id: person.accountId } });
      const h = event!.headers;
      expect(
        await verifySignature(
          secret!,
          { id: h["webhook-id"]!, timestamp: h["webhook-timestamp"]!, signature: h["webhook-signature"]! },
          event!.body,
        ),
      ).toBe(true);
      const [line] = await waitFor(async () => ((await received(slackPath)).length > 0 ? received(slackPath) : null));
      expect(JSON.parse(line!.body).text).toContain(body.summary);
      // The sweep running again sends nothing more anywhere.
      await runEmailReminders(services());
      expect((await received(path)).filter((d) => JSON.parse(d.body).type !== "test")).toHaveLength(1);
    } finally {
      await control.fetch("/__test/clock", { json: { reset: true } });
    }
  });
});

describe("failures", () => {
  it("a failing receiver is retried until it answers", async () => {
    const person = await signedIn();
    const path = uniquePath();
    await save(person, "webhook", `${RECEIVER}${path}`);
    await respond(path, 503, 2);
    await fanOutNotifications(services(), occurrence(person));
    const endpoint = (await endpointRow(person.accountId, "webhook"))!;
    const [delivery] = await waitFor(async () => {
      const rows = await deliveriesOf(endpoint.id);
      return rows[0]?.status === "delivered" && rows;
    }, 15_000);
    expect(delivery).toMatchObject({ attempts: 3, code: 200 });
    expect(await received(path)).toHaveLength(3);
    // The same id on every try, so a receiver can recognise a repeat.
    expect(new Set((await received(path)).map((d) => d.headers["webhook-id"])).size).toBe(1);
    expect((await endpointRow(person.accountId, "webhook"))!.failures).toBe(0);
  });

  it("5 failures in a row switch it off: a banner, nothing more sent, until turned back on", async () => {
    const person = await signedIn();
    const path = uniquePath();
    await save(person, "webhook", `${RECEIVER}${path}`);
    await respond(path, 500);
    await fanOutNotifications(services(), occurrence(person));
    const off = await waitFor(async () => {
      const row = await endpointRow(person.accountId, "webhook");
      return row?.disabledAt ? row : null;
    }, 15_000);
    expect(off.failures).toBe(5);
    const [delivery] = await deliveriesOf(off.id);
    expect(delivery).toMatchObject({ status: "failed", attempts: 5, code: 500 });
    expect(await received(path)).toHaveLength(5);

    // Switched off: another event writes nothing and sends nothing.
    expect((await fanOutNotifications(services(), occurrence(person))).deliveryIds).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await received(path)).toHaveLength(5);

    // The banner, on every page; the log says what happened in plain words.
    const account = await (await person.client.fetch("/account")).text();
    expect(account).toContain('data-testid="notification-banner"');
    expect(account).toContain("We stopped sending updates to your own service");
    const page = await (await person.client.fetch(PAGE)).text();
    expect(page).toContain("Didn&#x27;t arrive · answered with code 500");
    expect(page).toContain("Turn back on");

    // Turned back on: failures forgotten, the test button delivers again.
    await respond(path, 200);
    const on = await person.client.fetch(PAGE, { form: { intent: "turn-on", endpointId: off.id } });
    expect(on.status).toBe(200);
    expect(await endpointRow(person.accountId, "webhook")).toMatchObject({ failures: 0, disabledAt: null });
    expect(await (await person.client.fetch("/account")).text()).not.toContain('data-testid="notification-banner"');
  });
});

describe("the settings page", () => {
  it.each([
    ["webhook", "http://example.com/in", "The address must start with https:// so updates travel safely."],
    ["webhook", "https://10.0.0.7/in", "This address points inside a private network"],
    ["webhook", "https://[::ffff:127.0.0.1]/in", "This address points inside a private network"],
    ["webhook", "https://hooks.slack.com@169.254.169.254/x", "Please leave the name and password out of the address."],
    ["webhook", "not a link", "look like a web address"],
    ["slack", "https://example.com/services/T/B/X", "a Slack link. It should start with https://hooks.slack.com/services/"],
  ] as const)("refuses %s %s in plain words, storing nothing", async (kind, url, words) => {
    const person = await signedIn();
    const saved = await save(person, kind, url);
    expect(saved.status).toBe(400);
    expect(saved.html).toContain(words);
    expect(saved.secret).toBeNull();
    expect(await endpointRow(person.accountId, kind)).toBeNull();
  });

  it("another account's destination is not found, and nothing changes", async () => {
    const owner = await signedIn();
    const other = await signedIn();
    const path = uniquePath();
    await save(owner, "webhook", `${RECEIVER}${path}`);
    const mine = (await endpointRow(owner.accountId, "webhook"))!;
    for (const intent of ["remove", "turn-on", "test"]) {
      const res = await other.client.fetch(PAGE, { form: { intent, endpointId: mine.id } });
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("We couldn&#x27;t find that.");
    }
    expect(await endpointRow(owner.accountId, "webhook")).toMatchObject({ id: mine.id, url: mine.url });
    expect(await deliveriesOf(mine.id)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await received(path)).toEqual([]);
  });

  it("the test button delivers through the queue; replacing the address makes a new key; Remove removes", async () => {
    const person = await signedIn();
    const path = uniquePath();
    const first = await save(person, "webhook", `${RECEIVER}${path}`);
    const endpoint = (await endpointRow(person.accountId, "webhook"))!;
    const res = await person.client.fetch(PAGE, { form: { intent: "test", endpointId: endpoint.id } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("A test is on its way.");
    const [got] = await waitFor(async () => {
      const list = await received(path);
      return list.length > 0 && list;
    });
    expect(JSON.parse(got!.body)).toMatchObject({ type: "test", account: { id: person.accountId } });
    expect(
      await verifySignature(
        first.secret!,
        {
          id: got!.headers["webhook-id"]!,
          timestamp: got!.headers["webhook-timestamp"]!,
          signature: got!.headers["webhook-signature"]!,
        },
        got!.body,
      ),
    ).toBe(true);
    await waitFor(async () => (await deliveriesOf(endpoint.id))[0]?.status === "delivered");
    const page = await (await person.client.fetch(PAGE)).text();
    expect(page).toMatch(/<td>Test<\/td><td>Arrived<\/td>/);

    // A new address: the same row, a new key (the old one no longer verifies).
    const second = await save(person, "webhook", `${RECEIVER}${path}-2`);
    expect(second.secret).toMatch(/^whsec_/);
    expect(second.secret).not.toBe(first.secret);
    expect((await endpointRow(person.accountId, "webhook"))!.id).toBe(endpoint.id);

    // The first press asks and removes nothing; the answer removes.
    const asked = await person.client.fetch(PAGE, { form: { intent: "remove", endpointId: endpoint.id } });
    expect(await asked.text()).toContain("Stop sending updates there?");
    expect(await endpointRow(person.accountId, "webhook")).not.toBeNull();
    const removed = await person.client.fetch(PAGE, { form: { intent: "remove", endpointId: endpoint.id, confirmed: "yes" } });
    expect(removed.status).toBe(200);
    expect(await removed.text()).toContain("Removed. We won&#x27;t send updates there any more.");
    expect(await endpointRow(person.accountId, "webhook")).toBeNull();
  });
});

describe("Standard Webhooks signature (server/notifications/signing.ts)", () => {
  it("matches the specification's example", async () => {
    // The example in the Standard Webhooks libraries' own tests.
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const signature = await signatureFor(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("verifies its own signatures and nothing else", async () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const body = '{"id":"evt_1"}';
    const signature = await signatureFor(secret, "nd_1", 1_700_000_000, body);
    const headers = { id: "nd_1", timestamp: "1700000000", signature };
    expect(await verifySignature(secret, headers, body)).toBe(true);
    expect(await verifySignature(secret, { ...headers, signature: `v1,x ${signature}` }, body)).toBe(true);
    expect(await verifySignature(secret, headers, `${body} `)).toBe(false);
    expect(await verifySignature(generateSigningSecret(), headers, body)).toBe(false);
    expect(await verifySignature(secret, { ...headers, timestamp: "1700000001" }, body)).toBe(false);
  });
});

describe("the Slack message", () => {
  it("a Slack message is one short line with the link, markup escaped", () => {
    const message = slackMessage({
      id: "evt_1",
      type: "payment.failed",
      occurred_at: "2026-01-01T00:00:00.000Z",
      account: { id: "a", name: "A" },
      workspaces: [],
      summary: "Payment <failed> & retrying",
      link: "https://app.harbor.example/account/billing",
    });
    expect(message.text).toBe("Payment <failed> & retrying https://app.harbor.example/account/billing");
    expect(message.blocks[0]!.text.text).toBe(
      "Payment &lt;failed&gt; &amp; retrying <https://app.harbor.example/account/billing|Open Harbor>",
    );
  });
});
