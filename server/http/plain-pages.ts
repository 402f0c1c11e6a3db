/**
 * The few pages answered before the React app runs (a refused cross-site form, a method we
 * don't take, an address too long to read). Plain HTML in our words (domain/vocabulary);
 * no stack traces, no jargon.
 */
import { ERROR_PAGES, PLAIN_PAGES } from "../../domain/vocabulary";

export function renderForbiddenOrigin(): Response {
  return plainPage(403, PLAIN_PAGES.otherSite.title, PLAIN_PAGES.otherSite.body);
}

/** Anything but GET, HEAD and POST: forms only ever post. */
export function renderMethodNotAllowed(): Response {
  const res = plainPage(405, PLAIN_PAGES.methodNotAllowed.title, PLAIN_PAGES.methodNotAllowed.body);
  res.headers.set("Allow", "GET, HEAD, POST");
  return res;
}

/** An address no route matches at all (the app's own 404 page covers every other one). */
export function renderNotFound(): Response {
  return plainPage(404, ERROR_PAGES.notFound.title, ERROR_PAGES.notFound.body);
}

export function renderAddressTooLong(): Response {
  return plainPage(414, PLAIN_PAGES.addressTooLong.title, PLAIN_PAGES.addressTooLong.body);
}

/** A plain page in our words, for the few answers made outside the React app. */
export function renderPlainPage(status: number, title: string, body: string): Response {
  return plainPage(status, title, body);
}

function plainPage(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Harbor</title></head><body><main><h1>${title}</h1><p>${body}</p><p><a href="/">Go to Harbor</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
