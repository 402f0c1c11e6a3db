/**
 * Everything a local run needs before the app starts: local secrets (.dev.vars), the
 * master keyring in the local Secrets Store, and the D1 migrations applied.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ensureDevVars, ROOT, type LocalWorld } from "../local-world.ts";
import { run } from "./processes.ts";

export async function prepareLocal(world: LocalWorld, stateDir = world.stateDir): Promise<void> {
  ensureDevVars();
  await ensureMasterKeyring(stateDir);
  await applyMigrations(stateDir);
}

export async function applyMigrations(stateDir: string): Promise<void> {
  await run("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir], {
    quiet: true,
    env: { CI: "1" },
  });
}

/** A fresh local keyring (one random AES-256 key), created once per local data folder. */
export async function ensureMasterKeyring(stateDir: string): Promise<void> {
  const { storeId, secretName } = secretsStoreBinding();
  if (existsSync(path.join(stateDir, "v3", "secrets-store", storeId))) return;
  const keyring = JSON.stringify({ current: 1, keys: { "1": randomBytes(32).toString("base64") } });
  await run(
    "npx",
    [
      "wrangler",
      "secrets-store",
      "secret",
      "create",
      storeId,
      "--name",
      secretName,
      "--value",
      keyring,
      "--scopes",
      "workers",
      "--persist-to",
      stateDir,
    ],
    { quiet: true },
  );
}

function secretsStoreBinding(): { storeId: string; secretName: string } {
  const config = readFileSync(path.join(ROOT, "wrangler.jsonc"), "utf8");
  const storeId = /"store_id"\s*:\s*"([^"]+)"/.exec(config)?.[1];
  const secretName = /"secret_name"\s*:\s*"([^"]+)"/.exec(config)?.[1];
  if (!storeId || !secretName) throw new Error("wrangler.jsonc has no secrets_store_secrets entry");
  return { storeId, secretName };
}
