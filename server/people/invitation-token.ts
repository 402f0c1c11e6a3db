/**
 * Invitation tokens: 32 random bytes, base64url (43 characters), sent only in the invitation
 * email. Harbor keeps their SHA-256 (hex), so a copy of the database holds no usable link.
 */
import { sha256Hex } from "../crypto/sha256-hex";

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function isTokenShape(value: unknown): value is string {
  return typeof value === "string" && SHAPE.test(value);
}

/** What is stored (and looked up) for a token: its SHA-256 in hex. */
export const hashToken = (token: string): Promise<string> => sha256Hex(token);

export async function newInvitationToken(): Promise<{ token: string; hash: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const token = btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
  return { token, hash: await hashToken(token) };
}
