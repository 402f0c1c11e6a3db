/**
 * Google's token endpoint. The stand-in checks what oauth2-mock-server doesn't — client
 * authentication, single-use codes, the redirect_uri, a verifier whenever a challenge was
 * sent — then lets the library issue the tokens (it owns the nonce and PKCE state) and
 * fills in the chosen person's claims as they are signed.
 */
import type { ServerResponse } from "node:http";
import type { MutableToken, OAuth2Service, TokenRequestIncomingMessage } from "oauth2-mock-server";
import { capture, syntheticRequest } from "./builtin-handler.ts";
import { asRecord, type FormRecord, repeatedParameter, stringParam } from "./form-values.ts";
import type { Grant, GrantStore } from "./grants.ts";
import { claimsFor } from "./identities.ts";
import { sendJson, sendOAuthError } from "./responses.ts";

export const TOKEN_PATH = "/token";

export interface TokenEndpointOptions {
  service: OAuth2Service;
  grants: GrantStore;
  /** Where the library's built-in token handler was moved to. */
  internalTokenPath: string;
  /** When set, only this client may exchange codes. */
  allowedClientId: string | undefined;
}

const TOKEN_PARAMETERS = ["grant_type", "code", "redirect_uri", "code_verifier", "client_id", "client_secret"];

type ClientAuthentication = { ok: true; clientId: string } | { ok: false; description: string };

export function installTokenEndpoint(options: TokenEndpointOptions): void {
  const { service, grants, allowedClientId } = options;
  // Grants being exchanged right now, by code: the signing hook only sees the code.
  const redeeming = new Map<string, Grant>();

  // Fires for the access token and the ID token alike; both carry the identity, so
  // userinfo can answer from the access token alone.
  service.on("beforeTokenSigning", (token: MutableToken, req: TokenRequestIncomingMessage) => {
    const code = req.body.code;
    const grant = code === undefined ? undefined : redeeming.get(code);
    if (grant === undefined) return;
    Object.assign(token.payload, claimsFor(grant.identity, token.payload.iss), { aud: grant.clientId, azp: grant.clientId });
  });

  service.addRoute("POST", TOKEN_PATH, async (req, res) => {
    const form = asRecord(req.body);
    const repeated = repeatedParameter(form, TOKEN_PARAMETERS);
    if (repeated !== undefined)
      return sendOAuthError(res, 400, "invalid_request", `The ${repeated} parameter was sent more than once.`);

    const grantType = stringParam(form, "grant_type");
    if (grantType === undefined) return sendOAuthError(res, 400, "invalid_request", "The grant_type parameter is missing.");
    if (grantType !== "authorization_code") {
      return sendOAuthError(res, 400, "unsupported_grant_type", "Only the authorization_code grant is supported.");
    }

    const client = authenticateClient(req.headers.authorization, form);
    if (!client.ok) return sendInvalidClient(res, client.description);
    if (allowedClientId !== undefined && client.clientId !== allowedClientId) {
      return sendInvalidClient(res, "The OAuth client was not found.");
    }

    const code = stringParam(form, "code");
    if (code === undefined) return sendOAuthError(res, 400, "invalid_request", "The code parameter is missing.");
    const grant = grants.take(code);
    if (grant === undefined) {
      return sendOAuthError(res, 400, "invalid_grant", "The authorization code is invalid, expired or has already been used.");
    }
    if (grant.clientId !== client.clientId) {
      return sendOAuthError(res, 400, "invalid_grant", "The authorization code was issued to a different client.");
    }
    if (stringParam(form, "redirect_uri") !== grant.redirectUri) {
      return sendOAuthError(res, 400, "invalid_grant", "The redirect_uri must match the one sent to the authorization endpoint.");
    }
    const verifier = stringParam(form, "code_verifier");
    // The library skips PKCE entirely when no verifier is sent, which would make the
    // challenge pointless; Google refuses, and so do we.
    if (grant.hasCodeChallenge && verifier === undefined) {
      return sendOAuthError(
        res,
        400,
        "invalid_grant",
        "The code_verifier parameter is required: the authorization request had a code_challenge.",
      );
    }

    const body = new URLSearchParams({ grant_type: "authorization_code", code, client_id: client.clientId, scope: grant.scope });
    if (verifier !== undefined) body.set("code_verifier", verifier);
    const internal = syntheticRequest({
      method: "POST",
      url: options.internalTokenPath,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    redeeming.set(code, grant);
    const result = await capture(service.requestHandler, internal).finally(() => redeeming.delete(code));
    sendBuiltInResult(res, result.status, result.body);
  });
}

/** client_secret_basic or client_secret_post; the secret must be present but is not checked. */
function authenticateClient(authorization: string | undefined, form: FormRecord): ClientAuthentication {
  if (authorization !== undefined && /^basic\s/i.test(authorization)) {
    const credentials = decodeBasic(authorization.slice(6).trim());
    if (credentials === undefined)
      return { ok: false, description: "The Authorization header does not hold valid Basic client credentials." };
    return { ok: true, clientId: credentials.clientId };
  }
  const clientId = stringParam(form, "client_id");
  if (clientId === undefined || stringParam(form, "client_secret") === undefined) {
    return { ok: false, description: "Send client_id and client_secret, in the body or with HTTP Basic authentication." };
  }
  return { ok: true, clientId };
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before being joined and base64-encoded. */
function decodeBasic(encoded: string): { clientId: string; clientSecret: string } | undefined {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator <= 0) return undefined;
  const clientId = formDecode(decoded.slice(0, separator));
  const clientSecret = formDecode(decoded.slice(separator + 1));
  if (clientId === "" || clientSecret === "") return undefined;
  return { clientId, clientSecret };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

function sendInvalidClient(res: ServerResponse, description: string): void {
  sendOAuthError(res, 401, "invalid_client", description, { "WWW-Authenticate": 'Basic realm="google-stand-in"' });
}

/** Passes tokens through; turns the library's problem+json failures into OAuth errors. */
function sendBuiltInResult(res: ServerResponse, status: number, body: string): void {
  let parsed: FormRecord = {};
  try {
    parsed = asRecord(JSON.parse(body));
  } catch {
    // Left empty: reported as a server error below.
  }
  if (status === 200 && typeof parsed["access_token"] === "string") {
    // The library adds a refresh token, but the stand-in has no refresh grant to honour it.
    const tokens = { ...parsed };
    delete tokens["refresh_token"];
    return sendJson(res, 200, tokens, { Pragma: "no-cache" });
  }
  if (status === 400) {
    const detail = typeof parsed["detail"] === "string" ? parsed["detail"] : "The authorization code could not be exchanged.";
    return sendOAuthError(res, 400, "invalid_grant", detail);
  }
  sendOAuthError(res, 500, "server_error", "The stand-in failed to issue tokens.");
}
