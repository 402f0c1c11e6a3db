import { applyD1Migrations, type D1Migration } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";

// D1 always enforces foreign keys, so a migration that rebuilds a table (CREATE new, copy,
// DROP old, RENAME — what drizzle-kit writes to change a CHECK) cascades ON DELETE CASCADE
// into the children and silently deletes their rows (docs/decisions/0024). This file
// replays every migration on a database filled from its live schema and proves that none
// loses a row. It runs on a scratch database, MIGRATION_DB, never on the app's DB.

const db = env.MIGRATION_DB;
const migrations = env.TEST_MIGRATIONS;
const SEED = Number(env.MIGRATION_TEST_SEED ?? 20_240_601);
if (!Number.isInteger(SEED)) throw new Error(`MIGRATION_TEST_SEED must be an integer, not ${env.MIGRATION_TEST_SEED}`);
const ROWS_PER_TABLE = 5;
const replay = `seed ${SEED}; replay with MIGRATION_TEST_SEED=${SEED}`;

describe("every migration keeps every row", () => {
  beforeEach(() => emptyDatabase());

  // Migration 0 creates the schema from nothing; each later one meets a filled database.
  for (const [n, migration] of migrations.entries()) {
    if (n === 0) continue;
    it(migration.name, async () => {
      await applyD1Migrations(db, migrations.slice(0, n));
      const before = await fill(mulberry32(SEED));
      // Guards against a vacuous check: every table really was filled (a trigger may add
      // rows, as the welcome email's does for each account).
      expect(unfilledTables(before), replay).toEqual([]);

      await applyD1Migrations(db, migrations.slice(0, n + 1));

      expect(await lostRows(before), `rows lost by ${migration.name} (${replay})`).toEqual([]);
      expect(await foreignKeyViolations(), replay).toEqual([]);
      expect(await migrationLog()).toEqual(migrations.slice(0, n + 1).map((m) => m.name));
    });
  }
});

