/**
 * Google's OIDC userinfo endpoint. Access tokens are JWTs signed by the stand-in and carry
 * the person's claims, so answering needs no stored sessions: verify, then echo the claims.
 */
import type { IncomingHttpHeaders } from "node:http";
import { createLocalJWKSet, type JWTPayload, jwtVerify } from "jose";
import type { OAuth2Service, RouteHandler } from "oauth2-mock-server";
import { sendJson } from "./responses.ts";

/** openidconnect.googleapis.com/v1/userinfo's path. */
export const USERINFO_PATH = "/v1/userinfo";

const USERINFO_CLAIMS = ["sub", "name", "given_name", "family_name", "picture", "email", "email_verified"] as const;

export function installUserinfoEndpoint(service: OAuth2Service): void {
  const handler: RouteHandler = async (req, res) => {
    const token = bearerToken(req.headers);
    const payload = token === undefined ? undefined : await verifyAccessToken(service, token);
    if (payload === undefined) {
      return sendJson(
        res,
        401,
        {
          error: "invalid_token",
          error_description: "Send a valid access token from this stand-in as Authorization: Bearer <token>.",
        },
        { "WWW-Authenticate": 'Bearer error="invalid_token"' },
      );
    }
    const claims: Record<string, unknown> = {};
    for (const name of USERINFO_CLAIMS) if (payload[name] !== undefined) claims[name] = payload[name];
    sendJson(res, 200, claims);
  };
  // Google accepts both.
  service.addRoute("GET", USERINFO_PATH, handler);
  service.addRoute("POST", USERINFO_PATH, handler);
}

function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  return match?.[1];
}

async function verifyAccessToken(service: OAuth2Service, token: string): Promise<JWTPayload | undefined> {
  const issuer = service.issuer.url;
  if (issuer === undefined) return undefined;
  try {
    const keys = createLocalJWKSet({ keys: service.issuer.keys.toJSON() });
    const { payload } = await jwtVerify(token, keys, { issuer, algorithms: ["RS256"] });
    // ID tokens are signed with the same key but are not access tokens: only the latter carry a scope.
    if (typeof payload.scope !== "string" || typeof payload.sub !== "string" || typeof payload["email"] !== "string")
      return undefined;
    return payload;
  } catch {
    return undefined;
  }
}
