import { z } from "zod";

/**
 * The master keyring: versioned AES-256 keys. New secrets are sealed with `current`;
 * older versions stay readable so the master key can rotate without a flag day.
 * Stored as one JSON value: {"current":2,"keys":{"1":"<base64>","2":"<base64>"}}.
 */
export interface Keyring {
  current: number;
  keys: ReadonlyMap<number, Uint8Array<ArrayBuffer>>;
}

const keyringJson = z.object({
  current: z.number().int().positive(),
  keys: z.record(z.string().regex(/^[1-9][0-9]*$/), z.string().min(1)),
});

export class KeyringError extends Error {
  override name = "KeyringError";
}

export function parseKeyring(raw: string): Keyring {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new KeyringError("master keyring is not valid JSON");
  }
  const parsed = keyringJson.safeParse(json);
  if (!parsed.success) throw new KeyringError("master keyring has the wrong shape");
  const keys = new Map<number, Uint8Array<ArrayBuffer>>();
  for (const [version, b64] of Object.entries(parsed.data.keys)) {
    const bytes = base64ToBytes(b64);
    if (bytes.length !== 32) throw new KeyringError(`master key v${version} is not 32 bytes`);
    keys.set(Number(version), bytes);
  }
  if (!keys.has(parsed.data.current)) throw new KeyringError("the current master key version is missing");
  return { current: parsed.data.current, keys };
}

export function serializeKeyring(keyring: Keyring): string {
  const keys: Record<string, string> = {};
  for (const [version, bytes] of keyring.keys) keys[String(version)] = bytesToBase64(bytes);
  return JSON.stringify({ current: keyring.current, keys });
}

/** A fresh keyring, or `keyring` plus a new current version (rotation). */
export function addMasterKey(keyring: Keyring | null): Keyring {
  const keys = new Map(keyring?.keys ?? []);
  const version = Math.max(0, ...keys.keys()) + 1;
  keys.set(version, crypto.getRandomValues(new Uint8Array(32)));
  return { current: version, keys };
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
