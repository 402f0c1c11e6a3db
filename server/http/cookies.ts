/** Pass on every Set-Cookie of a Better Auth response (there can be several). */
export function forwardSetCookies(from: Headers): Headers {
  const headers = new Headers();
  for (const cookie of from.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
}
