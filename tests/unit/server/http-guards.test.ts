import { describe, expect, it } from "vitest";
import { isCrossSiteMutation, withOwnOrigin } from "../../../server/http/origin-check";
import { safeRedirectPath } from "../../../server/http/safe-redirect";
import { applySecurityHeaders, contentSecurityPolicy } from "../../../server/http/security-headers";
import { isValidTimeZone, readCookie, resolveTimeZone, timeZoneChoice } from "../../../server/http/time-zone";

const APP = "https://app.harbor.example";
const req = (method: string, path: string, headers: Record<string, string> = {}) =>
  new Request(`${APP}${path}`, { method, headers });

describe("safeRedirectPath", () => {
  it.each([
    ["/account", "/account"],
    ["/workspaces/abc?tab=logs#top", "/workspaces/abc?tab=logs#top"],
    ["/a/../b", "/b"],
  ])("keeps our own path %s", (input, expected) => expect(safeRedirectPath(input)).toBe(expected));

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "javascript:alert(1)",
    "http:/evil",
    "account",
    "",
    "/a\u0000b",
    "/\tevil",
    "/".padEnd(2000, "a"),
    null,
    42,
    // Normalised by the URL parser into another host ("//evil.example").
    "/.//evil.example",
    "/..//evil.example",
    "/a/..//evil.example",
    "/%2e//evil.example",
    "/%2E//evil.example",
    "/./%2e//evil.example",
    "/%5c%5cevil.example",
    "/%5C/evil.example",
    "/.\\evil.example",
    "/\t/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "/.//evil.example.data",
  ])("falls back for %j", (input) => expect(safeRedirectPath(input, "/fallback")).toBe("/fallback"));

  it.each([
    ["/workspaces.data", "/workspaces"],
    ["/workspaces/abc.data?tab=1", "/workspaces/abc?tab=1"],
    ["/_root.data", "/"],
    ["/workspaces/abc.data?_routes=routes%2Fworkspace", "/workspaces/abc"],
  ])("a data request %s becomes its page %s", (input, expected) => expect(safeRedirectPath(input)).toBe(expected));
});

