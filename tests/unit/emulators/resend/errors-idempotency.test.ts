/**
 * Idempotency (contract §3), rate limits and their headers (§5) and fault injection (§9.5),
 * through the real `resend` SDK.
 */
import { describe, expect, it } from "vitest";
import { eventually } from "../../../support/webhook-receiver.ts";
import { email, raw, noRateLimit, useHarness } from "./support/harness.ts";

const h = useHarness(noRateLimit);

describe("Idempotency-Key", () => {
  it("the same key and body answer the first id and send once", async () => {
    const a = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "welcome/acc_1" });
    const b = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "welcome/acc_1" });
    expect(b.error).toBeNull();
    expect(b.data!.id).toBe(a.data!.id);
    expect((await h.resend.emails.list()).data!.data).toHaveLength(1);
  });

  it("the same key with another body is 409 invalid_idempotent_request", async () => {
    await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "k1" });
    const other = await h.resend.emails.send(email("b@example.com"), { idempotencyKey: "k1" });
    expect(other.error).toMatchObject({ statusCode: 409, name: "invalid_idempotent_request" });
  });

  it("covers a whole batch, separately from single sends", async () => {
    const a = await h.resend.batch.send([email("a@example.com"), email("b@example.com")], { idempotencyKey: "batch/1" });
    const b = await h.resend.batch.send([email("a@example.com"), email("b@example.com")], { idempotencyKey: "batch/1" });
    expect(b.data!.data).toEqual(a.data!.data);
    const single = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "batch/1" });
    expect(single.error).toBeNull();
  });

  it("a key still in flight is 409 concurrent_idempotent_requests", async () => {
    await h.control("faults", { hangNext: 1, hangMs: 400 });
    const first = h.resend.emails.send(email("a@example.com"), { idempotencyKey: "slow" });
    await eventually(async () => (await h.control("faults")).hangNext === 0);
    const second = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "slow" });
    expect(second.error).toMatchObject({ statusCode: 409, name: "concurrent_idempotent_requests" });
    expect((await first).error).toBeNull();
  });

  it("an empty or too long key is 400 invalid_idempotency_key", async () => {
    const long = await h.resend.emails.send(email(), { idempotencyKey: "x".repeat(257) });
    expect(long.error).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
    const empty = await raw(h, "POST", "/emails", { body: email(), headers: { "Idempotency-Key": "" } });
    expect(empty.json).toMatchObject({ statusCode: 400, name: "invalid_idempotency_key" });
  });

  it("errors are not replayed, and keys are forgotten after 24 h", async () => {
    const bad = await h.resend.emails.send(email("nope"), { idempotencyKey: "k2" });
    expect(bad.error).toMatchObject({ statusCode: 422 });
    const good = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "k2" });
    expect(good.error).toBeNull();
    await h.control("clock", { advanceSeconds: 24 * 3600 + 1 });
    const again = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "k2" });
    expect(again.data!.id).not.toBe(good.data!.id);
  });
});

describe("rate limits", () => {
  it("sends ratelimit-* on every answer and 429 rate_limit_exceeded with retry-after past the limit", async () => {
    await h.control("settings", { rateLimitPerSecond: 3 });
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.resend.emails.send(email("a@example.com"))));
    const ok = answers.filter((a) => a.error === null);
    const limited = answers.filter((a) => a.error !== null);
    expect(ok).toHaveLength(3);
    expect(ok[0]!.headers).toMatchObject({ "ratelimit-limit": "3" });
    expect(ok.map((a) => a.headers!["ratelimit-remaining"]).sort()).toEqual(["0", "1", "2"]);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(limited[0]!.headers).toMatchObject({ "ratelimit-limit": "3", "ratelimit-remaining": "0", "retry-after": "1" });
    expect(Number(limited[0]!.headers!["ratelimit-reset"])).toBeGreaterThanOrEqual(1);
  });
});

describe("faults", () => {
  it("the next n requests answer 429, 500 or 503", async () => {
    await h.control("faults", { failNext: 2, failStatus: 503 });
    expect((await h.resend.emails.send(email())).error).toMatchObject({ statusCode: 503, name: "service_unavailable" });
    expect((await h.resend.emails.get("x")).error).toMatchObject({ statusCode: 503 });
    expect((await h.resend.emails.send(email())).error).toBeNull();
    await h.control("faults", { failNext: 1, failStatus: 500 });
    expect((await h.resend.emails.send(email())).error).toMatchObject({ statusCode: 500, name: "application_error" });
    await h.control("faults", { failNext: 1, failStatus: 429 });
    const limited = await h.resend.emails.send(email());
    expect(limited.error).toMatchObject({ statusCode: 429, name: "rate_limit_exceeded" });
    expect(limited.headers!["retry-after"]).toBe("1");
  });

  it("a non-JSON failure becomes the SDK's application_error", async () => {
    await h.control("faults", { failNext: 1, failStatus: 502, failNonJson: true });
    expect((await h.resend.emails.send(email())).error).toMatchObject({ statusCode: 502, name: "application_error" });
  });

  it("a hang outlasts the client's timeout; the retry with the same key gets the same id", async () => {
    await h.control("faults", { hangNext: 1, hangMs: 200 });
    const timedOut = await h.resend.emails.send(email("a@example.com"), {
      idempotencyKey: "hang/1",
      signal: AbortSignal.timeout(50),
    });
    expect(timedOut.error).toMatchObject({ statusCode: null, name: "application_error" });
    await new Promise((r) => setTimeout(r, 300));
    const retry = await h.resend.emails.send(email("a@example.com"), { idempotencyKey: "hang/1" });
    expect(retry.error).toBeNull();
    expect((await h.resend.emails.list()).data!.data.map((e) => e.id)).toEqual([retry.data!.id]);
  });

  it("a hang that never answers drops the connection and sends nothing", async () => {
    await h.control("faults", { hangNext: 1, hangMs: 30, hangThenProcess: false });
    const dropped = await h.resend.emails.send(email("a@example.com"));
    expect(dropped.error).toMatchObject({ statusCode: null, name: "application_error" });
    expect((await h.resend.emails.list()).data!.data).toHaveLength(0);
  });
});
