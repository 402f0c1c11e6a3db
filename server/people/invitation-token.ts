/**
 * Invitation tokens: 32 random bytes, base64url (43 characters), sent only in the invitation
 * email. Harbor keeps their SHA-256 (hex), so a copy of the database holds no usable link.
 */
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isTokenShape(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function newInvitationToken(): Promise<{ token: string; hash: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return { token, hash: await hashToken(token) };
}
