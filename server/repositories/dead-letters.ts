/** dead_letters: queue messages that failed every retry, kept for people to look at. */
import { deadLetters } from "../../drizzle/schema";
import type { Database } from "../db/database";

export type DeadLetter = typeof deadLetters.$inferInsert;

/** Records a dead letter once per message id; says whether it was new (a redelivery is not). */
export async function recordDeadLetter(db: Database, letter: DeadLetter): Promise<{ recorded: boolean }> {
  const rows = await db
    .insert(deadLetters)
    .values(letter)
    .onConflictDoNothing({ target: deadLetters.messageId })
    .returning({ messageId: deadLetters.messageId });
  return { recorded: rows.length > 0 };
}
