/**
 * Workspaces as the pages see them: listing, finding one for the signed-in account,
 * creating with its owner, renaming. Lifecycle writes live in workspace-lifecycle.ts
 * and are used only by the WorkspaceCoordinator.
 */
import { and, count, desc, eq, isNull, like, or, sql } from "drizzle-orm";
import { accounts, memberships, workspaceEvents, workspaceInstances, workspaces } from "../../drizzle/schema";
import type { Role } from "../../domain/permissions";
import type { Region } from "../../domain/regions";
import type { DesiredState, SuspensionReason, WorkspaceState } from "../../domain/lifecycle/states";
import type { Database } from "../db/database";
import { ulid } from "../ids";
import { TIMELINE_EVENTS } from "../../domain/workspaces/timeline";
import type { BillingHolder } from "../../domain/billing/effective-plan";
import type { TtlChoice } from "../../domain/openberth/resource-options";

export interface WorkspaceSummary {
  id: string;
  desiredState: DesiredState | null;
  slug: string;
  name: string;
  lifecycleState: WorkspaceState;
  suspensionReason: SuspensionReason | null;
  /** While paused: when its data will be deleted. */
  graceEndsAt: Date | null;
  region: Region | null;
  createdAt: Date;
  role: Role;
}

export interface WorkspaceForAccount extends WorkspaceSummary {
  billingOwnerAccountId: string;
  /** The billing owner's plan, trial and billing state (the effective plan is judged from it). */
  billing: BillingHolder;
  desiredState: DesiredState | null;
  endpointUrl: string | null;
  lastError: string | null;
  /** The signed-in account's membership, or null when it has none (→ 404 via authorize). */
  membership: { accountId: string; role: Role } | null;
  /** How long new deployments stay online unless told otherwise ("0" = until deleted). */
  defaultTtl: TtlChoice;
}

export async function countActiveOwnedWorkspaces(db: Database, accountId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(workspaces)
    .where(and(eq(workspaces.billingOwnerAccountId, accountId), isNull(workspaces.deletedAt)));
  return row?.n ?? 0;
}

/** What a list row and a workspace page both show; the page adds what it acts on. */
const summaryColumns = {
  id: workspaces.id,
  slug: workspaces.slug,
  name: workspaces.name,
  lifecycleState: workspaces.lifecycleState,
  suspensionReason: workspaces.suspensionReason,
  graceEndsAt: workspaces.suspensionGraceEndsAt,
  region: workspaceInstances.region,
  desiredState: workspaceInstances.desiredState,
  createdAt: workspaces.createdAt,
  role: memberships.role,
};

export async function listWorkspacesForAccount(
  db: Database,
  accountId: string,
): Promise<(WorkspaceSummary & { ownerName: string })[]> {
  const rows = await db
    // Whose it is: a workspace someone invited you to is labelled with its owner's name.
    .select({
      ...summaryColumns,
      ownerName: sql<string>`(SELECT name FROM accounts WHERE id = ${workspaces.billingOwnerAccountId})`,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .leftJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .where(and(eq(memberships.accountId, accountId), isNull(workspaces.deletedAt)))
    .orderBy(desc(workspaces.createdAt));
  return rows;
}

/**
 * The live workspace with this slug, with what authorize() needs about the signed-in
 * account. One query, whether or not the account is a member.
 */
export async function findWorkspaceBySlug(db: Database, accountId: string, slug: string): Promise<WorkspaceForAccount | null> {
  const [row] = await db
    .select({
      ...summaryColumns,
      billingOwnerAccountId: workspaces.billingOwnerAccountId,
      billingPlanId: accounts.planId,
      billingTrialEndsAt: accounts.trialEndsAt,
      billingState: accounts.billingState,
      billingEndedReason: accounts.billingEndedReason,
      endpointUrl: workspaceInstances.endpointUrl,
      lastError: workspaceInstances.lastError,
      defaultTtl: workspaces.defaultTtl,
    })
    .from(workspaces)
    .innerJoin(accounts, eq(accounts.id, workspaces.billingOwnerAccountId))
    .leftJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .leftJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.accountId, accountId)))
    .where(and(eq(workspaces.slug, slug), isNull(workspaces.deletedAt)))
    .limit(1);
  if (!row) return null;
  const { role, billingPlanId, billingTrialEndsAt, billingState, billingEndedReason, ...rest } = row;
  return {
    ...rest,
    billing: { planId: billingPlanId, trialEndsAt: billingTrialEndsAt, billingState, endedReason: billingEndedReason },
    role: role ?? "member",
    membership: role ? { accountId, role } : null,
  };
}

/** The workspace's default lifetime for new deployments (checked by the settings form). */
export async function setWorkspaceDefaultTtl(db: Database, id: string, ttl: TtlChoice, at: Date): Promise<void> {
  await db.update(workspaces).set({ defaultTtl: ttl, updatedAt: at }).where(eq(workspaces.id, id));
}

/** Slugs in use among live workspaces that could clash with `base` (base, base-2, …). */
export async function takenSlugs(db: Database, base: string): Promise<Set<string>> {
  const rows = await db
    .select({ slug: workspaces.slug })
    .from(workspaces)
    .where(and(isNull(workspaces.deletedAt), or(eq(workspaces.slug, base), like(workspaces.slug, `${base}-%`))));
  return new Set(rows.map((r) => r.slug));
}

export type InsertWorkspaceResult = { ok: true } | { ok: false; reason: "slug_taken" | "id_taken" };

/**
 * The workspace, its owner's membership and its intent (an instance that should run in
 * `region`), together in one D1 batch. The observed side starts at "pending"; from there
 * only the coordinator moves it.
 */
