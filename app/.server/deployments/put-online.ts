import { liftedByAPlan } from "../../../domain/authorize";
/**
 * Putting code online from the dashboard: a new deployment, or a new version of one.
 * Checks come first and change nothing when they fail: the plan (how many deployments,
 * sandboxes included; memory and processors), then the upload itself, then OpenBerth.
 */
import { getPlan, type Plan } from "../../../domain/plans/catalog";
import { accessKeyDeploymentLimit } from "../../../domain/openberth/resource-options";
import { UPLOAD_PROBLEMS } from "../../../domain/openberth/upload-problems";
import type { Account } from "../auth/session";
import type { RequestContext } from "../../../server/bindings/request-context";
import type { OpenBerthClient } from "../../../server/openberth/openberth-client";
import { withOpenBerth } from "../openberth/workspace-openberth";
import type { WorkspaceForAccount } from "../../../server/repositories/workspaces";
import { DEFAULT_UPLOAD_LIMITS, prepareUpload } from "../../../server/uploads";
import type { LeftOut } from "./left-out-notice";
import { checkPlan } from "./plan-check";

export type Source = { kind: "upload"; file: File | null } | { kind: "paste"; fileName: string; code: string };

export interface PutOnlineInput {
  name?: string;
  ttl?: string;
  memory?: string;
  cpus?: string;
  source: Source;
}

export type PutOnlineResult =
  | { ok: true; id: string; leftOut?: LeftOut }
  | { ok: false; message: string; field?: "file" | "memory" | "cpus"; plans?: boolean };

/** A new deployment (`deploymentId` absent) or a new version of one. */
export async function putOnline(
  rc: RequestContext,
  account: Account,
  workspace: WorkspaceForAccount,
  input: PutOnlineInput,
  deploymentId?: string,
): Promise<PutOnlineResult> {
  const plan = getPlan(workspace.billing.planId);
  const files = await sourceToTarball(input.source);
  if (!files.ok) return { ok: false, message: files.message, field: "file" };

  const outcome = await withOpenBerth(rc, workspace, async (client): Promise<PutOnlineResult> => {
    const action = deploymentId ? "update:deployment" : "create:deployment";
    const decision = await checkPlan(client, account, workspace, action, input);
    if (!decision.allowed) {
      const field = decision.code === "memory_limit" ? "memory" : decision.code === "cpu_limit" ? "cpus" : undefined;
      return { ok: false, message: decision.message, plans: liftedByAPlan(decision), ...(field && { field }) };
    }
    const options = { memory: input.memory || undefined, cpus: input.cpus || undefined };
    if (deploymentId) {
      if (files.tarball) await client.updateTarball(deploymentId, new Blob([files.tarball]), options);
      else await client.updateCode(deploymentId, files.code!, options);
      return { ok: true, id: deploymentId, leftOut: files.leftOut };
    }
    if (plan) await makeRoomForPlan(client, plan);
    const created = files.tarball
      ? await client.deployTarball(new Blob([files.tarball]), { name: input.name, ttl: input.ttl, ...options })
      : await client.deployCode(files.code!, { name: input.name, ttl: input.ttl, ...options });
    return { ok: true, id: created.id, leftOut: files.leftOut };
  });
  if (!outcome.ok) return { ok: false, message: outcome.message };
  if (outcome.value.ok)
    rc.log.info(deploymentId ? "deployment.updated" : "deployment.created", {
      workspaceId: workspace.id,
      deploymentId: outcome.value.id,
    });
  return outcome.value;
}

type Prepared =
  | { ok: true; tarball?: Uint8Array<ArrayBuffer>; code?: Record<string, string>; leftOut?: LeftOut }
  | { ok: false; message: string };

async function sourceToTarball(source: Source): Promise<Prepared> {
  if (source.kind === "paste") return { ok: true, code: { [source.fileName]: source.code } };
  const file = source.file;
  if (!file || file.size === 0) return { ok: false, message: UPLOAD_PROBLEMS.empty };
  if (file.size > DEFAULT_UPLOAD_LIMITS.maxUploadBytes) return { ok: false, message: UPLOAD_PROBLEMS.too_large };
  const prepared = await prepareUpload({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) });
  if (!prepared.ok) return { ok: false, message: UPLOAD_PROBLEMS[prepared.problem] };
  return { ok: true, tarball: prepared.tarball, leftOut: { names: prepared.leftOut, count: prepared.leftOutCount } };
}

/**
 * The dashboard deploys as the workspace's OpenBerth admin, whose own limit was set when
 * the server was made; raise it to the plan's so the plan, not that number, is what counts.
 */
async function makeRoomForPlan(client: OpenBerthClient, plan: Plan): Promise<void> {
  const wanted = accessKeyDeploymentLimit(plan);
  const admin = (await client.listUsers()).users.find((u) => u.role === "admin" && u.name === "admin");
  if (admin && admin.maxDeployments < wanted) await client.updateUser(admin.name, { maxDeployments: wanted });
}
