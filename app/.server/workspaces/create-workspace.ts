/**
 * Creating a workspace: authorize against the plan (how many, where), pick a free slug,
 * write the workspace with its owner, and hand it to its coordinator, which records the
 * intent and returns at once; setting the server up happens in the background.
 */
import { authorize, liftedByAPlan } from "../../../domain/authorize";
import { now } from "../../../domain/clock";
import type { Region } from "../../../domain/regions";
import { NEW_WORKSPACE_PAGE } from "../../../domain/vocabulary";
import { firstFreeSlug, slugBase } from "../../../domain/workspaces/workspace-name";
import type { Account } from "../auth/session";
import type { RequestContext } from "../../../server/bindings/request-context";
import {
  countActiveOwnedWorkspaces,
  findWorkspaceById,
  insertWorkspaceWithOwner,
  takenSlugs,
} from "../../../server/repositories/workspaces";

/** Refused: the plan doesn't allow it (how many, or where), or the form was used before. */
export type CreateWorkspaceResult = { ok: true; slug: string } | { ok: false; message: string; plans?: boolean };

export async function createWorkspace(
  rc: RequestContext,
  account: Account,
  input: { name: string; region: Region; requestId: string },
): Promise<CreateWorkspaceResult> {
  const id = `ws_${input.requestId}`;
  // The same form sent twice: the first one's workspace is the answer.
  const earlier = await findWorkspaceById(rc.db, id);
  if (earlier) {
    if (earlier.createdByAccountId !== account.id || earlier.deletedAt)
      return { ok: false, message: NEW_WORKSPACE_PAGE.formAlreadyUsed };
    await rc.coordinator(id).start({ workspaceId: id, actor: `account:${account.id}`, traceId: rc.traceId });
    return { ok: true, slug: earlier.slug };
  }

  const decision = authorize(account, "create:workspace", {
    type: "new-workspace",
    activeWorkspaceCount: await countActiveOwnedWorkspaces(rc.db, account.id),
    region: input.region,
  });
  if (!decision.allowed) return { ok: false, message: decision.message, plans: liftedByAPlan(decision) };

  const base = slugBase(input.name);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = firstFreeSlug(base, await takenSlugs(rc.db, base));
    const inserted = await insertWorkspaceWithOwner(rc.db, {
      id,
      slug,
      name: input.name,
      accountId: account.id,
      region: input.region,
      now: now(),
    });
    if (inserted.ok) {
      await rc.coordinator(id).start({ workspaceId: id, actor: `account:${account.id}`, traceId: rc.traceId });
      rc.log.info("workspace.created", { workspaceId: id, region: input.region });
      return { ok: true, slug };
    }
    if (inserted.reason === "id_taken") return createWorkspace(rc, account, input);
    // Someone took that slug a moment ago: pick the next one.
  }
  throw new Error("could not find a free slug");
}
