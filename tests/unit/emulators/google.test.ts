/**
 * The Google stand-in over real HTTP, driven the way Better Auth and a browser drive
 * Google: discovery, the account chooser's forms, the code exchange, userinfo.
 */
import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type GoogleStandIn, startGoogleStandIn } from "../../../emulators/google/google-server.ts";

const CLIENT_ID = "harbor-test";
const CLIENT_SECRET = "local-secret";
const REDIRECT_URI = "http://localhost:5173/api/auth/oauth2/callback/google";
const HOSTILE = `"><script>alert(1)</script>`;

let google: GoogleStandIn;

beforeAll(async () => {
  google = await startGoogleStandIn({ port: 0, clientId: CLIENT_ID });
});

afterAll(async () => {
  await google.close();
});

function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

function authorizeParams(overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const params: Record<string, string | undefined> = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    scope: "openid email profile",
    state: "state-123",
    nonce: "nonce-456",
    ...overrides,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) query.set(name, value);
  return query;
}

function openChooser(params: URLSearchParams): Promise<Response> {
  return fetch(`${google.url}/o/oauth2/v2/auth?${params}`, { redirect: "manual" });
}

/** Submits one of the chooser's forms, as the browser would (hidden fields + the form's own). */
function choose(params: URLSearchParams, fields: Record<string, string>): Promise<Response> {
  const body = new URLSearchParams(params);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return fetch(`${google.url}/o/oauth2/v2/auth/choose`, { method: "POST", body, redirect: "manual" });
}

interface SignIn {
  code: string;
  verifier: string;
  location: URL;
}

/** Chooses on the page and returns the code the client's redirect_uri receives. */
async function signIn(fields: Record<string, string>): Promise<SignIn> {
  const { verifier, challenge } = pkcePair();
  const response = await choose(authorizeParams({ code_challenge: challenge, code_challenge_method: "S256" }), fields);
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get("location") ?? "");
  return { code: location.searchParams.get("code") ?? "", verifier, location };
}

function exchange(
  code: string,
  overrides: Record<string, string | undefined> = {},
  headers: Record<string, string> = {},
): Promise<Response> {
  const fields: Record<string, string | undefined> = {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    ...overrides,
  };
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) body.set(name, value);
  return fetch(`${google.url}/token`, { method: "POST", body, headers });
}

async function tokensFor(fields: Record<string, string>): Promise<{ id_token: string; access_token: string }> {
  const { code, verifier } = await signIn(fields);
  const response = await exchange(code, { code_verifier: verifier });
  expect(response.status).toBe(200);
  return (await response.json()) as { id_token: string; access_token: string };
}

