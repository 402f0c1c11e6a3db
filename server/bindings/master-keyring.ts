import { parseKeyring, type Keyring } from "../crypto/keyring";

/**
 * The one accessor for the master keyring. It lives in the Secrets Store (binding
 * MASTER_KEYRING) in production and locally alike; local runs seed a random one
 * (scripts/lib/prepare-local.ts, tests/integration/setup). Read per use, never cached
 * (principle 06).
 */
export async function readMasterKeyring(env: Pick<Env, "MASTER_KEYRING">): Promise<Keyring> {
  return parseKeyring(await env.MASTER_KEYRING.get());
}
