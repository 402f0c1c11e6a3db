import { parse } from "cookie";

/** Pass on every Set-Cookie of a Better Auth response (there can be several). */
export function forwardSetCookies(from: Headers): Headers {
  const headers = new Headers();
  for (const cookie of from.getSetCookie()) headers.append("Set-Cookie", cookie);
  return headers;
}

/**
 * One cookie's value from a `Cookie` header, parsed by the `cookie` package (the one React
 * Router's own cookies use); null when it is absent or its value does not URL-decode.
 */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  return parse(header, { decode: decodeOrNothing })[name] ?? null;
}

function decodeOrNothing(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
