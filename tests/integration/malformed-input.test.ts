import { describe, expect, it } from "vitest";
import { AppClient, signIn } from "./support/app-client";

/**
 * Bad input never produces a server error: every route, every method, with junk bodies,
 * wrong types, hostile strings and foreign ids, signed in and signed out.
 */
const ROUTES = ["/", "/sign-in", "/sign-out", "/account", "/healthz", "/api/auth/get-session", "/api/auth/callback/google", "/x"];
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
    init: { method: "POST", form: { redirectTo: h, intent: h, timeZone: h, workspaceId: h, probeId: h } },
  })),
  { label: "wrong types json", init: { method: "POST", json: { redirectTo: 42, intent: ["x"], timeZone: { a: 1 } } } },
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

  it("a hostile session cookie is treated as signed out", async () => {
    const client = new AppClient();
    client.cookies.set("harbor.session_token", "%%%not-a-token'\"<>");
    const res = await client.fetch("/account");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/sign-in");
  });
});
