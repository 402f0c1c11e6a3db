/**
 * Reads the bench's local D1 straight from its SQLite file (read-only), for polling every
 * ~100 ms while `wrangler dev` runs: `wrangler d1 execute` (scripts/lib/bench-seed.ts
 * queryD1) starts a process per query, far too slow for that.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";

export function openLocalD1(stateDir: string) {
  const dir = path.join(stateDir, "v3", "d1", "miniflare-D1DatabaseObject");
  if (!existsSync(dir)) throw new Error(`no local D1 under ${dir}`);
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.length}`);
  // Waits (rather than fails) while workerd holds the file, e.g. just after it was stopped.
  const db = new DatabaseSync(path.join(dir, files[0]!), { readOnly: true, timeout: 10_000 });
  return {
    all<T>(sql: string, ...params: (string | number | null)[]): T[] {
      return db.prepare(sql).all(...params) as T[];
    },
    get<T>(sql: string, ...params: (string | number | null)[]): T | undefined {
      return db.prepare(sql).get(...params) as T | undefined;
    },
    close() {
      db.close();
    },
  };
}

export type LocalD1 = ReturnType<typeof openLocalD1>;
