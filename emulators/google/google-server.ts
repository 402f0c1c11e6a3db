/**
 * A local stand-in for Google's OpenID Connect provider, for dev and tests where Google
 * can't be reached. Built on oauth2-mock-server, which signs the tokens and keeps nonce
 * and PKCE state; the stand-in adds what a person and Better Auth see of Google: the
 * account chooser, Google's endpoint paths, Google-shaped claims and stricter checks.
 */
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type MutableResponse, type OAuth2Endpoints, OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";
import { AUTHORIZE_PATH, installAuthorizeEndpoint } from "./authorize-endpoint.ts";
import { AVATAR_PATH_PATTERN, serveAvatar } from "./avatar.ts";
import { discoveryDocument } from "./discovery.ts";
import { GrantStore } from "./grants.ts";
import { installTokenEndpoint, TOKEN_PATH } from "./token-endpoint.ts";
import { installUserinfoEndpoint, USERINFO_PATH } from "./userinfo-endpoint.ts";

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

  const handler = publicHandler(service);
  const primary = createServer(handler);
  await listen(primary, options.port, host);
  const { port } = primary.address() as AddressInfo;
  const url = `http://localhost:${port}`;
  issuer.url = url;

  const servers = [primary];
  // "localhost" resolves to ::1 first on some machines (macOS, some containers). Also
  // answering there means every client reaches the issuer URL, whichever address it tries.
  // Best effort: a machine without IPv6 simply keeps the IPv4 listener.
  if (host === "127.0.0.1") {
    const ipv6 = createServer(handler);
    if (
      await listen(ipv6, port, "::1").then(
        () => true,
        () => false,
      )
    )
      servers.push(ipv6);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    issuer: url,
    discoveryUrl: `${url}${DISCOVERY_PATH}`,
    close() {
      closing ??= Promise.all(servers.map(closeServer)).then(() => undefined);
      return closing;
    },
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

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Browsers and fetch keep idle connections open; don't wait for them to time out.
    server.closeAllConnections();
  });
}
