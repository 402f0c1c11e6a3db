/**
 * The Resend stand-in's API through the real `resend` SDK (contract §1–2, §4): send, batch,
 * get, list, cancel, reschedule, auth and every validation error class.
 */
import { describe, expect, it } from "vitest";
import { email, FROM, raw, noRateLimit, useHarness } from "./support/harness.ts";

const h = useHarness(noRateLimit);

describe("sending and reading", () => {
  it("sends one email and reads it back with GET /emails/{id}", async () => {
    const sent = await h.resend.emails.send({
      ...email(),
      text: undefined,
      cc: "cc@example.com",
      replyTo: ["support@harbor.example"],
      tags: [{ name: "category", value: "trial_ending" }],
    });
    expect(sent.error).toBeNull();
    expect(sent.data!.id).toMatch(/^[0-9a-f-]{36}$/);
    const got = await h.resend.emails.get(sent.data!.id);
    expect(got.error).toBeNull();
    expect(got.data).toMatchObject({
      object: "email",
      id: sent.data!.id,
      from: FROM,
      to: ["delivered@resend.dev"],
      cc: ["cc@example.com"],
      bcc: null,
      reply_to: ["support@harbor.example"],
      subject: "Your Harbor trial ends on 3 December",
      html: "<p>Hello <b>there</b></p>",
      text: "Hello there",
      scheduled_at: null,
      tags: [{ name: "category", value: "trial_ending" }],
    });
    expect(got.data!.created_at).toMatch(/Z$/);
    expect(["queued", "sent", "delivered"]).toContain(got.data!.last_event);
  });

  it("keeps no text part when text is ''", async () => {
    const sent = await h.resend.emails.send(email("a@example.com", { text: "" }));
    expect((await h.resend.emails.get(sent.data!.id)).data!.text).toBeNull();
  });

  it("sends a batch, index-aligned, and reports invalid items in permissive mode", async () => {
    const batch = await h.resend.batch.send([email("a@example.com"), email("b@example.com")]);
    expect(batch.error).toBeNull();
    expect(batch.data!.data).toHaveLength(2);
    expect((await h.resend.emails.get(batch.data!.data[1]!.id)).data!.to).toEqual(["b@example.com"]);

    const strict = await h.resend.batch.send([email("a@example.com"), email("not-an-address")]);
    expect(strict.error).toMatchObject({ statusCode: 422, name: "validation_error" });

    const permissive = await h.resend.batch.send([email("a@example.com"), email("not-an-address")], {
      batchValidation: "permissive",
    });
    expect(permissive.error).toBeNull();
    expect(permissive.data!.data).toHaveLength(1);
    expect(permissive.data!.errors).toEqual([{ index: 1, message: expect.stringContaining("Invalid `to` field") }]);
  });

  it("refuses attachments in a batch and more than 100 emails", async () => {
    const att = await raw(h, "POST", "/emails/batch", {
      body: [email("a@example.com", { attachments: [{ filename: "a.txt", content: "aGk=" }] })],
    });
    expect(att.json).toMatchObject({ statusCode: 422, name: "validation_error" });
    const big = await raw(h, "POST", "/emails/batch", { body: Array.from({ length: 101 }, () => email("a@example.com")) });
    expect(big.json).toMatchObject({ statusCode: 422, name: "validation_error" });
  });

  it("lists newest first with limit, after and before", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await h.resend.emails.send(email(`n${i}@example.com`))).data!.id);
    const first = await h.resend.emails.list({ limit: 2 });
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({ object: "list", has_more: true });
    expect(first.data!.data.map((e) => e.id)).toEqual([ids[4], ids[3]]);
    expect(first.data!.data[0]).not.toHaveProperty("html");
    const next = await h.resend.emails.list({ limit: 2, after: ids[3] });
    expect(next.data!.data.map((e) => e.id)).toEqual([ids[2], ids[1]]);
    const last = await h.resend.emails.list({ limit: 2, after: ids[1] });
    expect(last.data).toMatchObject({ has_more: false });
    expect(last.data!.data.map((e) => e.id)).toEqual([ids[0]]);
    const back = await h.resend.emails.list({ limit: 2, before: ids[1] });
    expect(back.data!.data.map((e) => e.id)).toEqual([ids[3], ids[2]]);
    expect(back.data!.has_more).toBe(true);
    expect((await raw(h, "GET", "/emails?limit=101")).json).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect((await raw(h, "GET", `/emails?after=${ids[1]}&before=${ids[2]}`)).json).toMatchObject({
      statusCode: 422,
      name: "validation_error",
    });
  });

  it("schedules, reschedules and cancels; only while scheduled", async () => {
    const at = new Date(Date.now() + 3600_000).toISOString();
    const sent = await h.resend.emails.send(email("later@example.com", { scheduledAt: at }));
    expect(sent.error).toBeNull();
    const id = sent.data!.id;
    expect((await h.resend.emails.get(id)).data).toMatchObject({ last_event: "scheduled", scheduled_at: at });
    const moved = new Date(Date.now() + 7200_000).toISOString();
    expect(await h.resend.emails.update({ id, scheduledAt: moved })).toMatchObject({
      data: { object: "email", id },
      error: null,
    });
    expect((await h.resend.emails.get(id)).data!.scheduled_at).toBe(moved);
    expect(await h.resend.emails.cancel(id)).toMatchObject({ data: { object: "email", id }, error: null });
    expect((await h.resend.emails.get(id)).data!.last_event).toBe("canceled");
    expect((await h.resend.emails.cancel(id)).error).toMatchObject({ statusCode: 422, name: "validation_error" });
    expect((await h.resend.emails.update({ id, scheduledAt: moved })).error).toMatchObject({
      statusCode: 422,
      name: "validation_error",
    });
  });

  it("sends a scheduled email when the clock reaches it, and accepts natural language", async () => {
    const sent = await h.resend.emails.send(email("delivered@resend.dev", { scheduledAt: "in 2 hours" }));
    const id = sent.data!.id;
    expect((await h.resend.emails.get(id)).data!.last_event).toBe("scheduled");
    await h.control("clock", { advanceSeconds: 7201 });
    expect((await h.resend.emails.get(id)).data!.last_event).toBe("delivered");
  });

  it("answers 404 not_found for an unknown id or path and 405 for a wrong method", async () => {
    expect((await h.resend.emails.get("00000000-0000-4000-8000-000000000000")).error).toMatchObject({
      statusCode: 404,
      name: "not_found",
    });
    expect((await raw(h, "GET", "/domains")).json).toMatchObject({ statusCode: 404, name: "not_found" });
    expect((await raw(h, "DELETE", "/emails")).json).toMatchObject({ statusCode: 405, name: "method_not_allowed" });
  });
});

