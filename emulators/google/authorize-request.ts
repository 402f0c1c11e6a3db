/**
 * Validates an authorization request — from the chooser's query string, or re-posted by
 * its forms — before anything is rendered or anyone is redirected.
 *
 * Errors here are shown as a page, never sent to redirect_uri: until the request checks
 * out, the redirect_uri is just text from a link and may point anywhere.
 */
import { type FormRecord, repeatedParameter, stringParam } from "./form-values.ts";

/** The chooser's own form fields; never mistaken for (or carried as) OAuth parameters. */
export const CHOOSER_FIELDS: ReadonlySet<string> = new Set(["action", "account", "email", "name"]);

export interface AuthorizeRequest {
  clientId: string;
  /** Exactly as sent: the token request must repeat it character for character. */
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  loginHint?: string;
  /** Every parameter the client sent, re-posted as hidden fields by the chooser's forms. */
  carried: Array<[name: string, value: string]>;
}

export interface AuthorizeError {
  status: 400 | 401;
  /** The OAuth error code, shown on the page as Google does ("Error 400: invalid_request"). */
  error: string;
  /** Plain-language explanation for whoever is looking at the page. */
  message: string;
}

export type AuthorizeParseResult = { ok: true; request: AuthorizeRequest } | ({ ok: false } & AuthorizeError);

const PKCE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function parseAuthorizeRequest(source: FormRecord, allowedClientId: string | undefined): AuthorizeParseResult {
  const names = Object.keys(source).filter((name) => !CHOOSER_FIELDS.has(name));
  const repeated = repeatedParameter(source, names);
  if (repeated !== undefined)
    return fail(
      400,
      "invalid_request",
      `The ${repeated} parameter was sent more than once. Each parameter may appear only once.`,
    );

  const clientId = stringParam(source, "client_id");
  if (clientId === undefined)
    return fail(
      400,
      "invalid_request",
      "The client_id parameter is missing, so the app asking you to sign in can't be identified.",
    );
  if (allowedClientId !== undefined && clientId !== allowedClientId) {
    return fail(401, "invalid_client", "The OAuth client was not found. Check the Google client ID the app is configured with.");
  }

  const rawRedirectUri = stringParam(source, "redirect_uri");
  if (rawRedirectUri === undefined)
    return fail(400, "invalid_request", "The redirect_uri parameter is missing, so there is nowhere to send you back to.");
  if (!isUsableRedirectUri(rawRedirectUri))
    return fail(
      400,
      "invalid_request",
      "The redirect_uri parameter must be a full http:// or https:// address without a #fragment.",
    );

  if (stringParam(source, "response_type") !== "code") {
    return fail(400, "unsupported_response_type", "Only response_type=code (the authorization code flow) is supported.");
  }

  const scope = stringParam(source, "scope");
  if (scope === undefined)
    return fail(400, "invalid_request", "The scope parameter is missing. Ask for at least: openid email profile.");

  const codeChallenge = stringParam(source, "code_challenge");
  const codeChallengeMethod = stringParam(source, "code_challenge_method");
  if (codeChallengeMethod !== undefined && codeChallengeMethod !== "S256" && codeChallengeMethod !== "plain") {
    return fail(400, "invalid_request", "The code_challenge_method parameter must be S256 or plain.");
  }
  if (codeChallengeMethod !== undefined && codeChallenge === undefined) {
    return fail(400, "invalid_request", "The code_challenge_method parameter was sent without a code_challenge.");
  }
  if (codeChallenge !== undefined && !PKCE_CHALLENGE.test(codeChallenge)) {
    return fail(
      400,
      "invalid_request",
      "The code_challenge parameter must be 43 to 128 letters, digits or - . _ ~ characters (RFC 7636).",
    );
  }

  const carried: Array<[string, string]> = [];
  for (const name of names) {
    const value = source[name];
    if (typeof value === "string") carried.push([name, value]);
  }

  const request: AuthorizeRequest = {
    clientId,
    redirectUri: rawRedirectUri,
    scope,
    state: stringParam(source, "state"),
    nonce: stringParam(source, "nonce"),
    codeChallenge,
    codeChallengeMethod,
    loginHint: stringParam(source, "login_hint"),
    carried,
  };
  return { ok: true, request };
}

/** Where "Cancel" sends the browser: the client's redirect_uri with the standard denial. */
export function accessDeniedRedirect(request: AuthorizeRequest): string {
  const url = new URL(request.redirectUri);
  url.searchParams.set("error", "access_denied");
  if (request.state !== undefined) url.searchParams.set("state", request.state);
  return url.href;
}

function isUsableRedirectUri(raw: string): boolean {
  if (!URL.canParse(raw)) return false;
  const { protocol } = new URL(raw);
  // RFC 6749 §3.1.2: the redirection endpoint must not include a fragment.
  return (protocol === "http:" || protocol === "https:") && !raw.includes("#");
}

function fail(status: 400 | 401, error: string, message: string): AuthorizeParseResult {
  return { ok: false, status, error, message };
}
