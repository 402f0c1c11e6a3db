/**
 * Cross-site request forgery guard for our own forms: a request that changes something
 * must say it comes from our own pages — its `Origin` is ours, or (for clients that send
 * no Origin) `Sec-Fetch-Site: same-origin`, or a `Referer` on our own origin. A request that
 * says none of these is refused: it may carry the person's cookie without their knowing.
 *
 * Not our forms: the signed webhooks, Better Auth's endpoints (which check the origin
 * themselves, tested), and the local test controls (only in builds made with them).
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PREFIXES = ["/webhooks/", "/api/auth/", "/__test/"];

export function isCrossSiteMutation(request: Request, appOrigin: string): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const url = new URL(request.url);
  if (EXEMPT_PREFIXES.some((p) => url.pathname.startsWith(p))) return false;
  const own = new Set([appOrigin, url.origin]);
  const origin = request.headers.get("origin");
  // A page with `Referrer-Policy: no-referrer` (the invitation page) makes the browser send
  // `Origin: null`; then only the browser's own Sec-Fetch-Site can say it was our page.
  if (origin === "null") return request.headers.get("sec-fetch-site") !== "same-origin";
  if (origin !== null) return !own.has(origin);
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin";
  return !own.has(refererOrigin(request.headers.get("referer")));
}

function refererOrigin(referer: string | null): string {
  if (!referer) return "";
  try {
    return new URL(referer).origin;
  } catch {
    return "";
  }
}

/**
 * A form from our own page with `Referrer-Policy: no-referrer` (the invitation page) arrives
 * with `Origin: null`. When the browser's own Sec-Fetch-Site says same-origin, the request is
 * handed on with our origin instead, so every check after ours (React Router's, Better Auth's)
 * reads it the same way; any other request is left as it is.
 */
export function withOwnOrigin(request: Request, appOrigin: string): Request {
  if (request.headers.get("origin") !== "null" || request.headers.get("sec-fetch-site") !== "same-origin") return request;
  const headers = new Headers(request.headers);
  headers.set("origin", appOrigin);
  return new Request(request, { headers });
}
