import { desc, eq } from "drizzle-orm";
import { cronRuns } from "../../drizzle/schema";
import type { Database } from "../db/database";
import { ulid } from "../ids";

export type CronRun = typeof cronRuns.$inferSelect;

export async function createCronRun(
  db: Database,
  run: { cron: string; job: string; traceId: string; startedAt: Date },
): Promise<string> {
  const id = ulid(run.startedAt.getTime());
  await db.insert(cronRuns).values({ id, ...run });
  return id;
}

export async function finishCronRun(
  db: Database,
  id: string,
  result: { finishedAt: Date; outcome: "ok" | "failed"; detail: unknown },
) {
  await db.update(cronRuns).set(result).where(eq(cronRuns.id, id));
}

export async function listRecentCronRuns(db: Database, limit = 20): Promise<CronRun[]> {
  return db.select().from(cronRuns).orderBy(desc(cronRuns.startedAt)).limit(limit);
}