describe("isCrossSiteMutation", () => {
  it("lets reads through", () => {
    expect(isCrossSiteMutation(req("GET", "/account", { origin: "https://evil.example" }), APP)).toBe(false);
  });
  it("accepts our own origin", () => {
    expect(isCrossSiteMutation(req("POST", "/sign-out", { origin: APP }), APP)).toBe(false);
  });
  it("refuses another origin, and the opaque null origin", () => {
    expect(isCrossSiteMutation(req("POST", "/sign-out", { origin: "https://evil.example" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/sign-out", { origin: "null" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/sign-out", { origin: "null", "sec-fetch-site": "cross-site" }), APP)).toBe(true);
  });
  it("accepts the null origin of our own no-referrer page only when the browser says same-origin", () => {
    expect(isCrossSiteMutation(req("POST", "/invitations/x", { origin: "null", "sec-fetch-site": "same-origin" }), APP)).toBe(
      false,
    );
  });
  it("hands such a request on with our origin, and leaves every other one as it was", () => {
    const ours = withOwnOrigin(req("POST", "/sign-in", { origin: "null", "sec-fetch-site": "same-origin" }), APP);
    expect(ours.headers.get("origin")).toBe(APP);
    const others: Record<string, string>[] = [
      { origin: "null", "sec-fetch-site": "cross-site" },
      { origin: "null" },
      { origin: "https://evil.example" },
    ];
    for (const headers of others)
      expect(withOwnOrigin(req("POST", "/sign-in", headers), APP).headers.get("origin")).toBe(headers.origin);
  });
  it("uses Sec-Fetch-Site when there is no Origin", () => {
    expect(isCrossSiteMutation(req("POST", "/sign-out", { "sec-fetch-site": "cross-site" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/sign-out", { "sec-fetch-site": "same-origin" }), APP)).toBe(false);
  });
  it("refuses a change that says nothing of where it comes from (no Origin, no Sec-Fetch-Site, no Referer)", () => {
    expect(isCrossSiteMutation(req("POST", "/workspaces/abc"), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/workspaces/abc", { referer: "https://evil.example/page" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/workspaces/abc", { referer: "not a url" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("POST", "/workspaces/abc", { "sec-fetch-site": "none" }), APP)).toBe(true);
    expect(isCrossSiteMutation(req("PUT", "/workspaces/abc"), APP)).toBe(true);
  });
  it("accepts a Referer on our own origin when nothing else is sent", () => {
    expect(isCrossSiteMutation(req("POST", "/workspaces/abc", { referer: `${APP}/workspaces/abc` }), APP)).toBe(false);
  });
  it("leaves signed webhooks and Better Auth's own endpoints to their own checks", () => {
    expect(isCrossSiteMutation(req("POST", "/webhooks/infra", { origin: "https://infra.example" }), APP)).toBe(false);
    expect(isCrossSiteMutation(req("POST", "/api/auth/sign-out", { origin: "https://evil.example" }), APP)).toBe(false);
  });
});

describe("security headers", () => {
  const options = {
    nonce: "abc123",
    formTargets: ["https://accounts.google.com"],
    imageSources: ["https:"],
    dev: false,
    https: true,
  };

  it("allows only nonce'd scripts and our own forms (plus Google sign-in)", () => {
    const csp = contentSecurityPolicy(options);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).toContain("form-action 'self' https://accounts.google.com");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it("sets the baseline on every response, and the CSP on HTML", () => {
    const html = applySecurityHeaders(new Response("<p>hi</p>", { headers: { "Content-Type": "text/html" } }), options);
    expect(html.headers.get("content-security-policy")).toContain("nonce-abc123");
    expect(html.headers.get("x-content-type-options")).toBe("nosniff");
    expect(html.headers.get("x-frame-options")).toBe("DENY");
    expect(html.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const json = applySecurityHeaders(Response.json({}), options);
    expect(json.headers.get("x-content-type-options")).toBe("nosniff");
    expect(json.headers.get("content-security-policy")).toBeNull();
  });

  it("works on responses whose headers are immutable (redirects)", () => {
    const res = applySecurityHeaders(Response.redirect(`${APP}/`, 302), options);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${APP}/`);
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});

describe("time zone", () => {
  it("prefers the zone picked on the account page, then the browser's, then UTC", () => {
    const both = req("GET", "/", { cookie: "a=1; harbor_tz=Europe%2FParis; harbor_tz_browser=Asia%2FTokyo" });
    expect(resolveTimeZone(both)).toBe("Europe/Paris");
    expect(resolveTimeZone(req("GET", "/", { cookie: "harbor_tz_browser=Asia%2FTokyo" }))).toBe("Asia/Tokyo");
    expect(resolveTimeZone(req("GET", "/"))).toBe("UTC");
  });
  it("never guesses from the connection: without a cookie it is UTC, whatever Cloudflare thinks", () => {
    const cf = Object.assign(req("GET", "/"), { cf: { timezone: "America/Chicago" } });
    expect(resolveTimeZone(cf)).toBe("UTC");
  });
  it("ignores junk", () => {
    expect(resolveTimeZone(req("GET", "/", { cookie: "harbor_tz=Mars%2FOlympus" }))).toBe("UTC");
    expect(resolveTimeZone(req("GET", "/", { cookie: "harbor_tz=%E0%A4%A" }))).toBe("UTC");
    // A forged pick does not hide the browser's zone.
    expect(resolveTimeZone(req("GET", "/", { cookie: "harbor_tz=Mars%2FOlympus; harbor_tz_browser=Asia%2FTokyo" }))).toBe(
      "Asia/Tokyo",
    );
    expect(isValidTimeZone("x".repeat(100))).toBe(false);
    expect(readCookie("harbor_tz", "harbor_tz")).toBeNull();
  });
  it("says where the zone came from", () => {
    expect(timeZoneChoice(req("GET", "/", { cookie: "harbor_tz=UTC" })).source).toBe("chosen");
    expect(timeZoneChoice(req("GET", "/", { cookie: "harbor_tz_browser=UTC" })).source).toBe("browser");
    expect(timeZoneChoice(req("GET", "/")).source).toBe("default");
  });
});
