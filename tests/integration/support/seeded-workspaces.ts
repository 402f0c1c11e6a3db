/**
 * Ready workspaces in bulk, for tests about the coordinator rather than about setting up:
 * real instances in the infra stand-in, and D1 rows as a phase-1 workspace left them
 * (lifecycle_version 0, no coordinator record yet) — so their coordinators start by
 * importing from D1, as every existing workspace does after the upgrade.
 */
import { env } from "cloudflare:workers";
import { seal } from "../../../server/crypto/envelope";
import { readMasterKeyring } from "../../../server/bindings/master-keyring";
import { infraControl } from "./infra-world";

export interface SeededWorkspace {
  id: string;
  resourceId: string;
  /** The sequence the stand-in's instance is at (its events start after it). */
  sequence: number;
}

let counter = 0;

export async function seedReadyWorkspaces(count: number, options: { plan?: string } = {}): Promise<SeededWorkspace[]> {
  const tag = `${Date.now().toString(36)}${(counter++).toString(36)}`;
  const accountId = `acc_seed_${tag}`;
  const ids = Array.from({ length: count }, (_, i) => `ws_seed_${tag}_${i}`);
  const { instances } = await infraControl<{
    instances: { resourceId: string; workspaceId: string; adminKey: string; endpointUrl: string }[];
  }>("seed", {
    workspaceIds: ids,
  });
  const keyring = await readMasterKeyring(env);
  const at = Date.now();
  const statements: D1PreparedStatement[] = [
    env.DB.prepare("INSERT INTO accounts (id, email, name, plan_id, billing_state) VALUES (?, ?, ?, ?, ?)").bind(
      accountId,
      `${accountId}@example.com`,
      "Seeded",
      options.plan ?? "pro@1",
      (options.plan ?? "pro@1").startsWith("trial") ? "trial" : "active",
    ),
  ];
  for (const instance of instances) {
    const id = instance.workspaceId;
    const sealed = await seal(instance.adminKey, keyring, id);
    statements.push(
      env.DB.prepare(
        "INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'ready', ?, ?)",
      ).bind(id, id.replaceAll("_", "-"), `Seeded ${id}`, accountId, accountId, at, at),
      env.DB.prepare("INSERT INTO memberships (account_id, workspace_id, role, joined_at) VALUES (?, ?, 'owner', ?)").bind(
        accountId,
        id,
        at,
      ),
      env.DB.prepare(
        `INSERT INTO workspace_instances (workspace_id, infra_resource_id, region, endpoint_url, desired_state, workspace_state, infra_state, infra_sequence, last_reconciled_at, created_at, updated_at)
         VALUES (?, ?, 'eu-west', ?, 'running', 'ready', 'running', 1, ?, ?, ?)`,
      ).bind(id, instance.resourceId, instance.endpointUrl, at, at, at),
      env.DB.prepare(
        `INSERT INTO workspace_credentials (workspace_id, admin_key_ciphertext, admin_key_nonce, wrapped_data_key, wrapped_data_key_nonce, key_version, admin_openberth_user_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'usr_seeded', ?)`,
      ).bind(id, sealed.ciphertext, sealed.nonce, sealed.wrappedDataKey, sealed.wrappedDataKeyNonce, sealed.keyVersion, at),
    );
  }
  await env.DB.batch(statements);
  return instances.map((i) => ({ id: i.workspaceId, resourceId: i.resourceId, sequence: 1 }));
}

/**
 * Bare D1 rows of `count` Ready workspaces (no server behind them, no coordinator record):
 * for tests of paging over many workspaces, not of what happens to each.
 */
export async function seedBareWorkspaceRows(count: number, accountId: string): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (let start = 0; start < count; start += 10) {
    const ids = Array.from({ length: Math.min(10, count - start) }, (_, i) => `ws_bulk_${String(start + i).padStart(5, "0")}`);
    statements.push(
      env.DB.prepare(
        `INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state) VALUES ${ids.map(() => "(?, ?, ?, ?, ?, 'ready')").join(", ")}`,
      ).bind(...ids.flatMap((id) => [id, id.replaceAll("_", "-"), id, accountId, accountId])),
      env.DB.prepare(
        `INSERT INTO workspace_instances (workspace_id, region, desired_state, workspace_state) VALUES ${ids.map(() => "(?, 'eu-west', 'running', 'ready')").join(", ")}`,
      ).bind(...ids),
    );
  }
  for (let i = 0; i < statements.length; i += 100) await env.DB.batch(statements.slice(i, i + 100));
}
