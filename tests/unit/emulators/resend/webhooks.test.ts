/**
 * Delivery webhooks (contract §6): each test address (§8) drives its events, signed the
 * Standard Webhooks / Svix way (verified with the `standardwebhooks` library and the SDK's
 * own `resend.webhooks.verify`), retried on failure with the same svix-id.
 */
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { email, SECRET, useHarness } from "./support/harness.ts";

const h = useHarness((started) => {
  started.receiver.deliveries.length = 0;
  started.receiver.respondWith(200);
});

async function eventsFor(to: string | string[]): Promise<{ types: string[]; id: string }> {
  const sent = await h.resend.emails.send(email(to, { tags: [{ name: "outbox_id", value: "ob_1" }] }));
  await h.settle();
  const id = sent.data!.id;
  return { id, types: h.receiver.deliveries.filter((d) => d.body.data?.email_id === id).map((d) => d.body.type as string) };
}

describe("test addresses", () => {
  const cases: [string, string[], string][] = [
    ["delivered@resend.dev", ["email.sent", "email.delivered"], "delivered"],
    ["delivered+trial@resend.localhost", ["email.sent", "email.delivered"], "delivered"],
    ["bounced@resend.localhost", ["email.sent", "email.bounced"], "bounced"],
    ["complained@resend.dev", ["email.sent", "email.delivered", "email.complained"], "complained"],
    ["suppressed@resend.localhost", ["email.suppressed"], "suppressed"],
    ["delayed@resend.localhost", ["email.sent", "email.delivery_delayed", "email.delivered"], "delivered"],
    ["someone@example.com", ["email.sent", "email.delivered"], "delivered"],
  ];
  for (const [to, types, last] of cases)
    it(`${to} → ${types.join(", ")}`, async () => {
      const got = await eventsFor(to);
      expect(got.types).toEqual(types);
      expect((await h.resend.emails.get(got.id)).data!.last_event).toBe(last);
    });

  it("suppressed+label is not a test address (contract §8) and a manual suppression answers email.suppressed", async () => {
    expect((await eventsFor("suppressed+x@resend.dev")).types).toEqual(["email.sent", "email.delivered"]);
    await h.control("suppressions", { email: "gone@example.com" });
    expect((await eventsFor("gone@example.com")).types).toEqual(["email.suppressed"]);
  });

  it("the payloads carry the contract's fields, tags as an object", async () => {
    const { id } = await eventsFor("bounced@resend.dev");
    const bounce = h.receiver.deliveries.find((d) => d.body.type === "email.bounced")!;
    expect(bounce.path).toBe("/webhooks/resend");
    expect(bounce.body).toEqual({
      type: "email.bounced",
      created_at: expect.stringMatching(/Z$/),
      data: {
        email_id: id,
        created_at: expect.any(String),
        from: expect.any(String),
        to: ["bounced@resend.dev"],
        subject: expect.any(String),
        message_id: expect.any(String),
        tags: { outbox_id: "ob_1" },
        bounce: { type: "Permanent", subType: "General", message: expect.any(String), diagnosticCode: [expect.any(String)] },
      },
    });
  });
});

describe("signatures", () => {
  it("verify with standardwebhooks and with the SDK's resend.webhooks.verify", async () => {
    await eventsFor("delivered@resend.dev");
    expect(h.receiver.deliveries).toHaveLength(2);
    for (const d of h.receiver.deliveries) {
      const headers = {
        "webhook-id": String(d.headers["svix-id"]),
        "webhook-timestamp": String(d.headers["svix-timestamp"]),
        "webhook-signature": String(d.headers["svix-signature"]),
      };
      expect(headers["webhook-id"]).toMatch(/^msg_/);
      expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
      expect(new Webhook(SECRET).verify(d.raw, headers)).toEqual(d.body);
      expect(
        h.resend.webhooks.verify({
          payload: d.raw,
          headers: {
            id: headers["webhook-id"],
            timestamp: headers["webhook-timestamp"],
            signature: headers["webhook-signature"],
          },
          webhookSecret: SECRET,
        }),
      ).toEqual(d.body);
      expect(() => new Webhook(`whsec_${Buffer.from("another-secret").toString("base64")}`).verify(d.raw, headers)).toThrow();
    }
  });
});

describe("retries", () => {
  it("retries on non-2xx with the same svix-id and a fresh signature, and logs every attempt", async () => {
    let calls = 0;
    h.receiver.respondWith((d) => (d.body.type === "email.sent" && ++calls <= 2 ? 500 : 200));
    const { id } = await eventsFor("delivered@resend.dev");
    const sent = h.receiver.deliveries.filter((d) => d.body.type === "email.sent");
    expect(sent.length).toBe(3);
    expect(new Set(sent.map((d) => d.headers["svix-id"])).size).toBe(1);
    const log = (await h.control(`deliveries?email=${id}`)).data as { type: string; attempt: number; status: number }[];
    expect(log.filter((l) => l.type === "email.sent").map((l) => [l.attempt, l.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
  });

  it("gives up after the schedule, and a dropped attempt is retried", async () => {
    h.receiver.respondWith(503);
    await eventsFor("suppressed@resend.dev");
    expect(h.receiver.deliveries).toHaveLength(4); // first try + the 3 retries of the test schedule
    h.receiver.deliveries.length = 0;
    h.receiver.respondWith(200);
    await h.control("faults", { dropNextDeliveries: 1 });
    await eventsFor("suppressed@resend.dev");
    expect(h.receiver.deliveries).toHaveLength(1);
    const log = (await h.control("deliveries?type=email.suppressed")).data as { status: number | null; error: string | null }[];
    expect(log.at(-2)).toMatchObject({ status: null, error: expect.stringContaining("dropped") });
  });

  it("duplicateDeliveries sends each attempt twice with one svix-id", async () => {
    await h.control("faults", { duplicateDeliveries: true });
    await eventsFor("suppressed@resend.dev");
    expect(h.receiver.deliveries).toHaveLength(2);
    expect(h.receiver.deliveries[0]!.headers["svix-id"]).toBe(h.receiver.deliveries[1]!.headers["svix-id"]);
  });
});
