/**
 * `service.ComputeAccessControl` (visitor protection of a deployment) and the password
 * hashing the emulator uses where upstream uses bcrypt (user passwords, basic_auth).
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import { badRequest } from "./app-error.ts";
import { newProtectKey } from "./ids.ts";

export interface AccessControl {
  mode: string;
  accessUser: string;
  accessHash: string;
  accessUsers: string;
  /** The api_key to show once ("" unless mode is api_key). */
  resultKey: string;
}

export const INVALID_MODE_MESSAGE = "Invalid mode. Use: public, basic_auth, api_key, or user.";
export const BASIC_AUTH_REQUIRED_MESSAGE = "Username and password required for basic_auth mode.";

/** `users` is the comma-separated list (multipart) or the joined array (JSON). */
export function computeAccessControl(
  mode: string,
  username: string,
  password: string,
  apiKey: string,
  users: string,
): AccessControl {
  const out: AccessControl = { mode, accessUser: "", accessHash: "", accessUsers: "", resultKey: "" };
  switch (mode) {
    case "basic_auth":
      if (username === "" || password === "") throw badRequest(BASIC_AUTH_REQUIRED_MESSAGE);
      out.accessUser = username;
      out.accessHash = hashPassword(password);
      return out;
    case "api_key": {
      const key = apiKey || newProtectKey();
      out.accessHash = key;
      out.resultKey = key;
      return out;
    }
    case "user":
      out.accessUsers = users;
      return out;
    case "public":
      return out;
    default:
      throw badRequest(INVALID_MODE_MESSAGE);
  }
}

/** scrypt with a random salt: `scrypt$<salt>$<hash>` (bcrypt's role). */
export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password, salt, 32, { N: 1024 });
  return `scrypt$${salt.toString("hex")}$${hash.toString("hex")}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, saltHex, hashHex] = stored.split("$");
  if (scheme !== "scrypt" || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, "hex");
  const actual = scryptSync(password, Buffer.from(saltHex, "hex"), expected.length, { N: 1024 });
  return timingSafeEqual(expected, actual);
}
