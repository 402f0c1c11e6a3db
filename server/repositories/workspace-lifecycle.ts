/**
 * The D1 side of a workspace's lifecycle. The truth lives in the workspace's coordinator
 * (its own SQLite storage, docs/decisions/0023); D1 holds a projection of it for pages and
 * the reconciler. Only the coordinator writes it, and only when its version is newer than
 * the one stored, so an older projection can never overwrite a newer one.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { workspaceCredentials, workspaceEvents, workspaceInstances, workspaces } from "../../drizzle/schema";
import type { LifecycleRecord, TimelineDraft } from "../../domain/lifecycle/lifecycle-record";
import type { SealedSecret } from "../crypto/envelope";
import { workspaceEmailFor } from "../../domain/email/workspace-emails";
import { insertWorkspaceOutbox } from "./email-outbox";
import type { Database } from "../db/database";

export type CredentialsRecord = typeof workspaceCredentials.$inferSelect;

/**
 * What D1 holds of a workspace's lifecycle, as a coordinator record: a coordinator that
 * has none yet (created before it kept its own, or never called) starts from this.
 */
export async function loadLifecycleFromProjection(db: Database, workspaceId: string): Promise<LifecycleRecord | null> {
  const [row] = await db
    .select({
      version: workspaceInstances.lifecycleVersion,
      region: workspaceInstances.region,
      desired: workspaceInstances.desiredState,
      observed: workspaceInstances.workspaceState,
      visible: workspaces.lifecycleState,
      suspensionReason: workspaces.suspensionReason,
      graceEndsAt: workspaces.suspensionGraceEndsAt,
      infraResourceId: workspaceInstances.infraResourceId,
      infraState: workspaceInstances.infraState,
      infraSequence: workspaceInstances.infraSequence,
      endpointUrl: workspaceInstances.endpointUrl,
      credentialsFor: workspaceCredentials.workspaceId,
      provisionAttempts: workspaceInstances.provisionAttempts,
      lastError: workspaceInstances.lastError,
      lastReconciledAt: workspaceInstances.lastReconciledAt,
      deletedAt: workspaces.deletedAt,
      lastTimelineAt: sql<
        number | null
      >`(SELECT max(${workspaceEvents.createdAt}) FROM ${workspaceEvents} WHERE ${workspaceEvents.workspaceId} = ${workspaces.id})`,
    })
    .from(workspaces)
    .innerJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .leftJoin(workspaceCredentials, eq(workspaceCredentials.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  if (!row) return null;
  const { credentialsFor, lastTimelineAt, ...rest } = row;
  return {
    ...rest,
    workspaceId,
    hasCredentials: credentialsFor !== null,
    graceEndsAt: rest.graceEndsAt?.getTime() ?? null,
    lastReconciledAt: rest.lastReconciledAt?.getTime() ?? null,
    deletedAt: rest.deletedAt?.getTime() ?? null,
    lastTimelineAt: Number(lastTimelineAt ?? 0),
  };
}

export interface TimelineRow extends TimelineDraft {
  id: string;
}

export interface Projection {
  record: LifecycleRecord;
  /** Timeline entries not yet known to be in D1 (inserting one twice is harmless). */
  timeline: TimelineRow[];
  /** Credentials sealed at `version`, until D1 has them. */
  credentials: { sealed: SealedSecret; adminOpenberthUserId: string; version: number } | null;
  at: Date;
}

/**
 * One D1 batch: the instance row, the visible state, new credentials and timeline entries,
 * each row written only if the version it holds is older than the projection's. Returns
 * false when the workspace row is gone (the database was reset under the coordinator).
 */
export async function writeProjection(db: Database, projection: Projection): Promise<boolean> {
  const { record, at } = projection;
  const id = record.workspaceId;
  const v = record.version;
  const statements = [];
  statements.push(
    db
      .update(workspaceInstances)
      .set({
        infraResourceId: record.infraResourceId,
        endpointUrl: record.endpointUrl,
        desiredState: record.desired,
        workspaceState: record.observed,
        infraState: record.infraState,
        infraSequence: record.infraSequence,
        provisionAttempts: record.provisionAttempts,
        lastError: record.lastError,
        lastReconciledAt: record.lastReconciledAt === null ? null : new Date(record.lastReconciledAt),
        lifecycleVersion: v,
        updatedAt: at,
      })
      .where(and(eq(workspaceInstances.workspaceId, id), sql`${workspaceInstances.lifecycleVersion} < ${v}`)),
    db
      .update(workspaces)
      .set({
        lifecycleState: record.visible,
        suspensionReason: record.suspensionReason,
        suspensionGraceEndsAt: record.graceEndsAt === null ? null : new Date(record.graceEndsAt),
        deletedAt: record.deletedAt === null ? null : new Date(record.deletedAt),
        lifecycleVersion: v,
        updatedAt: at,
      })
      .where(and(eq(workspaces.id, id), sql`${workspaces.lifecycleVersion} < ${v}`)),
  );
  if (projection.credentials) {
    const { sealed, adminOpenberthUserId, version } = projection.credentials;
    const values = {
      adminKeyCiphertext: sealed.ciphertext,
      adminKeyNonce: sealed.nonce,
      wrappedDataKey: sealed.wrappedDataKey,
      wrappedDataKeyNonce: sealed.wrappedDataKeyNonce,
      keyVersion: sealed.keyVersion,
      adminOpenberthUserId,
      lifecycleVersion: version,
    };
    statements.push(
      db
        .insert(workspaceCredentials)
        .values({ workspaceId: id, ...values, createdAt: at })
        .onConflictDoUpdate({
          target: workspaceCredentials.workspaceId,
          set: { ...values, rotatedAt: at },
          setWhere: sql`${workspaceCredentials.lifecycleVersion} < ${version}`,
        }),
    );
  }
  for (const entry of projection.timeline) {
    statements.push(
      db
        .insert(workspaceEvents)
        .values({
          id: entry.id,
          workspaceId: id,
          state: entry.state,
          previousState: entry.previousState,
          reason: entry.reason,
          actor: entry.actor,
          traceId: entry.traceId,
          createdAt: new Date(entry.at),
        })
        .onConflictDoNothing(),
    );
  }
  // The emails these entries mean travel with them, each inserted only if absent.
  for (const entry of projection.timeline) {
    const email = workspaceEmailFor(id, entry);
    if (email)
      statements.push(
        insertWorkspaceOutbox(db, { ...email, workspaceId: id, sendAfter: new Date(email.sendAfter) }, at) as never,
      );
  }
  try {
    await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
    return true;
  } catch (error) {
    // Without the workspace row the timeline inserts break the batch on their foreign key.
    const [found] = await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, id)).limit(1);
    if (!found) return false;
    throw error;
  }
}

