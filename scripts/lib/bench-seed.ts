/**
 * Seeds the bench's local D1 directly (wrangler d1 execute on a SQL file), for numbers
 * that need many rows: workspaces for one account, and workspaces due for reconciling.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "../local-world.ts";

export async function seedWorkspacesFor(stateDir: string, email: string, count: number): Promise<void> {
  const [account] = await queryD1<{ id: string }>(stateDir, `SELECT id FROM accounts WHERE email = '${email}'`);
  if (!account) throw new Error(`no account ${email}`);
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `ws_list_${email.split("@")[0]}_${i}`;
    rows.push(
      `INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state) VALUES ('${id}', '${id.replaceAll("_", "-")}', 'Workspace ${i}', '${account.id}', '${account.id}', 'ready');`,
      `INSERT INTO memberships (account_id, workspace_id, role) VALUES ('${account.id}', '${id}', 'owner');`,
      // Reconciled recently, so the reconciler numbers below only count their own rows.
      `INSERT INTO workspace_instances (workspace_id, region, desired_state, workspace_state, last_reconciled_at) VALUES ('${id}', 'eu-west', 'running', 'ready', ${Date.now() + 3_600_000});`,
    );
  }
  execSql(stateDir, rows.join("\n"));
}

/** `count` workspaces never reconciled, owned by a bench account. */
export async function seedDueWorkspaces(stateDir: string, count: number): Promise<void> {
  const [account] = await queryD1<{ id: string }>(stateDir, "SELECT id FROM accounts WHERE email = 'ada@example.com'");
  const existing = (await queryD1<{ n: number }>(stateDir, "SELECT count(*) AS n FROM workspaces WHERE id LIKE 'ws_due_%'"))[0]?.n ?? 0;
  const rows: string[] = [];
  for (let i = existing; i < count; i++) {
    const id = `ws_due_${String(i).padStart(6, "0")}`;
    rows.push(
      `INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state) VALUES ('${id}', '${id.replaceAll("_", "-")}', '${id}', '${account!.id}', '${account!.id}', 'ready');`,
      `INSERT INTO workspace_instances (workspace_id, region, desired_state, workspace_state) VALUES ('${id}', 'eu-west', 'running', 'ready');`,
    );
  }
  // Every due row counts again (the first round marked some reconciled).
  rows.push("UPDATE workspace_instances SET last_reconciled_at = NULL WHERE workspace_id LIKE 'ws_due_%';");
  execSql(stateDir, rows.join("\n"));
}

export async function queryD1<T>(stateDir: string, sql: string): Promise<T[]> {
  const out = execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--json", "--command", sql], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  const parsed = JSON.parse(out) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}

function execSql(stateDir: string, sql: string): void {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bench-")), "seed.sql");
  writeFileSync(file, sql);
  execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file, "--yes"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, CI: "1" },
  });
}
