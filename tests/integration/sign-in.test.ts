import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AppClient, signIn } from "./support/app-client";

const DAY = 24 * 60 * 60 * 1000;

async function accountRow(email: string) {
  return env.DB.prepare("SELECT id, name, image, plan_id, trial_started_at, trial_ends_at FROM accounts WHERE email = ?")
    .bind(email)
    .first<{
      id: string;
      name: string;
      image: string | null;
      plan_id: string;
      trial_started_at: number;
      trial_ends_at: number;
    }>();
}

describe("Google sign-in (through the stand-in's account chooser)", () => {
  it("first sign-in creates the account on a 14-day trial and lands on the profile", async () => {
    const client = new AppClient();
    const before = Date.now();
    const callback = await signIn(client, { email: "ada@example.com" });
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/account");

    const row = await accountRow("ada@example.com");
    expect(row).toMatchObject({ name: "Ada Lovelace", plan_id: "trial@1" });
    expect(row!.trial_started_at).toBeGreaterThanOrEqual(before);
    expect(row!.trial_ends_at - row!.trial_started_at).toBe(14 * DAY);
    expect(row!.image).toMatch(/^http:\/\/localhost:\d+\/avatar\//);

    const page = await client.fetch("/account");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Ada Lovelace");
    expect(html).toContain("ada@example.com");
    expect(html).toContain("14 days left in your trial");
    expect(html).toContain(`src="${row!.image}"`);
  });

  it("signing in again keeps the same account and the original trial", async () => {
    const first = new AppClient();
    await signIn(first, { email: "grace@example.com" });
    const original = await accountRow("grace@example.com");
    // The Worker's clock is moved through its local test control, as the browser tests do.
    await first.fetch("/__test/clock", { json: { advanceMs: 3 * DAY } });
    try {
      const second = new AppClient();
      await signIn(second, { email: "grace@example.com" });
      const again = await accountRow("grace@example.com");
      expect(again).toEqual(original);
      const html = await (await second.fetch("/account")).text();
      expect(html).toContain("11 days left in your trial");
    } finally {
      await first.fetch("/__test/clock", { json: { reset: true } });
    }
    const { n } = (await env.DB.prepare("SELECT count(*) AS n FROM accounts WHERE email = 'grace@example.com'").first<{
      n: number;
    }>())!;
    expect(n).toBe(1);
  });

  it("a typed-in email and name work like a known account", async () => {
    const client = new AppClient();
    await signIn(client, { email: "new.person@example.org", name: "Zoë Ångström" });
    const html = await (await client.fetch("/account")).text();
    expect(html).toContain("Zoë Ångström");
    expect(html).toContain("new.person@example.org");
  });

  it("after sign-in only our own paths are followed", async () => {
    for (const hostile of ["https://evil.example/steal", "//evil.example", "/\\evil.example", "javascript:alert(1)"]) {
      const client = new AppClient();
      const res = await signIn(client, { email: "alan@example.com" }, hostile);
      expect(res.headers.get("location"), hostile).toBe("/workspaces");
    }
    const client = new AppClient();
    const res = await signIn(client, { email: "alan@example.com" }, "/account?tab=plan");
    expect(res.headers.get("location")).toBe("/account?tab=plan");
  });

  it("signing out ends the session and the profile asks to sign in again", async () => {
    const client = new AppClient();
    await signIn(client, { email: "ada@example.com" });
    const out = await client.fetch("/sign-out", { method: "POST" });
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/");
    const profile = await client.fetch("/account");
    expect(profile.status).toBe(302);
    expect(profile.headers.get("location")).toBe("/sign-in?redirectTo=%2Faccount");
    const { n } = (await env.DB.prepare(
      "SELECT count(*) AS n FROM sessions JOIN accounts ON accounts.id = sessions.account_id WHERE accounts.email = 'ada@example.com'",
    ).first<{ n: number }>())!;
    expect(n).toBe(1); // the earlier test's session; this one's is gone
  });

  it("choosing Cancel at Google comes back to a calm note, not a failure", async () => {
    const client = new AppClient();
    const start = await client.fetch("/sign-in", { form: { intent: "sign-in", redirectTo: "/account" } });
    const authorizeUrl = new URL(start.headers.get("location")!);
    const form = new URLSearchParams(authorizeUrl.searchParams);
    form.set("action", "cancel");
    const cancelled = await fetch(`${authorizeUrl.origin}/o/oauth2/v2/auth/choose`, {
      method: "POST",
      body: form,
      redirect: "manual",
    });
    const callback = await client.fetch(cancelled.headers.get("location")!);
    const location = new URL(callback.headers.get("location") ?? "", env.APP_URL);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.getAll("error")).toEqual(["access_denied"]);
    const html = await (await client.fetch(location.pathname + location.search)).text();
    expect(html).toContain("You didn&#x27;t sign in. You can try again whenever you like.");
    expect(html).not.toContain("didn&#x27;t work that time");
    expect(html).not.toContain('role="alert"');
  });

  it("a failed Google sign-in comes back to a plain message", async () => {
    const client = new AppClient();
    const res = await client.fetch("/api/auth/callback/google?error=access_denied&state=nonsense");
    expect(res.status).toBeLessThan(500);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/\/sign-in\?error=/);
    const page = await client.fetch(new URL(location, env.APP_URL).pathname + new URL(location, env.APP_URL).search);
    expect(await page.text()).toContain("Signing in didn&#x27;t work that time");
  });
});
