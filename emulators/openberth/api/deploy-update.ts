/**
 * `POST /api/deploy/{id}/update` (multipart: the tarball is extracted over the tree) and
 * `POST /api/deploy/{id}/update/code` (JSON: every file but `.openberth*` is replaced).
 * Both answer 200 `{id,status:"updating",url,message}` and rebuild in the background; the
 * old container keeps serving meanwhile (`service/provision.go detectAndRebuild`).
 */
import { badRequest, forbidden, notFound } from "../app-error.ts";
import { requireUser } from "../auth.ts";
import { detectFramework } from "../framework.ts";
import { isInternalPath } from "../file-tree.ts";
import { sendError, sendJson } from "../http-replies.ts";
import type { Instance } from "../instance.ts";
import { formEnv, formSecrets, formValue, parseMultipart } from "../multipart.ts";
import { mergeEnv, writeFiles } from "../provision.ts";
import type { DeploymentRecord, UserRecord } from "../records.ts";
import { ExtractError, extractTarball } from "../tarball.ts";
import { type ApiContext, authedJson, sendFailure } from "./context.ts";
import { CODE_DEPLOY_REQUEST, type CodeDeployRequest } from "./deploy-create.ts";

/** `updateOwnerGuard` */
export function updatableDeployment(inst: Instance, id: string, user: UserRecord): DeploymentRecord {
  const d = inst.deployments.get(id);
  if (!d) throw notFound("Deployment not found.");
  if (d.userId !== user.id && user.role !== "admin") throw forbidden("Not your deployment.");
  if (d.status !== "running" && d.status !== "failed") throw badRequest(`Cannot update deployment in '${d.status}' state.`);
  if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
  return d;
}

export async function updateTarball(ctx: ApiContext): Promise<void> {
  const { inst, res } = ctx;
  const user = requireUser(inst, ctx.req, res);
  if (!user) return;
  const parsed = await parseMultipart(ctx.req, ctx.query);
  if ("error" in parsed) {
    sendError(res, 400, "Failed to parse upload.");
    return;
  }
  const tarball = parsed.form.files.get("tarball");
  if (!tarball) {
    sendError(res, 400, "No tarball uploaded.");
    return;
  }
  try {
    const d = updatableDeployment(inst, ctx.params["id"] ?? "", user);
    // Extracted straight over the live tree, as upstream does: a failed extract leaves what it wrote.
    try {
      extractTarball(tarball, d.files);
    } catch (error) {
      if (error instanceof ExtractError) throw badRequest(`Failed to extract: ${error.message}`);
      throw error;
    } finally {
      d.filesVersion++;
      inst.changed();
    }
    const secrets = formSecrets(parsed.form);
    if (secrets.length > 0) d.secrets = secrets;
    sendJson(res, 200, rebuild(inst, d, formEnv(parsed.form), formValue(parsed.form, "network_quota")));
  } catch (error) {
    sendFailure(res, error);
  }
}

export async function updateCode(ctx: ApiContext): Promise<void> {
  const { inst } = ctx;
  return authedJson<CodeDeployRequest>(ctx, CODE_DEPLOY_REQUEST, (user, req) => {
    // Checked before the id is even looked up.
    if (!req.files || Object.keys(req.files).length === 0) throw badRequest("No files provided.");
    const d = updatableDeployment(inst, ctx.params["id"] ?? "", user);
    // Upstream clears the tree before its path check, so a bad path leaves it emptied.
    for (const path of [...d.files.keys()]) if (!isInternalPath(path)) d.files.delete(path);
    d.filesVersion++;
    inst.changed();
    writeFiles(d.files, req.files);
    if (req.secrets && req.secrets.length > 0) d.secrets = req.secrets;
    return rebuild(inst, d, req.env ?? {}, req.network_quota);
  });
}

/** `detectAndRebuild`: detect, merge env, keep settings, go `updating`, rebuild async. */
function rebuild(inst: Instance, d: DeploymentRecord, env: Record<string, string>, networkQuota: string): Record<string, string> {
  const fw = detectFramework(d.files);
  if (!fw) throw badRequest('Could not detect framework in updated code. Add a .berth.json with "language" and "start" fields.');
  d.env = mergeEnv(d.env, env);
  // A non-empty quota replaces the stored one (upstream writes it when the rebuild lands;
  // here at once). The framework column is never updated by a rebuild, as upstream.
  if (networkQuota !== "") d.networkQuota = networkQuota;
  d.status = "updating";
  inst.changed();
  inst.runtime.startRebuild(d);
  return { id: d.id, status: "updating", url: inst.deployUrl(d.subdomain), message: "Code updated. Rebuilding..." };
}
