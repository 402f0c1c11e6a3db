/**
 * The dev inbox (`/inbox`, `/inbox/{id}`, `/inbox/{id}/html`, `/inbox.json`), the reset
 * control, and state that survives a restart when a state folder is given.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, startWebhookReceiver, type WebhookReceiver } from "../../../support/webhook-receiver.ts";
import { email, startHarness, type Harness } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("dev inbox", () => {
  it("lists every message newest first, searchable by recipient, with HTML and text views", async () => {
    await h.control("reset", {});
    const first = await h.resend.emails.send(
      email("ada@example.com", {
        subject: "Welcome to Harbor",
        html: "<h1>Hi Ada</h1><script>alert(1)</script>",
        text: "Hi Ada, plain",
      }),
    );
    const second = await h.resend.emails.send(email("bob@example.com", { subject: "Payment failed <urgent>" }));

    const list = await fetch(`${h.base}/inbox`);
    expect(list.headers.get("content-type")).toContain("text/html");
    const html = await list.text();
    expect(html.indexOf("Payment failed &lt;urgent&gt;")).toBeGreaterThan(-1);
    expect(html.indexOf("Payment failed &lt;urgent&gt;")).toBeLessThan(html.indexOf("Welcome to Harbor"));
    expect(html).toContain(`/inbox/${first.data!.id}`);

    const search = await (await fetch(`${h.base}/inbox?to=ADA@`)).text();
    expect(search).toContain("Welcome to Harbor");
    expect(search).not.toContain("Payment failed");

    const one = await (await fetch(`${h.base}/inbox/${first.data!.id}`)).text();
    expect(one).toContain('<iframe sandbox="" title="HTML part" srcdoc="&lt;h1&gt;Hi Ada&lt;/h1&gt;');
    expect(one).toContain("<pre>Hi Ada, plain</pre>");
    expect(one).not.toContain("<script>");

    const alone = await fetch(`${h.base}/inbox/${first.data!.id}/html`);
    expect(alone.headers.get("content-security-policy")).toBe("sandbox");
    expect(await alone.text()).toBe("<h1>Hi Ada</h1><script>alert(1)</script>");
    expect((await fetch(`${h.base}/inbox/nope`)).status).toBe(404);

    const json = (await (await fetch(`${h.base}/inbox.json`)).json()) as {
      data: { id: string; html: string; text: string; to: string[] }[];
    };
    expect(json.data.map((e) => e.id)).toEqual([second.data!.id, first.data!.id]);
    expect(json.data[1]).toMatchObject({ to: ["ada@example.com"], text: "Hi Ada, plain" });
    const byTo = (await (await fetch(`${h.base}/inbox.json?to=bob@example.com`)).json()) as { data: unknown[] };
    expect(byTo.data).toHaveLength(1);
  });

  it("POST /__control/reset empties it", async () => {
    await h.resend.emails.send(email("ada@example.com"));
    await h.control("reset", {});
    expect(((await (await fetch(`${h.base}/inbox.json`)).json()) as { data: unknown[] }).data).toEqual([]);
    expect(await (await fetch(`${h.base}/inbox`)).text()).toContain("No messages.");
  });
});

describe("persistence", () => {
  let dir: string;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "resend-stand-in-"));
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps emails, idempotency keys, suppressions and pending webhooks across a restart", async () => {
    const a = await startHarness({ stateDir: dir }, receiver);
    const sent = await a.resend.emails.send(email("ada@example.com"), { idempotencyKey: "welcome/ada" });
    await a.control("suppressions", { email: "gone@example.com" });
    await a.settle();
    receiver.respondWith(500);
    await a.control("settings", { webhookRetryScheduleMs: [60_000] });
    await a.resend.emails.send(email("suppressed@resend.dev"));
    await eventually(() => a.standIn.store.outbox().some((e) => e.attempt === 2));
    await a.close();

    receiver.respondWith(200);
    receiver.deliveries.length = 0;
    // The failed webhook's retry (due in a minute) is still waiting after the restart.
    const b = await startHarness({ stateDir: dir }, receiver);
    expect((await b.resend.emails.get(sent.data!.id)).data!.to).toEqual(["ada@example.com"]);
    const replay = await b.resend.emails.send(email("ada@example.com"), { idempotencyKey: "welcome/ada" });
    expect(replay.data!.id).toBe(sent.data!.id);
    expect((await b.control("suppressions")).data).toEqual([
      expect.objectContaining({ email: "gone@example.com", origin: "manual" }),
    ]);
    expect(b.standIn.store.outbox()).toHaveLength(1);
    await b.close();
  });
});