describe("discovery", () => {
  it("advertises Google's endpoints and what the stand-in supports", async () => {
    const response = await fetch(`${google.url}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as Record<string, unknown>;
    expect(google.issuer).toBe(google.url);
    expect(google.url).toMatch(/^http:\/\/localhost:\d+$/);
    expect(google.discoveryUrl).toBe(`${google.url}/.well-known/openid-configuration`);
    expect(doc).toMatchObject({
      issuer: google.issuer,
      authorization_endpoint: `${google.issuer}/o/oauth2/v2/auth`,
      token_endpoint: `${google.issuer}/token`,
      userinfo_endpoint: `${google.issuer}/v1/userinfo`,
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile"],
      response_types_supported: ["code"],
    });
    expect(doc["token_endpoint_auth_methods_supported"]).toEqual(
      expect.arrayContaining(["client_secret_basic", "client_secret_post"]),
    );
    expect(doc["claims_supported"]).toEqual(expect.arrayContaining(["sub", "email", "email_verified", "name", "picture"]));
    const jwks = (await (await fetch(String(doc["jwks_uri"]))).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256" });
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });

  it("keeps the library's relocated built-in handlers private", async () => {
    const authorize = await fetch(`${google.url}/internal/authorize?${authorizeParams()}`, { redirect: "manual" });
    expect(authorize.status).toBe(404);
    const token = await fetch(`${google.url}/internal/../internal/token`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code" }),
    });
    expect(token.status).toBe(404);
  });
});

describe("account chooser", () => {
  it("lists the test accounts and a form for another account", async () => {
    const response = await openChooser(authorizeParams());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("<title>Choose an account</title>");
    expect(html).toContain("Local Google sign-in stand-in — no real Google account is used");
    for (const [name, email] of [
      ["Ada Lovelace", "ada@example.com"],
      ["Grace Hopper", "grace@example.com"],
      ["Alan Turing", "alan@example.com"],
    ]) {
      expect(html).toContain(`name="account" value="${email}"`);
      expect(html).toContain(name);
    }
    expect(html).toContain("Use another account");
    expect(html).toMatch(
      /<label for="other-email">Email<\/label>\s*<input id="other-email" name="email" type="email"[^>]* required/,
    );
    expect(html).toMatch(/<label for="other-name">Name<\/label>\s*<input id="other-name" name="name" type="text"[^>]* required/);
    expect(html).toContain('action="/o/oauth2/v2/auth/choose"');
    expect(html).toContain('<input type="hidden" name="nonce" value="nonce-456">');
    expect(html).not.toContain("<script");
  });

  it("escapes hostile parameters everywhere it echoes them", async () => {
    const response = await openChooser(authorizeParams({ state: HOSTILE, login_hint: HOSTILE, [HOSTILE]: HOSTILE }));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<script>");
    expect(html).toContain('name="state" value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("escapes a hostile parameter name on the error page", async () => {
    const response = await fetch(
      `${google.url}/o/oauth2/v2/auth?${authorizeParams()}&${encodeURIComponent(HOSTILE)}=1&${encodeURIComponent(HOSTILE)}=2`,
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("The &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; parameter was sent more than once.");
    expect(html).not.toContain("<script>");
  });

  it.each([
    ["a javascript: redirect_uri", { redirect_uri: "javascript:alert(1)" }],
    ["a relative redirect_uri", { redirect_uri: "/callback" }],
    ["a redirect_uri with a fragment", { redirect_uri: `${REDIRECT_URI}#x` }],
    ["a missing redirect_uri", { redirect_uri: undefined }],
    ["response_type=token", { response_type: "token" }],
    ["a missing client_id", { client_id: undefined }],
    ["an unsupported PKCE method", { code_challenge: "a".repeat(43), code_challenge_method: "S512" }],
  ])("answers %s with a 400 error page instead of the chooser", async (_label, overrides) => {
    const response = await openChooser(authorizeParams(overrides));
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    const html = await response.text();
    expect(html).toContain("Access blocked");
    expect(html).not.toContain("Choose an account</h1>");
  });

  it("refuses a client other than the configured one", async () => {
    const response = await openChooser(authorizeParams({ client_id: "someone-else" }));
    expect(response.status).toBe(401);
    expect(await response.text()).toContain("invalid_client");
  });

  it("sends Cancel back to the client as access_denied with the state", async () => {
    const response = await choose(authorizeParams({ state: "s p&ce" }), { action: "cancel" });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("s p&ce");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("re-renders with a plain-language error and the typed values when the email is bad", async () => {
    const response = await choose(authorizeParams(), { action: "other", email: `not-an-email${HOSTILE}`, name: "Kept Name" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Enter an email address in the format name@example.com.");
    expect(html).toContain('value="not-an-email&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('value="Kept Name"');
    expect(html).toMatch(/id="other-email"[^>]*aria-invalid="true" aria-describedby="other-email-error"/);
    expect(html).not.toContain("<script>");
  });

  it("rejects an empty or too-long name", async () => {
    for (const name of ["   ", "x".repeat(101)]) {
      const response = await choose(authorizeParams(), { action: "other", email: "someone@example.org", name });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("Enter a name between 1 and 100 characters long.");
    }
  });

  it("rejects an account that is not offered", async () => {
    const response = await choose(authorizeParams(), { action: "account", account: "mallory@example.com" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That account isn&#39;t offered here.");
  });
});

describe("code flow", () => {
  it("signs in a known account with PKCE and a nonce, end to end", async () => {
    const { code, verifier, location } = await signIn({ action: "account", account: "ada@example.com" });
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get("state")).toBe("state-123");
    expect(code).not.toBe("");

    const response = await exchange(code, { code_verifier: verifier });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const tokens = (await response.json()) as Record<string, unknown>;
    expect(tokens).toMatchObject({ token_type: "Bearer", scope: "openid email profile" });
    expect(tokens).not.toHaveProperty("refresh_token");

    const jwks = createRemoteJWKSet(new URL(`${google.issuer}/oauth2/v3/certs`));
    const { payload, protectedHeader } = await jwtVerify(String(tokens["id_token"]), jwks, {
      issuer: google.issuer,
      audience: CLIENT_ID,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({
      nonce: "nonce-456",
      email: "ada@example.com",
      email_verified: true,
      name: "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
      azp: CLIENT_ID,
    });
    expect(payload.sub).toMatch(/^1\d{20}$/);
    expect(String(payload["picture"])).toMatch(new RegExp(`^${google.issuer}/avatar/[0-9a-f]{64}\\.svg\\?i=AL$`));

    const userinfo = await fetch(`${google.issuer}/v1/userinfo`, {
      headers: { Authorization: `Bearer ${String(tokens["access_token"])}` },
    });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toEqual({
      sub: payload.sub,
      email: "ada@example.com",
      email_verified: true,
      name: "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
      picture: payload["picture"],
    });
  });

  it("accepts client_secret_basic", async () => {
    const { code, verifier } = await signIn({ action: "account", account: "grace@example.com" });
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    const response = await exchange(
      code,
      { code_verifier: verifier, client_id: undefined, client_secret: undefined },
      { Authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
    const { id_token } = (await response.json()) as { id_token: string };
    expect(decodeJwt(id_token)).toMatchObject({ aud: CLIENT_ID, email: "grace@example.com", name: "Grace Hopper" });
  });

  it("signs in a typed-in account with a sub that is stable per email", async () => {
    const first = decodeJwt((await tokensFor({ action: "other", email: "Kim@Example.org", name: "  Kim   Lee " })).id_token);
    const again = decodeJwt((await tokensFor({ action: "other", email: "kim@example.org", name: "Kim Lee" })).id_token);
    const other = decodeJwt((await tokensFor({ action: "other", email: "sam@example.org", name: "Sam" })).id_token);
    expect(first).toMatchObject({ email: "kim@example.org", name: "Kim Lee", given_name: "Kim", family_name: "Lee" });
    expect(first.sub).toMatch(/^1\d{20}$/);
    expect(again.sub).toBe(first.sub);
    expect(other.sub).not.toBe(first.sub);
    expect(other).toMatchObject({ name: "Sam", given_name: "Sam" });
    expect(other).not.toHaveProperty("family_name");
  });

  it("lets a code be exchanged only once", async () => {
    const { code, verifier } = await signIn({ action: "account", account: "alan@example.com" });
    expect((await exchange(code, { code_verifier: verifier })).status).toBe(200);
    const reuse = await exchange(code, { code_verifier: verifier });
    expect(reuse.status).toBe(400);
    expect(await reuse.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a wrong PKCE verifier, and the code is spent afterwards", async () => {
    const { code, verifier } = await signIn({ action: "account", account: "ada@example.com" });
    const wrong = await exchange(code, { code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: "invalid_grant" });
    expect((await exchange(code, { code_verifier: verifier })).status).toBe(400);
  });

  it("requires the verifier when the authorization request had a challenge", async () => {
    const { code } = await signIn({ action: "account", account: "ada@example.com" });
    const response = await exchange(code);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a redirect_uri that differs from the authorization request's", async () => {
    const { code, verifier } = await signIn({ action: "account", account: "ada@example.com" });
    const response = await exchange(code, { code_verifier: verifier, redirect_uri: "http://localhost:5173/elsewhere" });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects missing client credentials and other clients with 401 invalid_client", async () => {
    const { code, verifier } = await signIn({ action: "account", account: "ada@example.com" });
    const noSecret = await exchange(code, { code_verifier: verifier, client_secret: undefined });
    expect(noSecret.status).toBe(401);
    expect(await noSecret.json()).toMatchObject({ error: "invalid_client" });
    const otherClient = await exchange(code, { code_verifier: verifier, client_id: "someone-else" });
    expect(otherClient.status).toBe(401);
    expect(await otherClient.json()).toMatchObject({ error: "invalid_client" });
  });

  it("rejects grants other than authorization_code", async () => {
    const response = await exchange("", { grant_type: "password", code: undefined });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("accepts any client when none is configured", async () => {
    vi.stubEnv("GOOGLE_STANDIN_CLIENT_ID", "");
    const open = await startGoogleStandIn({ port: 0 });
    try {
      const params = authorizeParams({ client_id: "any-client" });
      const response = await fetch(`${open.url}/o/oauth2/v2/auth?${params}`);
      expect(response.status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
      await open.close();
    }
  });
});

describe("userinfo", () => {
  it("answers 401 invalid_token without a valid access token", async () => {
    const { id_token } = await tokensFor({ action: "account", account: "ada@example.com" });
    for (const authorization of [undefined, "Bearer not-a-jwt", `Bearer ${id_token}`]) {
      const response = await fetch(`${google.issuer}/v1/userinfo`, {
        headers: authorization === undefined ? {} : { Authorization: authorization },
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "invalid_token" });
    }
  });
});

describe("avatars", () => {
  it("serves the picture claim as an SVG with the person's initials", async () => {
    const { id_token } = await tokensFor({ action: "other", email: "grace.brewster@example.org", name: "Grace Brewster Hopper" });
    const picture = String(decodeJwt(id_token)["picture"]);
    expect(picture).toMatch(/\?i=GH$/);
    const response = await fetch(picture);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    expect(response.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const svg = await response.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(">GH</text>");
    expect(svg).toMatch(/fill="hsl\(\d+ 55% 36%\)"/);
  });

  it("cuts hostile initials down to at most two letters, and 404s unknown paths", async () => {
    const hash = "a".repeat(64);
    const svg = await (await fetch(`${google.url}/avatar/${hash}.svg?i=${encodeURIComponent(HOSTILE)}`)).text();
    expect(svg).toContain(">SC</text>");
    expect(svg).not.toContain("<script");
    expect(await (await fetch(`${google.url}/avatar/${hash}.svg?i=123`)).text()).toContain(">?</text>");
    expect((await fetch(`${google.url}/avatar/not-a-hash.svg`)).status).toBe(404);
  });
});
