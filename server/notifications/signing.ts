/**
 * Standard Webhooks signing (https://www.standardwebhooks.com/): each delivery carries
 *   webhook-id: <delivery id, the same on every retry>
 *   webhook-timestamp: <unix seconds>
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>
 * where the key is the base64-decoded secret after `whsec_`. The secret is per account and
 * per destination, shown once, and kept envelope-encrypted (`notification-secret/<id>`).
 */
const encoder = new TextEncoder();
export const SECRET_PREFIX = "whsec_";

/** A fresh secret: `whsec_` + 32 random bytes in base64. */
export function generateSigningSecret(): string {
  return SECRET_PREFIX + toBase64(crypto.getRandomValues(new Uint8Array(32)));
}

export function secretContext(endpointId: string): string {
  return `notification-secret/${endpointId}`;
}

export async function signatureFor(secret: string, id: string, timestamp: number, body: string): Promise<string> {
  const raw = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = await crypto.subtle.importKey("raw", fromBase64(raw), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${body}`)));
  return `v1,${toBase64(mac)}`;
}

export async function signedHeaders(
  secret: string,
  id: string,
  timestamp: number,
  body: string,
): Promise<Record<string, string>> {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": await signatureFor(secret, id, timestamp, body),
  };
}

/** What a receiver does (tests, the docs' example): any `v1,` signature in the header matches. */
export async function verifySignature(
  secret: string,
  headers: { id: string | null; timestamp: string | null; signature: string | null },
  body: string,
): Promise<boolean> {
  if (!headers.id || !headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const expected = await signatureFor(secret, headers.id, Number(headers.timestamp), body);
  return headers.signature.split(" ").some((s) => constantTimeEqual(s, expected));
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
