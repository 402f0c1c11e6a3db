/**
 * Better Auth answers its refusals in its own words ("[body.token] Invalid input…",
 * "Missing or null Origin", codes like VALIDATION_ERROR) and an unknown endpoint with an
 * empty 404. Only our pages and Google's redirect reach /api/auth/*, and we use no Better
 * Auth client that reads those codes, so every refusal is re-said in plain words here:
 * a page for a browser, `{ "message": … }` for anything else. Successes and redirects pass
 * through untouched.
 */
import { SIGN_IN_REFUSALS } from "../../domain/vocabulary";
import { renderPlainPage } from "../http/plain-pages";

export async function inPlainWords(request: Request, response: Response): Promise<Response> {
  if (response.status < 400) return response;
  await response.body?.cancel();
  const message = messageFor(response.status);
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (wantsPage(request)) {
    const page = renderPlainPage(response.status, SIGN_IN_REFUSALS.title, message);
    page.headers.forEach((value, key) => headers.set(key, value));
    return new Response(page.body, { status: response.status, headers });
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify({ message }), { status: response.status, headers });
}

function messageFor(status: number): string {
  if (status === 400 || status === 422) return SIGN_IN_REFUSALS.badRequest;
  if (status === 401) return SIGN_IN_REFUSALS.signedOut;
  if (status === 403) return SIGN_IN_REFUSALS.otherSite;
  if (status === 404 || status === 405) return SIGN_IN_REFUSALS.notFound;
  if (status === 429) return SIGN_IN_REFUSALS.tooMany;
  return SIGN_IN_REFUSALS.other;
}

/** A browser opening the address (not a script asking for data). */
function wantsPage(request: Request): boolean {
  return request.method === "GET" && (request.headers.get("accept") ?? "").includes("text/html");
}
