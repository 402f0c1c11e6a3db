/**
 * Cross-site request forgery guard for our own forms: a request that changes something
 * must come from our own pages. Browsers send `Origin` on every POST; when a client
 * sends neither Origin nor Sec-Fetch-Site it is not a browser and carries no ambient
 * cookies we rely on, so it passes and meets the usual sign-in checks.
 *
 * Webhooks (signed) and Better Auth's endpoints (own checks) are not our forms.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PREFIXES = ["/webhooks/", "/api/auth/"];

export function isCrossSiteMutation(request: Request, appOrigin: string): boolean {
  const own = new Set([appOrigin, new URL(request.url).origin]);
  if (SAFE_METHODS.has(request.method)) return false;
  const { pathname } = new URL(request.url);
  if (EXEMPT_PREFIXES.some((p) => pathname.startsWith(p))) return false;
  const origin = request.headers.get("origin");
  if (origin !== null) return !own.has(origin);
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site !== "same-origin" && site !== "none";
  return false;
}
