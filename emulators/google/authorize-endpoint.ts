/**
 * Google's authorization endpoint: shows the account chooser, and on a choice hands the
 * request to oauth2-mock-server's own authorize handler, so nonce and PKCE bookkeeping stay
 * the library's. The code it issues is tied to the chosen person in `beforeAuthorizeRedirect`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { MutableRedirectUri, OAuth2Service } from "oauth2-mock-server";
import { accessDeniedRedirect, type AuthorizeRequest, parseAuthorizeRequest } from "./authorize-request.ts";
import { capture, syntheticRequest } from "./builtin-handler.ts";
import { CHOOSE_PATH, type ChooserErrors, renderChooserPage, renderErrorPage, type TypedAccount } from "./chooser-page.ts";
import { asRecord, type FormRecord, stringParam } from "./form-values.ts";
import type { GrantStore } from "./grants.ts";
import {
  findKnownAccount,
  type Identity,
  isAcceptableName,
  isPlausibleEmail,
  KNOWN_ACCOUNTS,
  NAME_MAX_LENGTH,
  normaliseEmail,
  normaliseName,
} from "./identities.ts";
import { sendHtml, sendSeeOther } from "./responses.ts";

/** Google's path, so URLs in logs and tests look like production's. */
export const AUTHORIZE_PATH = "/o/oauth2/v2/auth";

export interface AuthorizeEndpointOptions {
  service: OAuth2Service;
  grants: GrantStore;
  /** Where the library's built-in authorize handler was moved to. */
  internalAuthorizePath: string;
  /** When set, only this client may start a sign-in. */
  allowedClientId: string | undefined;
}

type Choice =
  { kind: "cancel" } | { kind: "chosen"; identity: Identity } | { kind: "invalid"; typed?: TypedAccount; errors: ChooserErrors };

export function installAuthorizeEndpoint(options: AuthorizeEndpointOptions): void {
  const { service, grants, allowedClientId } = options;
  // Who was chosen, keyed by the synthetic request handed to the library, so the
  // redirect hook (which only sees that request) knows whom the new code signs in.
  const choices = new WeakMap<IncomingMessage, { identity: Identity; request: AuthorizeRequest }>();

  service.on("beforeAuthorizeRedirect", (redirect: MutableRedirectUri, req: IncomingMessage) => {
    const choice = choices.get(req);
    const code = redirect.url.searchParams.get("code");
    if (choice === undefined || code === null) return;
    grants.issue(code, {
      identity: choice.identity,
      clientId: choice.request.clientId,
      redirectUri: choice.request.redirectUri,
      scope: choice.request.scope,
      hasCodeChallenge: choice.request.codeChallenge !== undefined,
    });
  });

  service.addRoute("GET", AUTHORIZE_PATH, (req, res) => {
    const parsed = parseAuthorizeRequest(req.query, allowedClientId);
    if (!parsed.ok) return sendHtml(res, parsed.status, renderErrorPage(parsed));
    sendHtml(res, 200, renderChooserPage({ request: parsed.request, accounts: KNOWN_ACCOUNTS }));
  });

  service.addRoute("POST", CHOOSE_PATH, async (req, res) => {
    const form = asRecord(req.body);
    const parsed = parseAuthorizeRequest(form, allowedClientId);
    if (!parsed.ok) return sendHtml(res, parsed.status, renderErrorPage(parsed));
    const { request } = parsed;
    const choice = readChoice(form);
    if (choice.kind === "cancel") return sendSeeOther(res, accessDeniedRedirect(request));
    if (choice.kind === "invalid") {
      return sendHtml(
        res,
        400,
        renderChooserPage({ request, accounts: KNOWN_ACCOUNTS, typed: choice.typed, errors: choice.errors }),
      );
    }

    const internal = syntheticRequest({ method: "GET", url: `${options.internalAuthorizePath}?${builtInQuery(request)}` });
    choices.set(internal, { identity: choice.identity, request });
    const result = await capture(service.requestHandler, internal);
    const location = result.headers.get("location");
    if (result.status !== 302 || location === undefined) return sendBuiltInFailure(res, result.body);
    sendSeeOther(res, location);
  });
}

function readChoice(form: FormRecord): Choice {
  const action = stringParam(form, "action");
  if (action === "cancel") return { kind: "cancel" };

  if (action === "account") {
    const identity = findKnownAccount(stringParam(form, "account") ?? "");
    if (identity !== undefined) return { kind: "chosen", identity };
    return {
      kind: "invalid",
      errors: { form: "That account isn't offered here. Choose one of the accounts below, or use another account." },
    };
  }

  if (action === "other") {
    const typed = { email: rawText(form, "email"), name: rawText(form, "name") };
    const email = normaliseEmail(typed.email);
    const name = normaliseName(typed.name);
    const errors: ChooserErrors = {};
    if (!isPlausibleEmail(email)) errors.email = "Enter an email address in the format name@example.com.";
    if (!isAcceptableName(name)) errors.name = `Enter a name between 1 and ${NAME_MAX_LENGTH} characters long.`;
    if (errors.email !== undefined || errors.name !== undefined) return { kind: "invalid", typed, errors };
    return { kind: "chosen", identity: { email, name } };
  }

  return { kind: "invalid", errors: { form: "Choose an account to continue." } };
}

/** What the person typed, for showing it again; repeated or missing fields read as empty. */
function rawText(form: FormRecord, name: string): string {
  const value = form[name];
  return typeof value === "string" ? value : "";
}

/** Only the parameters the library's handler understands; everything was validated already. */
function builtInQuery(request: AuthorizeRequest): URLSearchParams {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scope,
  });
  if (request.state !== undefined) query.set("state", request.state);
  if (request.nonce !== undefined) query.set("nonce", request.nonce);
  if (request.codeChallenge !== undefined) query.set("code_challenge", request.codeChallenge);
  if (request.codeChallengeMethod !== undefined) query.set("code_challenge_method", request.codeChallengeMethod);
  return query;
}

/** The library answers bad input with problem+json; show its detail on our error page. */
function sendBuiltInFailure(res: ServerResponse, body: string): void {
  let detail = "The sign-in request could not be completed.";
  try {
    const parsed: unknown = JSON.parse(body);
    const text = asRecord(parsed)["detail"];
    if (typeof text === "string") detail = `The sign-in request could not be completed: ${text}`;
  } catch {
    // Not JSON: keep the generic message.
  }
  sendHtml(res, 400, renderErrorPage({ status: 400, error: "invalid_request", message: detail }));
}
