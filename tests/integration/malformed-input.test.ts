import { describe, expect, it } from "vitest";
import { AppClient, signIn } from "./support/app-client";
import { createWorkspace } from "./support/infra-world";

/**
 * Bad input never produces a server error: every route, every method, with junk bodies,
 * wrong types, hostile strings and foreign ids, signed in and signed out.
 */
const ROUTES = [
  "/",
  "/sign-in",
  "/sign-out",
  "/account",
  "/healthz",
  "/api/auth/get-session",
  "/api/auth/callback/google",
  "/x",
  "/workspaces",
  "/workspaces/new",
  "/workspaces/not-a-real-one",
  "/workspaces/%E0%A4%A",
  "/webhooks/infra",
  "/webhooks/stripe",
  "/pricing",
  "/help",
  "/help/no-such-guide",
  "/help/%E0%A4%A",
  "/privacy",
  "/terms",
  "/contact",
  "/account/billing",
  "/account/billing/upgrade",
  "/account/billing/welcome?session_id=cs_%00",
  "/account/billing/portal",
  "/account/billing/returned",
  "/account/billing/change-plan",
];
const HOSTILE = [
  "",
  "a".repeat(100_000),
  "<script>alert(1)</script>",
  "'; DROP TABLE accounts; --",
  "\u0000\u0001\u202e",
  "../../etc/passwd",
  "%",
  '{"__proto__":{"admin":true}}',
];

const BODIES: Array<{ label: string; init: RequestInit & { form?: Record<string, string>; json?: unknown } }> = [
  { label: "empty form", init: { method: "POST", form: {} } },
  ...HOSTILE.map((h, i) => ({
    label: `hostile form ${i}`,
    init: {
      method: "POST",
      form: {
        redirectTo: h,
        intent: h,
        timeZone: h,
        workspaceId: h,
        probeId: h,
        name: h,
        region: h,
        requestId: h,
        confirmName: h,
        plan: h,
        keep: h,
        flow: h,
        attempt: h,
      },
    },
  })),
  {
    label: "wrong types json",
    init: { method: "POST", json: { redirectTo: 42, intent: ["x"], timeZone: { a: 1 }, name: 7, region: null } },
  },
  { label: "each intent, nothing else", init: { method: "POST", form: { intent: "rename" } } },
  { label: "delete without confirmation", init: { method: "POST", form: { intent: "delete" } } },
  { label: "retry", init: { method: "POST", form: { intent: "retry" } } },
  {
    label: "overlong name",
    init: { method: "POST", form: { intent: "rename", name: "n".repeat(5000), region: "eu-west", requestId: "0".repeat(26) } },
  },
  { label: "unknown region", init: { method: "POST", form: { name: "ok", region: "atlantis", requestId: "1".repeat(26) } } },
  { label: "broken json", init: { method: "POST", body: "{not json", headers: { "Content-Type": "application/json" } } },
  {
    label: "broken multipart",
    init: { method: "POST", body: "--x\r\n", headers: { "Content-Type": "multipart/form-data; boundary=x" } },
  },
  { label: "PUT", init: { method: "PUT", form: { a: "b" } } },
  { label: "DELETE", init: { method: "DELETE" } },
];

describe("no route answers 500 to malformed input", () => {
  it.each([false, true])("signed in: %s", async (signedIn) => {
    const client = new AppClient();
    if (signedIn) await signIn(client, { email: "ada@example.com" });
    const failures: string[] = [];
    for (const route of ROUTES) {
      for (const { label, init } of BODIES) {
        const res = await client.fetch(route, init);
        if (res.status >= 500) failures.push(`${init.method} ${route} (${label}) → ${res.status}`);
        await res.arrayBuffer();
      }
      for (const h of HOSTILE) {
        const res = await client.fetch(
          `${route}?redirectTo=${encodeURIComponent(h)}&error=${encodeURIComponent(h)}&state=${encodeURIComponent(h)}`,
        );
        if (res.status >= 500) failures.push(`GET ${route}?… → ${res.status}`);
        await res.arrayBuffer();
      }
      // React Router's data requests with junk parameters.
      const data = await client.fetch(`${route === "/" ? "/_root" : route}.data?_routes=${encodeURIComponent("<x>,root")}`);
      if (data.status >= 500) failures.push(`GET ${route}.data → ${data.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("another account's workspace, with every kind of bad input, is a 404 — never a 500", async () => {
    const owner = new AppClient();
    await signIn(owner, { email: "owner-of-ws@example.com", name: "Owner" });
    const { slug } = await createWorkspace(owner, "Not yours");
    const client = new AppClient();
    await signIn(client, { email: "ada@example.com" });
    // Forms post to the index route's action (`?index`); the bare address takes none (405 for anyone).
    for (const { label, init } of BODIES) {
      const res = await client.fetch(`/workspaces/${slug}${init.method === "POST" ? "?index" : ""}`, init);
      // Methods forms never use are refused before any page is looked up (no hint either way).
      expect(res.status, label).toBe(init.method === "PUT" || init.method === "DELETE" ? 405 : 404);
    }
    // And the owner's own page survives the same junk with plain answers.
    for (const { label, init } of BODIES) {
      const res = await owner.fetch(`/workspaces/${slug}`, init);
      expect(res.status, label).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });

  it("a hostile session cookie is treated as signed out", async () => {
    const client = new AppClient();
    client.cookies.set("harbor.session_token", "%%%not-a-token'\"<>");
    const res = await client.fetch("/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/sign-in");
  });
});
