import { localWorld } from "../../scripts/local-world.ts";
import { expect, test } from "./support/fixtures";

const world = localWorld("test");
const prodUrl = `http://localhost:${world.prodAppPort}`;

test.describe("product baseline of the built app @js-only", () => {
  test("pages carry a strict Content-Security-Policy and security headers", async ({ page }) => {
    const res = await page.goto("/");
    const headers = res!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(headers["content-security-policy"]).not.toContain("unsafe-inline");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    // Hydration works under that policy (a console error would fail the test).
    await expect(page.locator("html")).toBeVisible();
  });

  test("the 5-minute cron, fired through its local trigger URL, leaves a recorded run", async ({ request }) => {
    const before = (await (await request.get("/__test/cron-runs")).json()).runs.length as number;
    const fired = await request.get(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    expect(fired.ok()).toBe(true);
    await expect
      .poll(async () => (await (await request.get("/__test/cron-runs")).json()).runs)
      .toEqual(
        expect.arrayContaining([
          expect.objectContaining({ cron: "*/5 * * * *", job: "reconcile", outcome: "ok" }),
          expect.objectContaining({ cron: "*/5 * * * *", job: "email-sweep", outcome: "ok" }),
          expect.objectContaining({ cron: "*/5 * * * *", job: "keep-until-deleted", outcome: "ok" }),
        ]),
      );
    const after = (await (await request.get("/__test/cron-runs")).json()).runs.length as number;
    // One run per job of that schedule (the reconciler, the email sweep, the lifetimes pass).
    expect(after).toBe(before + 3);
  });

  test("the production build has no test controls: they answer 404", async ({ request }) => {
    const health = await request.get(`${prodUrl}/healthz`);
    expect(health.status()).toBe(200);
    for (const path of [
      "/__test/clock",
      "/__test/reset",
      "/__test/probe?workspaceId=x",
      "/__test/cron-runs",
      "/__test/d1-faults",
      "/__test/coordinator-load",
      "/__test/session",
    ]) {
      expect((await request.get(`${prodUrl}${path}`)).status(), `GET ${path}`).toBe(404);
      const post = await request.post(`${prodUrl}${path}`, { data: { reset: true }, headers: { Origin: prodUrl } });
      expect(post.status(), `POST ${path}`).toBe(404);
    }
    // …while the test build does have them.
    expect((await request.get("/__test/clock")).status()).toBe(200);
  });

  test("healthz answers 200 with the database up", async ({ request }) => {
    const res = await request.get("/healthz");
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", checks: { database: "ok" } });
  });
});

test.describe("not found @js-only", () => {
  test.use({ allowHttpErrors: [/\/this\/does\/not\/exist(\.data)?$/] });

  test("unknown pages get the branded, accessible not-found page", async ({ page, expectAccessible }) => {
    const res = await page.goto("/this/does/not/exist");
    expect(res!.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    await expectAccessible(page);
  });
});
