/** The infra_events idempotency table: every event by id, and whether it has been applied. */
import { and, asc, eq, isNull, lt } from "drizzle-orm";
import { infraEvents } from "../../drizzle/schema";
import type { Database } from "../db/database";
import type { InfraEvent } from "../infra/infra-event";

export interface InfraEventRecord extends InfraEvent {
  receivedAt: Date;
  traceId: string;
}

/** Records an event once; says whether it was already processed (then nothing is to be done). */
export async function recordInfraEvent(db: Database, event: InfraEventRecord): Promise<{ alreadyProcessed: boolean }> {
  await db
    .insert(infraEvents)
    .values({
      eventId: event.eventId,
      workspaceId: event.workspaceId,
      infraResourceId: event.resourceId,
      sequence: event.sequence,
      infraState: event.state,
      occurredAt: new Date(event.occurredAt),
      receivedAt: event.receivedAt,
      traceId: event.traceId,
    })
    .onConflictDoNothing();
  const [row] = await db
    .select({ processedAt: infraEvents.processedAt })
    .from(infraEvents)
    .where(eq(infraEvents.eventId, event.eventId))
    .limit(1);
  return { alreadyProcessed: row?.processedAt != null };
}

export async function markInfraEventProcessed(db: Database, eventId: string, outcome: string, at: Date): Promise<void> {
  await db
    .update(infraEvents)
    .set({ processedAt: at, outcome })
    .where(and(eq(infraEvents.eventId, eventId), isNull(infraEvents.processedAt)));
}

/** Events received before `before` and still not applied (the safety net re-queues them). */
export async function unprocessedInfraEvents(db: Database, before: Date, limit: number) {
  return db
    .select()
    .from(infraEvents)
    .where(and(isNull(infraEvents.processedAt), lt(infraEvents.receivedAt, before)))
    .orderBy(asc(infraEvents.receivedAt))
    .limit(limit);
}
