/**
 * The master key rotation's reads and writes (docs/decisions/0007): pages of credentials
 * whose data key is wrapped by an older master key, and a compare-and-set write of each
 * rewrapped data key.
 */
import { and, asc, eq, gt, lt } from "drizzle-orm";
import { workspaceCredentials } from "../../drizzle/schema";
import type { SealedSecret } from "../crypto/envelope";
import type { Database } from "../db/database";

export interface SealedCredential {
  workspaceId: string;
  sealed: SealedSecret;
}

/** Credentials sealed under a master key older than `version`, after `afterId`, by workspace id: one query. */
export async function credentialsBelowVersionPage(
  db: Database,
  input: { version: number; afterId: string; limit: number },
): Promise<SealedCredential[]> {
  const c = workspaceCredentials;
  const rows = await db
    .select({
      workspaceId: c.workspaceId,
      ciphertext: c.adminKeyCiphertext,
      nonce: c.adminKeyNonce,
      wrappedDataKey: c.wrappedDataKey,
      wrappedDataKeyNonce: c.wrappedDataKeyNonce,
      keyVersion: c.keyVersion,
    })
    .from(c)
    .where(and(gt(c.workspaceId, input.afterId), lt(c.keyVersion, input.version)))
    .orderBy(asc(c.workspaceId))
    .limit(input.limit);
  return rows.map(({ workspaceId, ...sealed }) => ({ workspaceId, sealed }));
}

export interface RewrappedKey {
  workspaceId: string;
  /** What the row held when it was read: the write lands only if it still does. */
  from: Pick<SealedSecret, "keyVersion" | "wrappedDataKey">;
  to: Pick<SealedSecret, "keyVersion" | "wrappedDataKey" | "wrappedDataKeyNonce">;
}

/**
 * Writes each rewrapped data key only where the row still holds the wrapped key it was
 * rewrapped from, so a key the coordinator sealed meanwhile is never overwritten. All of
 * a page's writes go in one batch; the answer says, per write, whether it landed.
 */
export async function writeRewrappedKeys(db: Database, writes: RewrappedKey[], at: Date): Promise<boolean[]> {
  if (writes.length === 0) return [];
  const c = workspaceCredentials;
  const statements = writes.map((w) =>
    db
      .update(c)
      .set({
        wrappedDataKey: w.to.wrappedDataKey,
        wrappedDataKeyNonce: w.to.wrappedDataKeyNonce,
        keyVersion: w.to.keyVersion,
        rotatedAt: at,
      })
      .where(
        and(eq(c.workspaceId, w.workspaceId), eq(c.keyVersion, w.from.keyVersion), eq(c.wrappedDataKey, w.from.wrappedDataKey)),
      )
      .returning({ workspaceId: c.workspaceId }),
  );
  const results = await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return results.map((rows) => rows.length === 1);
}
