/**
 * `POST /api/deploy` (multipart tarball) and `POST /api/deploy/code` (JSON files): both
 * answer 202 while the build runs. The multipart answer is a hand-built Go map (sorted
 * keys, `expiresAt` always present); the code answer is the DeployResult struct (empty
 * optional fields left out).
 */
import { badRequest } from "../app-error.ts";
import { requireUser } from "../auth.ts";
import type { FileTree } from "../file-tree.ts";
import { field, map, slice, type GoStruct } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { sendError, sendJson } from "../http-replies.ts";
import { formEnv, formSecrets, formValue, parseMultipart } from "../multipart.ts";
import { parseTtlHours } from "../names.ts";
import {
  applyProtection,
  checkDeployLimit,
  detectOrFail,
  generateIdentity,
  insertDeployment,
  startFromFiles,
} from "../provision.ts";
import { ExtractError, extractTarball } from "../tarball.ts";
import { type ApiContext, authedJson, sendFailure } from "./context.ts";
import { PROTECT_FIELDS, protectFromJson, type ProtectFields } from "./protect-fields.ts";

export async function deployTarball(ctx: ApiContext): Promise<void> {
  const { inst, res } = ctx;
  const user = requireUser(inst, ctx.req, res);
  if (!user) return;
  const parsed = await parseMultipart(ctx.req, ctx.query);
  if ("error" in parsed) {
    sendError(res, 400, `Failed to parse upload: ${parsed.error}`);
    return;
  }
  const form = parsed.form;
  const tarball = form.files.get("tarball");
  if (!tarball) {
    sendError(res, 400, "No tarball uploaded.");
    return;
  }
  try {
    checkDeployLimit(inst, user);
    const identity = generateIdentity(inst, formValue(form, "name"), "app-", "");
    const tree: FileTree = new Map();
    try {
      extractTarball(tarball, tree);
    } catch (error) {
      if (error instanceof ExtractError) throw badRequest(`Failed to extract tarball: ${error.message}`);
      throw error;
    }
    const fw = detectOrFail(tree);
    const secrets = formSecrets(form);
    inst.resolveSecrets(user.id, secrets);
    const d = insertDeployment(inst, {
      identity,
      user,
      tree,
      framework: fw.framework,
      mode: "deploy",
      title: formValue(form, "title"),
      description: formValue(form, "description"),
      ttlHours: parseTtlHours(formValue(form, "ttl"), user.defaultTtlHours),
      env: formEnv(form),
      secrets,
      memory: formValue(form, "memory"),
      cpus: formValue(form, "cpus"),
      networkQuota: formValue(form, "network_quota"),
    });
    const ac = applyProtection(
      inst,
      d,
      formValue(form, "protect_mode"),
      formValue(form, "protect_username"),
      formValue(form, "protect_password"),
      formValue(form, "protect_api_key"),
      formValue(form, "protect_users"),
    );
    inst.runtime.startBuild(d);
    const body: Record<string, unknown> = {
      id: d.id,
      name: d.name,
      subdomain: d.subdomain,
      framework: d.framework,
      status: d.status,
      url: inst.deployUrl(d.subdomain),
      expiresAt: d.expiresAt,
    };
    if (ac) body["accessMode"] = ac.mode;
    if (ac?.resultKey) body["apiKey"] = ac.resultKey;
    sendJson(res, 202, sortedKeys(body));
  } catch (error) {
    sendFailure(res, error);
  }
}

export interface CodeDeployRequest extends ProtectFields {
  files: Record<string, string> | null;
  name: string;
  title: string;
  description: string;
  ttl: string;
  port: number;
  env: Record<string, string> | null;
  secrets: string[] | null;
  memory: string;
  cpus: string;
  network_quota: string;
}

export const CODE_DEPLOY_REQUEST: GoStruct = {
  kind: "struct",
  name: "CodeDeployRequest",
  typeString: "httphandler.CodeDeployRequest",
  fields: [
    field("files", map("string")),
    field("name", "string"),
    field("title", "string"),
    field("description", "string"),
    field("ttl", "string", "TTL"),
    field("port", "int"),
    field("env", map("string")),
    field("secrets", slice("string")),
    field("memory", "string"),
    field("cpus", "string", "CPUs"),
    field("network_quota", "string", "NetworkQuota"),
    ...PROTECT_FIELDS,
  ],
};

export async function deployCode(ctx: ApiContext): Promise<void> {
  const { inst } = ctx;
  return authedJson<CodeDeployRequest>(
    ctx,
    CODE_DEPLOY_REQUEST,
    (user, req) => {
      const { identity, tree, fw } = startFromFiles(inst, user, req.files, req.name, { nameDefault: "app-", subdomain: "" });
      const secrets = req.secrets ?? [];
      inst.resolveSecrets(user.id, secrets);
      const d = insertDeployment(inst, {
        identity,
        user,
        tree,
        framework: fw.framework,
        mode: "deploy",
        title: req.title,
        description: req.description,
        ttlHours: parseTtlHours(req.ttl, user.defaultTtlHours),
        env: req.env ?? {},
        secrets,
        memory: req.memory,
        cpus: req.cpus,
        networkQuota: req.network_quota,
      });
      const ac = protectFromJson(inst, d, req);
      inst.runtime.startBuild(d);
      return deployResult({
        id: d.id,
        name: d.name,
        title: d.title,
        description: d.description,
        subdomain: d.subdomain,
        framework: d.framework,
        language: fw.language,
        status: d.status,
        url: inst.deployUrl(d.subdomain),
        expiresAt: d.expiresAt,
        accessMode: ac?.mode ?? "",
        apiKey: ac?.resultKey ?? "",
      });
    },
    202,
  );
}

export interface DeployResultFields {
  id: string;
  name: string;
  title?: string;
  description?: string;
  subdomain: string;
  framework: string;
  language?: string;
  status: string;
  url: string;
  expiresAt?: string;
  accessMode?: string;
  apiKey?: string;
}

/** service.DeployResult: struct order, `omitempty` on the optional fields. */
export function deployResult(r: DeployResultFields): Record<string, string> {
  const out: Record<string, string> = { id: r.id, name: r.name };
  if (r.title) out["title"] = r.title;
  if (r.description) out["description"] = r.description;
  out["subdomain"] = r.subdomain;
  out["framework"] = r.framework;
  if (r.language) out["language"] = r.language;
  out["status"] = r.status;
  out["url"] = r.url;
  if (r.expiresAt) out["expiresAt"] = r.expiresAt;
  if (r.accessMode) out["accessMode"] = r.accessMode;
  if (r.apiKey) out["apiKey"] = r.apiKey;
  return out;
}