describe("auth", () => {
  it("401 missing_api_key without a key, 403 invalid_api_key with a wrong one", async () => {
    const missing = await raw(h, "POST", "/emails", { body: email(), key: null });
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ statusCode: 401, name: "missing_api_key" });
    const wrong = await h.client("re_wrong").emails.send(email());
    expect(wrong.data).toBeNull();
    expect(wrong.error).toMatchObject({ statusCode: 403, name: "invalid_api_key", message: "API key is invalid" });
  });
});

describe("validation errors (contract §4)", () => {
  const cases: [string, Record<string, unknown>, number, string][] = [
    ["missing from", { from: undefined }, 422, "missing_required_field"],
    ["bad from", { from: "harbor" }, 422, "invalid_from_address"],
    ["missing to", { to: undefined }, 422, "missing_required_field"],
    ["bad to", { to: "nobody" }, 422, "validation_error"],
    ["too many recipients", { to: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`) }, 422, "validation_error"],
    ["bad cc", { cc: ["x"] }, 422, "validation_error"],
    ["missing subject", { subject: undefined }, 422, "missing_required_field"],
    ["missing content", { html: undefined }, 422, "missing_required_field"],
    ["bad tag", { tags: [{ name: "has space", value: "x" }] }, 422, "validation_error"],
    ["schedule beyond 30 days", { scheduled_at: new Date(Date.now() + 31 * 86_400_000).toISOString() }, 422, "validation_error"],
    ["unreadable schedule", { scheduled_at: "someday" }, 422, "validation_error"],
    ["template with html", { template: { id: "t" } }, 422, "validation_error"],
    ["attachment without content", { attachments: [{ filename: "a" }] }, 422, "invalid_attachment"],
  ];
  for (const [label, patch, status, name] of cases)
    it(label, async () => {
      const res = await raw(h, "POST", "/emails", { body: { ...email(), ...patch } });
      expect(res.status).toBe(status);
      expect(res.json).toEqual({ statusCode: status, name, message: expect.any(String) });
    });

  it("a body that is not JSON is 400 validation_error", async () => {
    const res = await raw(h, "POST", "/emails", { rawBody: "{nope" });
    expect(res.json).toMatchObject({ statusCode: 400, name: "validation_error" });
  });
});
