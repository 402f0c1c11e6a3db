/**
 * The one feedback pattern (decision 0031): every action ends with a short message. An
 * action that stays on its page says it in its answer (form-reply.ts `succeeded`); an action
 * that moves the person elsewhere (delete, create, promote) carries the message across the
 * redirect in a short-lived cookie, which the next page shows once and clears. It works the
 * same with JavaScript on and off, because both follow the same redirect and load the same
 * page data.
 */
import { parse as parseCookie } from "cookie";
import { createContext, redirect, type MiddlewareFunction, type RouterContextProvider } from "react-router";

const COOKIE = "harbor_notice";
const MAX_LENGTH = 300;

export const noticeContext = createContext<string | null>(null);

/** Go to `url` and say `message` there. */
export function redirectWithNotice(url: string, message: string, init: { headers?: HeadersInit } = {}) {
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", `${COOKIE}=${encodeURIComponent(message.slice(0, MAX_LENGTH))}; Path=/; Max-Age=120; HttpOnly; SameSite=Lax`);
  return redirect(url, { headers });
}

/** Reads the message this request brings (if any) and clears it once a page has used it. */
export const noticeMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
  const message = readNotice(request.headers.get("cookie"));
  context.set(noticeContext, message);
  const response = await next();
  if (message === null) return response;
  // A redirect that sets a new message keeps it for the page it leads to.
  const setsNew = response.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=`));
  const passesOn = response.status >= 300 && response.status < 400 && !setsNew;
  if (!setsNew && !passesOn) {
    try {
      response.headers.append("Set-Cookie", `${COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`);
    } catch {
      // An immutable response (a proxied one) cannot be changed; the message expires on its own.
    }
  }
  return response;
};

/** The message carried to this request, or null. */
export function carriedNotice(context: Readonly<RouterContextProvider>): string | null {
  return context.get(noticeContext);
}

function readNotice(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  // The cookie library decodes the value and never throws on a malformed one.
  const text = parseCookie(cookieHeader)[COOKIE]?.slice(0, MAX_LENGTH).trim();
  return text ? text : null;
}