export async function insertWorkspaceWithOwner(
  db: Database,
  input: { id: string; slug: string; name: string; accountId: string; region: Region; now: Date },
): Promise<InsertWorkspaceResult> {
  try {
    await db.batch([
      db.insert(workspaces).values({
        id: input.id,
        slug: input.slug,
        name: input.name,
        createdByAccountId: input.accountId,
        billingOwnerAccountId: input.accountId,
        lifecycleState: "pending",
        createdAt: input.now,
        updatedAt: input.now,
      }),
      db.insert(memberships).values({ accountId: input.accountId, workspaceId: input.id, role: "owner", joinedAt: input.now }),
      db.insert(workspaceInstances).values({
        workspaceId: input.id,
        region: input.region,
        desiredState: "running",
        workspaceState: "pending",
        createdAt: input.now,
        updatedAt: input.now,
      }),
    ]);
    return { ok: true };
  } catch (error) {
    const message = String((error as { cause?: unknown })?.cause ?? error);
    if (message.includes("workspaces.slug") || message.includes("workspaces_slug_live_idx"))
      return { ok: false, reason: "slug_taken" };
    if (message.includes("workspaces.id") || message.includes("UNIQUE constraint failed: workspaces.id"))
      return { ok: false, reason: "id_taken" };
    throw error;
  }
}

/** A workspace by id, live or not, for the account that created it (double submits). */
export async function findWorkspaceById(db: Database, id: string) {
  const [row] = await db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      createdByAccountId: workspaces.createdByAccountId,
      deletedAt: workspaces.deletedAt,
    })
    .from(workspaces)
    .where(eq(workspaces.id, id))
    .limit(1);
  return row ?? null;
}

/**
 * Renames a workspace and records it on its timeline, in one batch. The rename is not a
 * lifecycle change, so the entry keeps the workspace's current state; nothing is written
 * when the name did not change or the workspace is gone.
 */
export async function renameWorkspace(db: Database, id: string, name: string, now: Date, actor: string): Promise<boolean> {
  const [current] = await db
    .select({ name: workspaces.name })
    .from(workspaces)
    .where(and(eq(workspaces.id, id), isNull(workspaces.deletedAt)))
    .limit(1);
  if (!current || current.name === name) return false;
  await db.batch([
    db
      .update(workspaces)
      .set({ name, updatedAt: now })
      .where(and(eq(workspaces.id, id), isNull(workspaces.deletedAt))),
    // In the table's column order: id, workspace, state, previous state, reason, actor, trace, time.
    db.insert(workspaceEvents).select(
      sql`SELECT ${ulid(now.getTime())}, id, lifecycle_state, lifecycle_state, ${TIMELINE_EVENTS.renamed}, ${actor}, NULL, ${now.getTime()}
            FROM ${workspaces} WHERE id = ${id} AND deleted_at IS NULL`,
    ),
  ]);
  return true;
}

export interface TimelineEntry {
  id: string;
  state: WorkspaceState;
  reason: string;
  createdAt: Date;
  actorName: string | null;
}

export async function workspaceTimeline(db: Database, workspaceId: string, limit = 50): Promise<TimelineEntry[]> {
  return db
    .select({
      id: workspaceEvents.id,
      state: workspaceEvents.state,
      reason: workspaceEvents.reason,
      createdAt: workspaceEvents.createdAt,
      // Who did it, when a person did ("account:<id>"): the timeline names them.
      actorName: sql<string | null>`(SELECT name FROM accounts WHERE 'account:' || accounts.id = ${workspaceEvents.actor})`,
    })
    .from(workspaceEvents)
    .where(eq(workspaceEvents.workspaceId, workspaceId))
    .orderBy(desc(workspaceEvents.createdAt), desc(workspaceEvents.id))
    .limit(limit);
}

/** Live workspaces billed to an account (the trial sweep pauses them). */
export async function liveWorkspaceIdsBilledTo(db: Database, accountId: string): Promise<string[]> {
  const rows = await db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(
      and(
        eq(workspaces.billingOwnerAccountId, accountId),
        isNull(workspaces.deletedAt),
        sql`${workspaces.lifecycleState} != 'deleted'`,
      ),
    );
  return rows.map((r) => r.id);
}

/** What an email about one workspace needs, deleted or not (its name outlives it). */
export async function workspaceForEmail(db: Database, id: string) {
  const [row] = await db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      name: workspaces.name,
      lifecycleState: workspaces.lifecycleState,
      graceEndsAt: workspaces.suspensionGraceEndsAt,
      deletedAt: workspaces.deletedAt,
    })
    .from(workspaces)
    .where(eq(workspaces.id, id))
    .limit(1);
  return row ?? null;
}

/** A workspace whose OpenBerth server is up, for the passes that look after its deployments. */
export interface RunningWorkspace {
  id: string;
  slug: string;
  name: string;
  endpointUrl: string | null;
  billingOwnerAccountId: string;
}

/** Live, set-up workspaces meant to be running, a page at a time in id order (after `afterId`). */
export async function runningWorkspacesPage(db: Database, afterId: string, limit: number): Promise<RunningWorkspace[]> {
  return db
    .select({
      id: workspaces.id,
      slug: workspaces.slug,
      name: workspaces.name,
      endpointUrl: workspaceInstances.endpointUrl,
      billingOwnerAccountId: workspaces.billingOwnerAccountId,
    })
    .from(workspaces)
    .innerJoin(workspaceInstances, eq(workspaceInstances.workspaceId, workspaces.id))
    .where(
      and(
        isNull(workspaces.deletedAt),
        eq(workspaces.lifecycleState, "ready"),
        eq(workspaceInstances.desiredState, "running"),
        sql`${workspaceInstances.endpointUrl} IS NOT NULL`,
        sql`${workspaces.id} > ${afterId}`,
      ),
    )
    .orderBy(workspaces.id)
    .limit(limit);
}
