/**
 * Where to send someone after signing in: only a path on our own site. Anything else
 * (another host, "//evil.example", "/\\evil", javascript:, control characters) falls back.
 */
export function safeRedirectPath(input: unknown, fallback = "/"): string {
  if (typeof input !== "string" || input.length === 0 || input.length > 1024) return fallback;
  if (!input.startsWith("/") || input.startsWith("//") || input.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f\u007f\\]/.test(input)) return fallback;
  try {
    const base = "http://harbor.invalid";
    const url = new URL(input, base);
    if (url.origin !== base) return fallback;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return fallback;
  }
}
