/**
 * Where to send someone after signing in: only a path on our own site. Anything else
 * (another host, "//evil.example", "/\\evil", javascript:, control characters) falls back.
 * The check runs again AFTER normalising: `new URL()` turns "/.//evil.example" (or
 * "/%2e//…", "/a/..//…") into "//evil.example", which a browser reads as another host.
 * React Router's data requests ("/page.data", "/_root.data") become their page, so nobody
 * lands on raw data after signing in.
 */
export function safeRedirectPath(input: unknown, fallback = "/"): string {
  if (typeof input !== "string" || input.length === 0 || input.length > 1024) return fallback;
  if (!isLocalPath(input) || /[\u0000-\u001f\u007f\\]/.test(input)) return fallback;
  try {
    const base = "http://harbor.invalid";
    const url = new URL(input, base);
    if (url.origin !== base) return fallback;
    url.searchParams.delete("_routes");
    const pathname = url.pathname === "/_root.data" ? "/" : url.pathname.replace(/\.data$/, "");
    const path = `${pathname}${url.search}${url.hash}`;
    return isLocalPath(path) && !/[\\]/.test(decodeURIComponentSafe(pathname)) ? path : fallback;
  } catch {
    return fallback;
  }
}

/** One slash, then not a second one (or a backslash, which browsers read as one). */
function isLocalPath(path: string): boolean {
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return "\\";
  }
}