export async function readCredentials(db: Database, workspaceId: string): Promise<CredentialsRecord | null> {
  const [row] = await db.select().from(workspaceCredentials).where(eq(workspaceCredentials.workspaceId, workspaceId)).limit(1);
  return row ?? null;
}

export type InfraEventRoute =
  | { kind: "workspace"; workspaceId: string }
  /** The resource belongs to another workspace than the event names. */
  | { kind: "mismatch"; ownerWorkspaceId: string }
  | { kind: "unknown" };

/**
 * Where an infra event goes: to the workspace it names, unless its resource is known to
 * belong to another one (then nothing is applied anywhere). One query.
 */
export async function routeInfraEvent(db: Database, resourceId: string, workspaceId: string): Promise<InfraEventRoute> {
  const rows = await db
    .select({ workspaceId: workspaceInstances.workspaceId, resourceId: workspaceInstances.infraResourceId })
    .from(workspaceInstances)
    .where(or(eq(workspaceInstances.infraResourceId, resourceId), eq(workspaceInstances.workspaceId, workspaceId)))
    .limit(2);
  const owner = rows.find((r) => r.resourceId === resourceId);
  if (owner && owner.workspaceId !== workspaceId) return { kind: "mismatch", ownerWorkspaceId: owner.workspaceId };
  return rows.some((r) => r.workspaceId === workspaceId) ? { kind: "workspace", workspaceId } : { kind: "unknown" };
}

/** The grace end D1 holds (set by migration 0002 for workspaces paused before billing). */
export async function projectedGraceEndsAt(db: Database, workspaceId: string): Promise<number | null> {
  const [row] = await db
    .select({ grace: workspaces.suspensionGraceEndsAt })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  return row?.grace?.getTime() ?? null;
}

/** Ids of every workspace (the local reset control tells their coordinators to forget). */
export async function allWorkspaceIds(db: Database): Promise<string[]> {
  return (await db.select({ id: workspaces.id }).from(workspaces)).map((r) => r.id);
}