describe("the row check can fail", () => {
  beforeEach(() => emptyDatabase());

  // A hand-written rebuild of `workspaces` as drizzle-kit generates it, once with its
  // `PRAGMA foreign_keys=OFF` (a no-op inside D1's migration transaction) and once with
  // `PRAGMA defer_foreign_keys = ON` (D1's advice; it defers checks, not cascades).
  // The CREATE is taken from the live schema so this keeps working as workspaces changes.
  const variants = {
    "as drizzle-kit writes it": { first: "PRAGMA foreign_keys=OFF", last: "PRAGMA foreign_keys=ON" },
    "with defer_foreign_keys": { first: "PRAGMA defer_foreign_keys = ON", last: "PRAGMA defer_foreign_keys = OFF" },
  };
  for (const [variant, pragmas] of Object.entries(variants)) {
    it(`detects the child rows a rebuild of workspaces deletes (${variant})`, async () => {
      await applyD1Migrations(db, migrations);
      const before = await fill(mulberry32(SEED));
      const workspaces = tableNamed(before.tables, "workspaces");
      const rebuild: D1Migration = {
        name: "9999_rebuild-workspaces",
        queries: [
          pragmas.first,
          workspaces.sql.replace(/^CREATE TABLE [`"]?workspaces[`"]?/i, "CREATE TABLE `__new_workspaces`"),
          "INSERT INTO `__new_workspaces` SELECT * FROM `workspaces`",
          "DROP TABLE `workspaces`",
          "ALTER TABLE `__new_workspaces` RENAME TO `workspaces`",
          pragmas.last,
        ],
      };
      await applyD1Migrations(db, [...migrations, rebuild]);

      // Every table whose rows cascade from workspaces is left empty, while workspaces
      // itself kept every row and nothing dangles: only the row check sees the damage.
      const cascading = before.tables
        .filter((t) => t.foreignKeys.some((fk) => fk.table === "workspaces" && fk.onDelete === "CASCADE"))
        .map((t) => t.name);
      expect(cascading).toEqual(
        expect.arrayContaining(["memberships", "workspace_credentials", "workspace_events", "workspace_instances"]),
      );
      const rowsLeft = Object.fromEntries((await lostRows(before)).map((l) => [l.table, l.after]));
      expect(rowsLeft, replay).toMatchObject(Object.fromEntries(cascading.map((t) => [t, 0])));
      expect(rowsLeft).not.toHaveProperty("workspaces");
      expect(await foreignKeyViolations()).toEqual([]);
    });
  }
});

// ── The live schema ─────────────────────────────────────────────────────────────────

interface Column {
  name: string;
  type: string;
  notnull: number;
  pk: number;
}
interface ForeignKey {
  table: string;
  from: string[];
  to: string[];
  onDelete: string;
}
interface Table {
  name: string;
  sql: string;
  columns: Column[];
  foreignKeys: ForeignKey[];
  /** Columns of the primary key or of a unique index: their generated values must differ. */
  unique: Set<string>;
}

// The app's tables: not SQLite's, not D1's own (_cf_*), not the migration log.
const APP_TABLES = "m.type = 'table' AND m.name NOT GLOB 'sqlite_*' AND m.name NOT GLOB '_cf_*' AND m.name != 'd1_migrations'";

/** Every app table, read from sqlite_master and its PRAGMAs, parents before children. */
async function readSchema(): Promise<Table[]> {
  const [tables, columns, foreignKeys, uniqueIndexes] = await db.batch<Record<string, string | number | null>>([
    db.prepare(`SELECT m.name, m.sql FROM sqlite_master m WHERE ${APP_TABLES} ORDER BY m.name`),
    db.prepare(`SELECT m.name AS tbl, c.* FROM sqlite_master m, pragma_table_info(m.name) c WHERE ${APP_TABLES}`),
    db.prepare(
      `SELECT m.name AS tbl, f.* FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE ${APP_TABLES} ORDER BY f.id, f.seq`,
    ),
    db.prepare(
      `SELECT m.name AS tbl, i.name AS col FROM sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
       WHERE ${APP_TABLES} AND l."unique" = 1`,
    ),
  ]);
  const of = <T>(rows: Record<string, unknown>[], table: string) => rows.filter((r) => r.tbl === table) as T[];
  const schema = tables!.results.map(({ name, sql }): Table => {
    const cols = of<Column>(columns!.results, name as string);
    // One entry per foreign key (a composite key has one row per column, same id).
    const fkRows = of<{ id: number; table: string; from: string; to: string | null; on_delete: string }>(
      foreignKeys!.results,
      name as string,
    );
    const fks = [...new Set(fkRows.map((r) => r.id))].map((id) => {
      const parts = fkRows.filter((r) => r.id === id);
      return {
        table: parts[0]!.table,
        from: parts.map((p) => p.from),
        to: parts.map((p) => p.to ?? ""),
        onDelete: parts[0]!.on_delete,
      };
    });
    const unique = new Set([
      ...cols.filter((c) => c.pk > 0).map((c) => c.name),
      ...of<{ col: string | null }>(uniqueIndexes!.results, name as string).flatMap((r) => (r.col ? [r.col] : [])),
    ]);
    return { name: name as string, sql: sql as string, columns: cols, foreignKeys: fks, unique };
  });
  // `REFERENCES parent` without columns means the parent's primary key.
  for (const fk of schema.flatMap((t) => t.foreignKeys)) {
    const parentKey = keyColumns(tableNamed(schema, fk.table));
    fk.to = fk.to.map((to, i) => to || parentKey[i]!);
  }
  return parentsFirst(schema);
}

function parentsFirst(tables: Table[]): Table[] {
  const ordered: Table[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    // A table referencing itself is placed like any other (fill() handles the self-reference).
    const ready = tables.filter(
      (t) => !placed.has(t.name) && t.foreignKeys.every((fk) => fk.table === t.name || placed.has(fk.table)),
    );
    if (ready.length === 0)
      throw new Error(`foreign keys form a cycle among ${tables.filter((t) => !placed.has(t.name)).map((t) => t.name)}`);
    for (const t of ready) {
      ordered.push(t);
      placed.add(t.name);
    }
  }
  return ordered;
}

function tableNamed(tables: Table[], name: string): Table {
  const table = tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

/** What identifies a row: its primary key, or all its columns when it has none. */
function keyColumns(table: Table): string[] {
  const pk = table.columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
  return (pk.length > 0 ? pk : table.columns).map((c) => c.name);
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Drops everything (children first, and deferred checks for good measure), so each case starts from nothing. */
async function emptyDatabase(): Promise<void> {
  const views = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").all<{ name: string }>();
  await db.batch([
    db.prepare("PRAGMA defer_foreign_keys = ON"),
    ...views.results.map((v) => db.prepare(`DROP VIEW ${quote(v.name)}`)),
    ...(await readSchema()).reverse().map((t) => db.prepare(`DROP TABLE ${quote(t.name)}`)),
    db.prepare("DROP TABLE IF EXISTS d1_migrations"),
  ]);
}

// ── Filling ─────────────────────────────────────────────────────────────────────────

type Value = string | number | Uint8Array | null;
type Row = Record<string, Value>;
interface Filled {
  tables: Table[];
  /** Per table, each row's key (keyColumns) as JSON. */
  keys: Map<string, string[]>;
}

/** Puts ROWS_PER_TABLE rows in every table, each child row referencing existing parents. */
async function fill(random: () => number): Promise<Filled> {
  const tables = await readSchema();
  const rows = new Map<string, Row[]>();
  for (const table of tables) rows.set(table.name, generateRows(table, rows, random));
  await db.batch(
    tables.flatMap((t) =>
      rows.get(t.name)!.map((row) => {
        const names = Object.keys(row);
        return db
          .prepare(`INSERT INTO ${quote(t.name)} (${names.map(quote).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
          .bind(...Object.values(row));
      }),
    ),
  );
  return { tables, keys: await keysByTable(tables) };
}

function generateRows(table: Table, rowsByTable: Map<string, Row[]>, random: () => number): Row[] {
  // Unique columns take the i-th choice (distinct while rows ≤ choices); others a random one.
  const pick = <T>(choices: T[], i: number, distinct: boolean): T =>
    choices[distinct ? i % choices.length : Math.floor(random() * choices.length)]!;
  const references = new Set(table.foreignKeys.flatMap((fk) => fk.from));
  const rows: Row[] = [];
  for (let i = 0; i < ROWS_PER_TABLE; i++) {
    const row: Row = {};
    for (const column of table.columns) {
      if (references.has(column.name)) continue;
      const allowed = checkedValues(table.sql, column.name);
      if (column.notnull === 0 && column.pk === 0 && random() < 0.25) row[column.name] = null;
      else if (allowed) row[column.name] = pick(allowed, i, table.unique.has(column.name));
      else row[column.name] = generatedValue(column, i, random);
    }
    for (const fk of table.foreignKeys) {
      // A self-reference may point at an earlier row or at this one.
      const parents = fk.table === table.name ? [...rows, row] : rowsByTable.get(fk.table);
      if (!parents?.length) throw new Error(`${table.name} references ${fk.table}, which has no rows`);
      const distinct = fk.from.some((c) => table.unique.has(c));
      const parent = pick(parents, i, distinct);
      fk.from.forEach((column, j) => (row[column] = parent[fk.to[j]!]!));
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The values a `CHECK(col IN ('a', 'b'))` in the table's SQL allows, or undefined. Other
 * kinds of CHECK are not understood: an insert they refuse fails the test loudly.
 */
function checkedValues(sql: string, column: string): Value[] | undefined {
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const list = new RegExp(`(?<![\\w])[\`"\\[]?${escaped}[\`"\\]]?\\s+IN\\s*\\(([^)]*)\\)`, "i").exec(sql)?.[1];
  if (list === undefined) return undefined;
  return [...list.matchAll(/'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)/g)].map(([, text, number]) =>
    text !== undefined ? text.replaceAll("''", "'") : Number(number),
  );
}

const BASE_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

/**
 * A value of the column's type affinity (SQLite's rules, in their order), different for
 * every row i so that UNIQUE holds. Integers are timestamps in ms, one day apart per row.
 */
function generatedValue(column: Column, i: number, random: () => number): Value {
  const type = column.type.toUpperCase();
  const timestamp = () => BASE_MS + i * DAY_MS + Math.floor(random() * DAY_MS);
  if (type.includes("INT")) return timestamp();
  if (/CHAR|CLOB|TEXT/.test(type)) return `${column.name}-${i}-${random().toString(36).slice(2, 8)}`;
  if (type === "" || type.includes("BLOB"))
    return Uint8Array.from([i, ...Array.from({ length: 15 }, () => Math.floor(random() * 256))]);
  if (/REAL|FLOA|DOUB/.test(type)) return i + random();
  return timestamp(); // NUMERIC affinity
}

/** mulberry32: a tiny seeded PRNG, so a failure can be replayed with its seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

// ── Checking ────────────────────────────────────────────────────────────────────────

/** Each table's row keys now (a table that is gone has none). */
async function keysByTable(tables: Table[]): Promise<Map<string, string[]>> {
  const existing = await db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").raw<[string]>();
  const present = new Set(existing.map(([name]) => name));
  const keys = await Promise.all(
    tables.map(async (t) => {
      if (!present.has(t.name)) return [];
      const rows = await db.prepare(`SELECT ${keyColumns(t).map(quote).join(", ")} FROM ${quote(t.name)}`).raw();
      return rows.map((r) => JSON.stringify(r));
    }),
  );
  return new Map(tables.map((t, i) => [t.name, keys[i]!]));
}

const unfilledTables = (filled: Filled) =>
  [...filled.keys].filter(([, keys]) => keys.length < ROWS_PER_TABLE).map(([table, keys]) => `${table}: ${keys.length} rows`);

interface Loss {
  table: string;
  before: number;
  after: number;
  missing: string[];
}

/** The "no row lost" check: every row recorded before, by key, must still be there. */
async function lostRows(before: Filled): Promise<Loss[]> {
  const now = await keysByTable(before.tables);
  return [...before.keys].flatMap(([table, keys]) => {
    const after = new Set(now.get(table));
    const missing = keys.filter((k) => !after.has(k));
    return missing.length > 0 ? [{ table, before: keys.length, after: after.size, missing }] : [];
  });
}

async function foreignKeyViolations(): Promise<unknown[]> {
  return (await db.prepare("PRAGMA foreign_key_check").all()).results;
}

async function migrationLog(): Promise<string[]> {
  return (await db.prepare("SELECT name FROM d1_migrations ORDER BY id").raw<[string]>()).map(([name]) => name);
}

describe("migration 0002 (billing)", () => {
  beforeEach(() => emptyDatabase());

  it("copies each pause reason to its new column and gives workspaces already paused release day + 14 days", async () => {
    const index = migrations.findIndex((m) => m.name.startsWith("0002_"));
    await applyD1Migrations(db, migrations.slice(0, index));
    await db.batch([
      db.prepare("INSERT INTO accounts (id, email, name) VALUES ('acc_m', 'm@example.com', 'M')"),
      ...[
        ["ws_paused", "suspended", "trial_ended"],
        ["ws_running", "ready", null],
      ].map(([id, state, reason]) =>
        db
          .prepare(
            "INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id, lifecycle_state, suspension_reason) VALUES (?, ?, ?, 'acc_m', 'acc_m', ?, ?)",
          )
          .bind(id, id, id, state, reason),
      ),
    ]);
    const before = Date.now();
    await applyD1Migrations(db, migrations.slice(0, index + 1));
    const rows = (
      await db.prepare("SELECT id, pause_reason, suspension_grace_ends_at AS grace FROM workspaces ORDER BY id").all<{
        id: string;
        pause_reason: string | null;
        grace: number | null;
      }>()
    ).results;
    expect(rows.map((r) => [r.id, r.pause_reason])).toEqual([
      ["ws_paused", "trial_ended"],
      ["ws_running", null],
    ]);
    const fourteenDays = 14 * 24 * 60 * 60 * 1000;
    expect(rows[0]!.grace!).toBeGreaterThanOrEqual(before + fourteenDays - 1000);
    expect(rows[0]!.grace!).toBeLessThanOrEqual(Date.now() + fourteenDays + 1000);
    expect(rows[1]!.grace).toBeNull();
    // The new reason is accepted by the new column, refused by the old one.
    await db.prepare("UPDATE workspaces SET pause_reason = 'plan_ended' WHERE id = 'ws_running'").run();
    await expect(
      db.prepare("UPDATE workspaces SET suspension_reason = 'plan_ended' WHERE id = 'ws_running'").run(),
    ).rejects.toThrow(/CHECK/);
    const account = await db.prepare("SELECT billing_state FROM accounts WHERE id = 'acc_m'").first<string>("billing_state");
    expect(account).toBe("trial");
  });
});

describe("migration 0004 (lifetimes, open email kinds)", () => {
  beforeEach(() => emptyDatabase());

  it("gives every workspace 'until deleted', keeps sent emails' records, and still writes the welcome email", async () => {
    const index = migrations.findIndex((m) => m.name.startsWith("0004_"));
    await applyD1Migrations(db, migrations.slice(0, index));
    await db.batch([
      db.prepare("INSERT INTO accounts (id, email, name) VALUES ('acc_m', 'm@example.com', 'M')"),
      db.prepare(
        "INSERT INTO workspaces (id, slug, name, created_by_account_id, billing_owner_account_id) VALUES ('ws_1', 'ws-1', 'W', 'acc_m', 'acc_m')",
      ),
      db.prepare(
        "INSERT INTO email_messages (id, outbox_id, address, idempotency_key, status) SELECT 'msg_1', id, 'm@example.com', 'k1', 'sent' FROM email_outbox WHERE account_id = 'acc_m'",
      ),
    ]);
    // A kind the old CHECK refuses (so the rebuild is what lets it in).
    await expect(
      db
        .prepare(
          "INSERT INTO email_outbox (id, account_id, kind, dedupe_key, facts, send_after) VALUES ('o2', 'acc_m', 'deployment-expiring', 'x', '{}', 0)",
        )
        .run(),
    ).rejects.toThrow(/CHECK/);

    await applyD1Migrations(db, migrations.slice(0, index + 1));

    expect(await db.prepare("SELECT default_ttl FROM workspaces").first("default_ttl")).toBe("0");
    expect(await db.prepare("SELECT count(*) AS n FROM email_messages WHERE id = 'msg_1'").first("n")).toBe(1);
    await db
      .prepare(
        "INSERT INTO email_outbox (id, account_id, kind, dedupe_key, facts, send_after) VALUES ('o2', 'acc_m', 'deployment-expiring', 'x', '{}', 0)",
      )
      .run();
    // The status CHECK is kept; the welcome trigger still writes the first email of a new account.
    await expect(db.prepare("UPDATE email_outbox SET status = 'nope' WHERE id = 'o2'").run()).rejects.toThrow(/CHECK/);
    await db.prepare("INSERT INTO accounts (id, email, name) VALUES ('acc_n', 'n@example.com', 'N')").run();
    expect(await db.prepare("SELECT kind FROM email_outbox WHERE account_id = 'acc_n'").first("kind")).toBe("welcome");
    expect(await foreignKeyViolations()).toEqual([]);
  });
});
