/**
 * The account chooser and the error page — the only HTML a person sees in the stand-in.
 *
 * Plain forms, no JavaScript: every choice is a submit button, so the flow works in any
 * browser and in Playwright without waiting for scripts. Each form re-posts the client's
 * original OAuth parameters as hidden fields, so nothing is kept server-side between
 * showing the chooser and the choice.
 */
import type { AuthorizeError, AuthorizeRequest } from "./authorize-request.ts";
import { avatarPath } from "./avatar.ts";
import { escapeHtml, renderPage } from "./html.ts";
import { EMAIL_MAX_LENGTH, emailHash, type Identity, initialsFor, NAME_MAX_LENGTH } from "./identities.ts";

export const CHOOSE_PATH = "/o/oauth2/v2/auth/choose";

export interface TypedAccount {
  email: string;
  name: string;
}

export interface ChooserErrors {
  /** About the choice as a whole, e.g. an account that isn't offered. */
  form?: string;
  email?: string;
  name?: string;
}

export interface ChooserView {
  request: AuthorizeRequest;
  accounts: readonly Identity[];
  /** What was typed into "Use another account", kept when the page is shown again. */
  typed?: TypedAccount;
  errors?: ChooserErrors;
}

export function renderChooserPage(view: ChooserView): string {
  const { request, accounts } = view;
  const typed = view.typed ?? { email: request.loginHint ?? "", name: "" };
  const errors = view.errors ?? {};
  const hidden = hiddenFields(request);
  const firstInvalid = errors.email !== undefined ? "email" : errors.name !== undefined ? "name" : undefined;

  const accountItems = accounts.map((account) => {
    const picture = avatarPath(emailHash(account.email), initialsFor(account));
    return (
      `<li><button type="submit" class="account" name="account" value="${escapeHtml(account.email)}">` +
      `<img src="${escapeHtml(picture)}" alt="" width="32" height="32">` +
      `<span><span class="account-name">${escapeHtml(account.name)}</span>` +
      `<span class="account-email">${escapeHtml(account.email)}</span></span></button></li>`
    );
  });

  const main = `<h1>Choose an account</h1>
<p class="subtitle">to continue to <strong>${escapeHtml(new URL(request.redirectUri).host)}</strong></p>
${errors.form === undefined ? "" : `<p class="form-error" role="alert">${escapeHtml(errors.form)}</p>`}
<form method="post" action="${CHOOSE_PATH}">
${hidden}
<input type="hidden" name="action" value="account">
<ul class="accounts" aria-label="Test accounts">
${accountItems.join("\n")}
</ul>
</form>
<section aria-labelledby="other-heading">
<h2 id="other-heading">Use another account</h2>
<form method="post" action="${CHOOSE_PATH}">
${hidden}
<input type="hidden" name="action" value="other">
${textField({ id: "other-email", name: "email", label: "Email", type: "email", autocomplete: "email", maxLength: EMAIL_MAX_LENGTH, value: typed.email, error: errors.email, autofocus: firstInvalid === "email" })}
${textField({ id: "other-name", name: "name", label: "Name", type: "text", autocomplete: "name", maxLength: NAME_MAX_LENGTH, value: typed.name, error: errors.name, autofocus: firstInvalid === "name" })}
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
</section>
<form method="post" action="${CHOOSE_PATH}" class="cancel">
${hidden}
<input type="hidden" name="action" value="cancel">
<button type="submit" class="secondary">Cancel</button>
</form>`;
  return renderPage("Choose an account", main);
}

/** Shown instead of the chooser when the request itself is unusable. */
export function renderErrorPage(problem: AuthorizeError): string {
  const main = `<h1>Access blocked: this sign-in request is invalid</h1>
<p>${escapeHtml(problem.message)}</p>
<p class="code">Error ${problem.status}: ${escapeHtml(problem.error)}</p>
<p>Check the sign-in link or the app's Google sign-in settings, then try again.</p>`;
  return renderPage("Sign-in error", main);
}

function hiddenFields(request: AuthorizeRequest): string {
  return request.carried
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
}

interface TextField {
  id: string;
  name: string;
  label: string;
  type: "email" | "text";
  autocomplete: string;
  maxLength: number;
  value: string;
  error: string | undefined;
  autofocus: boolean;
}

function textField(field: TextField): string {
  const errorId = `${field.id}-error`;
  const invalid = field.error === undefined ? "" : ` aria-invalid="true" aria-describedby="${errorId}"`;
  const spellcheck = field.type === "email" ? ` spellcheck="false" autocapitalize="none"` : "";
  return `<div class="field">
<label for="${field.id}">${escapeHtml(field.label)}</label>
<input id="${field.id}" name="${field.name}" type="${field.type}" autocomplete="${field.autocomplete}" maxlength="${field.maxLength}" required value="${escapeHtml(field.value)}"${spellcheck}${invalid}${field.autofocus ? " autofocus" : ""}>
${field.error === undefined ? "" : `<p class="error" id="${errorId}">${escapeHtml(field.error)}</p>`}
</div>`;
}
