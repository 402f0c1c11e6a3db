import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { AppClient } from "./support/app-client";

describe("product baseline on every response", () => {
  it("refuses a form posted from another site with a plain page", async () => {
    const client = new AppClient();
    const res = await client.fetch("/sign-out", { method: "POST", headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("That form came from another site");
    expect(html).not.toMatch(/at .*\.ts:\d+/);
  });

  it("sets security headers and a trace id on pages, redirects and JSON", async () => {
    const client = new AppClient();
    for (const path of ["/", "/account", "/healthz", "/no-such-page"]) {
      const res = await client.fetch(path);
      expect(res.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("referrer-policy"), path).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("x-trace-id"), path).toMatch(/^[0-9a-f]{32}$/);
    }
    const page = await client.fetch("/");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("answers unknown pages with the branded not-found page", async () => {
    const client = new AppClient();
    for (const method of ["GET", "POST"]) {
      const res = await client.fetch("/no/such/page", { method });
      expect(res.status, method).toBe(404);
      if (method === "GET") expect(await res.text()).toContain("We couldn&#x27;t find that page");
    }
  });

  it("other methods get a plain 405, whatever the page", async () => {
    const client = new AppClient();
    for (const method of ["PUT", "DELETE", "PATCH"]) {
      const res = await client.fetch("/no/such/page", { method });
      expect(res.status, method).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    }
  });

  it("the master keyring is read from the Secrets Store binding", async () => {
    const { readMasterKeyring } = await import("../../server/bindings/master-keyring");
    const { open, seal } = await import("../../server/crypto/envelope");
    const keyring = await readMasterKeyring(env);
    expect(keyring.current).toBe(2);
    const sealed = await seal("sk_admin_example", keyring, "ws_x");
    expect(sealed.keyVersion).toBe(2);
    expect(await open(sealed, await readMasterKeyring(env), "ws_x")).toBe("sk_admin_example");
  });
});
