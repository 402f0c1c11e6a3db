/**
 * A local stand-in for Google's OpenID Connect provider, for dev and tests where Google
 * can't be reached. Built on oauth2-mock-server, which signs the tokens and keeps nonce
 * and PKCE state; the stand-in adds what a person and Better Auth see of Google: the
 * account chooser, Google's endpoint paths, Google-shaped claims and stricter checks.
 */
import type { RequestListener } from "node:http";
import { type MutableResponse, type OAuth2Endpoints, OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";
import { AUTHORIZE_PATH, installAuthorizeEndpoint } from "./authorize-endpoint.ts";
import { AVATAR_PATH_PATTERN, serveAvatar } from "./avatar.ts";
import { discoveryDocument } from "./discovery.ts";
import { GrantStore } from "./grants.ts";
import { installTokenEndpoint, TOKEN_PATH } from "./token-endpoint.ts";
import { installUserinfoEndpoint, USERINFO_PATH } from "./userinfo-endpoint.ts";
import { listenOnLocalhost } from "../shared/listen.ts";

export interface GoogleStandInOptions {
  /** 0 picks a free port; read it back from `url`. */
  port: number;
  host?: string;
  /** Only this client may sign in. Defaults to GOOGLE_STANDIN_CLIENT_ID; unset accepts any. */
  clientId?: string;
}

export interface GoogleStandIn {
  /** http://localhost:<port> */
  url: string;
  /** The `iss` of every token; the same as `url`. */
  issuer: string;
  /** What the app's GOOGLE_DISCOVERY_URL should be. */
  discoveryUrl: string;
  close(): Promise<void>;
}

const DISCOVERY_PATH = "/.well-known/openid-configuration";
const INTERNAL_PREFIX = "/internal";

// The library's built-in handlers the stand-in replaces are moved under /internal, which
// the public listener refuses; the stand-in calls them in-process (builtin-handler.ts).
const LIBRARY_ENDPOINTS: OAuth2Endpoints = {
  wellKnownDocument: DISCOVERY_PATH,
  jwks: "/oauth2/v3/certs",
  authorize: `${INTERNAL_PREFIX}/authorize`,
  token: `${INTERNAL_PREFIX}/token`,
  userinfo: `${INTERNAL_PREFIX}/userinfo`,
  revoke: `${INTERNAL_PREFIX}/revoke`,
  endSession: `${INTERNAL_PREFIX}/endsession`,
  introspect: `${INTERNAL_PREFIX}/introspect`,
};

export async function startGoogleStandIn(options: GoogleStandInOptions): Promise<GoogleStandIn> {
  const host = options.host ?? "127.0.0.1";
  const allowedClientId = options.clientId ?? (process.env["GOOGLE_STANDIN_CLIENT_ID"] || undefined);

  const issuer = new OAuth2Issuer();
  // A fresh key per start: nothing outlives the process, so nothing needs a stable key.
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer, LIBRARY_ENDPOINTS);
  const grants = new GrantStore();

  service.on("beforeWellKnownOpenIdConfiguration", (response: MutableResponse) => {
    if (issuer.url === undefined) return;
    response.body = discoveryDocument(issuer.url, {
      authorize: AUTHORIZE_PATH,
      token: TOKEN_PATH,
      userinfo: USERINFO_PATH,
      jwks: LIBRARY_ENDPOINTS.jwks,
    });
  });
  installAuthorizeEndpoint({ service, grants, internalAuthorizePath: LIBRARY_ENDPOINTS.authorize, allowedClientId });
  installTokenEndpoint({ service, grants, internalTokenPath: LIBRARY_ENDPOINTS.token, allowedClientId });
  installUserinfoEndpoint(service);

  const listener = await listenOnLocalhost(publicHandler(service), options.port, host);
  const url = `http://localhost:${listener.port}`;
  issuer.url = url;
  return {
    url,
    issuer: url,
    discoveryUrl: `${url}${DISCOVERY_PATH}`,
    close: () => listener.close(),
  };
}

function publicHandler(service: OAuth2Service): RequestListener {
  return (req, res) => {
    // Parsed the way the library's router parses it, so what is refused here is exactly
    // what it would have routed. A URL that can't be parsed would throw outside the
    // library's error handling, so it is answered here.
    const raw = req.url ?? "/";
    if (!URL.canParse(raw, "http://localhost")) {
      res.statusCode = 400;
      res.end();
      return;
    }
    const path = new URL(raw, "http://localhost").pathname;
    if (path === INTERNAL_PREFIX || path.startsWith(`${INTERNAL_PREFIX}/`)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // The library's router matches exact paths only, so the avatar's per-person path is served here.
    const avatar = AVATAR_PATH_PATTERN.exec(path);
    if (avatar?.[1] !== undefined && (req.method === "GET" || req.method === "HEAD")) {
      serveAvatar(req, res, avatar[1]);
      return;
    }
    service.requestHandler(req, res);
  };
}
