import type { Keyring } from "./keyring";

/**
 * Envelope encryption (AES-256-GCM). Each secret gets its own random data key; the data
 * key is wrapped by a master key from the keyring. Rotating the master key means
 * re-wrapping data keys (`rewrap`), never re-encrypting secrets.
 *
 * `context` is bound as additional authenticated data (e.g. the workspace id), so a
 * ciphertext copied onto another row fails to open.
 */
export type Bytes = Uint8Array<ArrayBuffer>;

export interface SealedSecret {
  ciphertext: Bytes;
  nonce: Bytes;
  wrappedDataKey: Bytes;
  wrappedDataKeyNonce: Bytes;
  keyVersion: number;
}

export class DecryptionError extends Error {
  override name = "DecryptionError";
}

const NONCE_BYTES = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function seal(plaintext: string, keyring: Keyring, context: string): Promise<SealedSecret> {
  const dataKey = crypto.getRandomValues(new Uint8Array(32));
  const nonce = randomNonce();
  const ciphertext = await aesGcm("encrypt", dataKey, nonce, encoder.encode(plaintext), dataAad(context));
  const wrapped = await wrapDataKey(dataKey, keyring, keyring.current, context);
  dataKey.fill(0);
  return { ciphertext, nonce, ...wrapped };
}

export async function open(sealed: SealedSecret, keyring: Keyring, context: string): Promise<string> {
  const dataKey = await unwrapDataKey(sealed, keyring, context);
  try {
    const plain = await aesGcm("decrypt", dataKey, sealed.nonce, sealed.ciphertext, dataAad(context));
    return decoder.decode(plain);
  } catch {
    throw new DecryptionError("secret could not be decrypted");
  } finally {
    dataKey.fill(0);
  }
}

/** Re-wrap the data key under the current master key; the ciphertext is untouched. */
export async function rewrap(sealed: SealedSecret, keyring: Keyring, context: string): Promise<SealedSecret> {
  if (sealed.keyVersion === keyring.current) return sealed;
  const dataKey = await unwrapDataKey(sealed, keyring, context);
  try {
    return { ...sealed, ...(await wrapDataKey(dataKey, keyring, keyring.current, context)) };
  } finally {
    dataKey.fill(0);
  }
}

async function wrapDataKey(dataKey: Bytes, keyring: Keyring, version: number, context: string) {
  const master = keyring.keys.get(version);
  if (!master) throw new DecryptionError(`master key v${version} is not in the keyring`);
  const wrappedDataKeyNonce = randomNonce();
  const wrappedDataKey = await aesGcm("encrypt", master, wrappedDataKeyNonce, dataKey, wrapAad(version, context));
  return { wrappedDataKey, wrappedDataKeyNonce, keyVersion: version };
}

async function unwrapDataKey(sealed: SealedSecret, keyring: Keyring, context: string): Promise<Bytes> {
  const master = keyring.keys.get(sealed.keyVersion);
  if (!master) throw new DecryptionError(`master key v${sealed.keyVersion} is not in the keyring`);
  try {
    return await aesGcm(
      "decrypt",
      master,
      sealed.wrappedDataKeyNonce,
      sealed.wrappedDataKey,
      wrapAad(sealed.keyVersion, context),
    );
  } catch {
    throw new DecryptionError("data key could not be unwrapped");
  }
}

async function aesGcm(op: "encrypt" | "decrypt", rawKey: Bytes, nonce: Bytes, data: Bytes, aad: Bytes): Promise<Bytes> {
  const key = await crypto.subtle.importKey("raw", rawKey, "AES-GCM", false, [op]);
  const params = { name: "AES-GCM", iv: nonce, additionalData: aad };
  const out = op === "encrypt" ? await crypto.subtle.encrypt(params, key, data) : await crypto.subtle.decrypt(params, key, data);
  return new Uint8Array(out);
}

const randomNonce = () => crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
const dataAad = (context: string) => encoder.encode(`harbor:secret:${context}`);
const wrapAad = (version: number, context: string) => encoder.encode(`harbor:data-key:v${version}:${context}`);
