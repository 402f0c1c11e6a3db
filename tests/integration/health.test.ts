import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app";

const healthz = () => new Request(`${env.APP_URL}/healthz`) as Parameters<typeof worker.fetch>[0];

describe("GET /healthz", () => {
  it("answers 200 when the database answers", async () => {
    const res = await worker.fetch(healthz(), env, createExecutionContext());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok" } });
  });

  it("answers 503 when the database cannot be reached", async () => {
    // The outside edge (D1) fails; everything of ours runs for real.
    const brokenDb = { prepare: () => ({ first: () => Promise.reject(new Error("D1 is down")) }) } as unknown as D1Database;
    const res = await worker.fetch(healthz(), { ...env, DB: brokenDb }, createExecutionContext());
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: "unavailable", checks: { database: "unreachable" } });
  });
});
