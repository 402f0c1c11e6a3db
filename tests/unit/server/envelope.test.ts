import { describe, expect, it } from "vitest";
import { DecryptionError, open, rewrap, seal } from "../../../server/crypto/envelope";
import { addMasterKey, parseKeyring, serializeKeyring, KeyringError } from "../../../server/crypto/keyring";

const ADMIN_KEY = "sk_admin_2b7f0c9e4d1a8b3c6e5f7a9d0c1b2e3f";

describe("envelope encryption", () => {
  const keyring = addMasterKey(null);

  it("round-trips a secret, and the ciphertext does not contain it", async () => {
    const sealed = await seal(ADMIN_KEY, keyring, "ws_1");
    expect(new TextDecoder().decode(sealed.ciphertext)).not.toContain(ADMIN_KEY);
    expect(sealed.nonce).toHaveLength(12);
    expect(sealed.wrappedDataKeyNonce).toHaveLength(12);
    expect(sealed.keyVersion).toBe(1);
    expect(await open(sealed, keyring, "ws_1")).toBe(ADMIN_KEY);
  });

  it("gives every secret its own data key and nonce", async () => {
    const a = await seal(ADMIN_KEY, keyring, "ws_1");
    const b = await seal(ADMIN_KEY, keyring, "ws_1");
    expect(a.ciphertext).not.toEqual(b.ciphertext);
    expect(a.wrappedDataKey).not.toEqual(b.wrappedDataKey);
    expect(a.nonce).not.toEqual(b.nonce);
  });

  it("refuses a tampered ciphertext, nonce or wrapped key", async () => {
    const sealed = await seal(ADMIN_KEY, keyring, "ws_1");
    const flip = (bytes: Uint8Array<ArrayBuffer>) => {
      const copy = new Uint8Array(bytes);
      copy[0] = copy[0]! ^ 0x01;
      return copy;
    };
    await expect(open({ ...sealed, ciphertext: flip(sealed.ciphertext) }, keyring, "ws_1")).rejects.toThrow(DecryptionError);
    await expect(open({ ...sealed, nonce: flip(sealed.nonce) }, keyring, "ws_1")).rejects.toThrow(DecryptionError);
    await expect(open({ ...sealed, wrappedDataKey: flip(sealed.wrappedDataKey) }, keyring, "ws_1")).rejects.toThrow(
      DecryptionError,
    );
  });

  it("refuses a ciphertext moved onto another workspace's row", async () => {
    const sealed = await seal(ADMIN_KEY, keyring, "ws_1");
    await expect(open(sealed, keyring, "ws_2")).rejects.toThrow(DecryptionError);
  });

  it("refuses the wrong master key", async () => {
    const sealed = await seal(ADMIN_KEY, keyring, "ws_1");
    const other = addMasterKey(null);
    await expect(open(sealed, other, "ws_1")).rejects.toThrow(DecryptionError);
  });

  it("refuses a key version the keyring does not have", async () => {
    const sealed = await seal(ADMIN_KEY, keyring, "ws_1");
    await expect(open({ ...sealed, keyVersion: 7 }, keyring, "ws_1")).rejects.toThrow(/v7/);
  });

  it("rotates: old secrets still open, new ones use the new key, rewrap moves old ones over", async () => {
    const v1 = addMasterKey(null);
    const old = await seal(ADMIN_KEY, v1, "ws_1");
    const v2 = addMasterKey(v1);
    expect(v2.current).toBe(2);
    expect(await open(old, v2, "ws_1")).toBe(ADMIN_KEY);

    const fresh = await seal("new secret", v2, "ws_1");
    expect(fresh.keyVersion).toBe(2);

    const moved = await rewrap(old, v2, "ws_1");
    expect(moved.keyVersion).toBe(2);
    expect(moved.ciphertext).toEqual(old.ciphertext); // the secret itself was not re-encrypted
    // Once rewrapped, version 1 can be retired from the keyring.
    const onlyV2 = parseKeyring(JSON.stringify({ current: 2, keys: { "2": JSON.parse(serializeKeyring(v2)).keys["2"] } }));
    expect(await open(moved, onlyV2, "ws_1")).toBe(ADMIN_KEY);
    await expect(open(old, onlyV2, "ws_1")).rejects.toThrow(DecryptionError);
  });
});

describe("keyring parsing", () => {
  it("reads what it writes", () => {
    const ring = addMasterKey(addMasterKey(null));
    const again = parseKeyring(serializeKeyring(ring));
    expect(again.current).toBe(2);
    expect([...again.keys.keys()]).toEqual([1, 2]);
    expect(again.keys.get(2)).toEqual(ring.keys.get(2));
  });

  it.each([
    ["not json", "nope"],
    ["wrong shape", JSON.stringify({ keys: {} })],
    ["short key", JSON.stringify({ current: 1, keys: { "1": btoa("short") } })],
    ["current missing", JSON.stringify({ current: 2, keys: { "1": btoa("x".repeat(32)) } })],
    ["bad version", JSON.stringify({ current: 1, keys: { one: btoa("x".repeat(32)) } })],
  ])("rejects %s", (_label, raw) => {
    expect(() => parseKeyring(raw)).toThrow(KeyringError);
  });

  it("never puts key material in its error messages", () => {
    const secret = btoa("y".repeat(31));
    try {
      parseKeyring(JSON.stringify({ current: 1, keys: { "1": secret } }));
    } catch (e) {
      expect(String(e)).not.toContain(secret);
    }
  });
});
