/**
 * Lifecycle reads and writes for ONE workspace. Only the WorkspaceCoordinator calls the
 * writers (principle 02: one writer per resource); each write is one D1 batch, so the
 * instance mirror, the visible state and the timeline never disagree.
 */
import { and, eq, isNull } from "drizzle-orm";
import { workspaceCredentials, workspaceEvents, workspaceInstances, workspaces } from "../../../drizzle/schema";
import type { DesiredState, SuspensionReason, WorkspaceState } from "../../../domain/lifecycle/states";
import type { LifecycleReason } from "../../../domain/lifecycle/lifecycle-reasons";
import type { SealedSecret } from "../crypto/envelope";
import type { Database } from "../db";
import { ulid } from "../ids";

export type InstanceRecord = typeof workspaceInstances.$inferSelect;
export type CredentialsRecord = typeof workspaceCredentials.$inferSelect;

export interface LifecycleRecord {
  workspace: {
    id: string;
    slug: string;
    name: string;
    lifecycleState: WorkspaceState;
    suspensionReason: SuspensionReason | null;
    billingOwnerAccountId: string;
    deletedAt: Date | null;
  };
  instance: InstanceRecord | null;
  hasCredentials: boolean;
}

export async function loadLifecycle(db: Database, workspaceId: string): Promise<LifecycleRecord | null> {
  const [row] = await db
    .select({
      workspace: {
        id: workspaces.id,
        slug: workspaces.slug,
        name: workspaces.name,
        lifecycleState: workspaces.lifecycleState,
        suspensionReason: workspaces.suspensionReason,
        billingOwnerAccountId: workspaces.billingOwnerAccountId,
        deletedAt: workspaces.deletedAt,
      },
      instance: workspaceInstances,
      credentialsFor: workspaceCredentials.workspaceId,
    })
    .from(workspaces)
    .leftJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .leftJoin(workspaceCredentials, eq(workspaceCredentials.workspaceId, workspaces.id))
    .where(eq(workspaces.id, workspaceId))
    .limit(1);
  if (!row) return null;
  return { workspace: row.workspace, instance: row.instance, hasCredentials: row.credentialsFor !== null };
}

export interface TimelineWrite {
  state: WorkspaceState;
  previousState: WorkspaceState | null;
  reason: LifecycleReason;
  actor: string;
  traceId: string;
}

export interface LifecycleWrite {
  now: Date;
  /** Fields of workspace_instances to change (created first if missing, with `region`). */
  instance?: Partial<Omit<InstanceRecord, "workspaceId" | "createdAt">> & { region?: InstanceRecord["region"] };
  /** The visible state (and its reason, and deletion) on workspaces. */
  workspace?: { lifecycleState?: WorkspaceState; suspensionReason?: SuspensionReason | null; deletedAt?: Date | null };
  credentials?: { sealed: SealedSecret; adminOpenberthUserId: string };
  timeline?: TimelineWrite[];
}

/** One batch: instance mirror, visible state, credentials and timeline together. */
export async function writeLifecycle(db: Database, workspaceId: string, write: LifecycleWrite): Promise<void> {
  const statements = [];
  if (write.instance) {
    const { region, ...patch } = write.instance;
    if (region) {
      statements.push(
        db
          .insert(workspaceInstances)
          .values({ workspaceId, region, createdAt: write.now, updatedAt: write.now, ...patch })
          .onConflictDoUpdate({ target: workspaceInstances.workspaceId, set: { ...patch, updatedAt: write.now } }),
      );
    } else {
      statements.push(
        db
          .update(workspaceInstances)
          .set({ ...patch, updatedAt: write.now })
          .where(eq(workspaceInstances.workspaceId, workspaceId)),
      );
    }
  }
  if (write.workspace) {
    statements.push(
      db
        .update(workspaces)
        .set({ ...write.workspace, updatedAt: write.now })
        .where(eq(workspaces.id, workspaceId)),
    );
  }
  if (write.credentials) {
    const { sealed, adminOpenberthUserId } = write.credentials;
    const values = {
      adminKeyCiphertext: sealed.ciphertext,
      adminKeyNonce: sealed.nonce,
      wrappedDataKey: sealed.wrappedDataKey,
      wrappedDataKeyNonce: sealed.wrappedDataKeyNonce,
      keyVersion: sealed.keyVersion,
      adminOpenberthUserId,
    };
    statements.push(
      db
        .insert(workspaceCredentials)
        .values({ workspaceId, ...values, createdAt: write.now })
        .onConflictDoUpdate({ target: workspaceCredentials.workspaceId, set: { ...values, rotatedAt: write.now } }),
    );
  }
  for (const [i, entry] of (write.timeline ?? []).entries()) {
    // Entries written together keep their order (ULIDs of the same millisecond are random).
    statements.push(
      db
        .insert(workspaceEvents)
        .values({ id: ulid(write.now.getTime() + i), workspaceId, ...entry, createdAt: new Date(write.now.getTime() + i) }),
    );
  }
  if (statements.length === 0) return;
  await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
}

export async function readCredentials(db: Database, workspaceId: string): Promise<CredentialsRecord | null> {
  const [row] = await db.select().from(workspaceCredentials).where(eq(workspaceCredentials.workspaceId, workspaceId)).limit(1);
  return row ?? null;
}

/** The workspace id for an infra resource, or (before we learned the resource) for the event's workspace. */
export async function workspaceForInfraEvent(db: Database, resourceId: string, workspaceId: string): Promise<string | null> {
  const [byResource] = await db
    .select({ id: workspaceInstances.workspaceId })
    .from(workspaceInstances)
    .where(eq(workspaceInstances.infraResourceId, resourceId))
    .limit(1);
  if (byResource) return byResource.id;
  const [byWorkspace] = await db
    .select({ id: workspaceInstances.workspaceId })
    .from(workspaceInstances)
    .innerJoin(workspaces, eq(workspaces.id, workspaceInstances.workspaceId))
    .where(and(eq(workspaceInstances.workspaceId, workspaceId), isNull(workspaceInstances.infraResourceId)))
    .limit(1);
  return byWorkspace?.id ?? null;
}

export type { DesiredState };
