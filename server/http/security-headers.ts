/**
 * Headers every response carries. The Content-Security-Policy allows scripts only with
 * this response's nonce; forms may post to us and to Google's sign-in page (a form
 * POST to /sign-in redirects there, and form-action also governs redirects).
 */
export interface SecurityHeaderOptions {
  nonce: string;
  /** Origins our forms may end up at (Google sign-in). */
  formTargets: string[];
  /** Origins images may come from besides our own (profile pictures). */
  imageSources: string[];
  /** Vite's dev server needs inline and eval'd scripts and a websocket. */
  dev: boolean;
  https: boolean;
}

export function contentSecurityPolicy(o: SecurityHeaderOptions): string {
  const script = o.dev ? "'self' 'unsafe-inline' 'unsafe-eval'" : `'self' 'nonce-${o.nonce}' 'strict-dynamic'`;
  return [
    "default-src 'self'",
    `script-src ${script}`,
    "style-src 'self'",
    `img-src 'self' data: ${o.imageSources.join(" ")}`.trim(),
    "font-src 'self'",
    `connect-src 'self'${o.dev ? " ws: wss:" : ""}`,
    `form-action 'self' ${o.formTargets.join(" ")}`.trim(),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

export function applySecurityHeaders(response: Response, o: SecurityHeaderOptions): Response {
  // Responses from fetch() or redirects can have immutable headers.
  const res = new Response(response.body, response);
  const h = res.headers;
  const isHtml = h.get("content-type")?.includes("text/html") ?? false;
  if (isHtml) h.set("Content-Security-Policy", contentSecurityPolicy(o));
  h.set("X-Content-Type-Options", "nosniff");
  h.set("X-Frame-Options", "DENY");
  // A page may ask for less (the invitation page: no-referrer, its address holds a token).
  if (!h.has("Referrer-Policy")) h.set("Referrer-Policy", "strict-origin-when-cross-origin");
  h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Cross-Origin-Resource-Policy", "same-origin");
  if (o.https) h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  // Everything the Worker answers may be about one person (pages, data, redirects, JSON):
  // no shared cache may keep it. (Static files are served before the Worker, with their own.)
  if (!h.has("Cache-Control")) h.set("Cache-Control", "private, no-store");
  return res;
}
