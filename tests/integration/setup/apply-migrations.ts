import { adminSecretsStore, applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { TEST_KEYRING } from "./test-keyring";

// Storage is isolated per test file: each file starts with migrated, empty tables and
// a master keyring in the local Secrets Store.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
{
  using admin = adminSecretsStore(env.MASTER_KEYRING);
  const existing = await admin.list();
  if (existing.length === 0) await admin.create(TEST_KEYRING);
}
