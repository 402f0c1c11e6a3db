/**
 * Sandbox lifecycle (`service/sandbox.go`): create (202, `sandbox-` subdomain, 4 h default
 * TTL, a dev command required for Node) and promote (the same row becomes a `deploy`,
 * drops the `sandbox-` prefix when it can, and rebuilds).
 */
import { badRequest, forbidden, internal, notFound } from "../app-error.ts";
import { requireUser } from "../auth.ts";
import { detectFramework } from "../framework.ts";
import { decodeGoJson, field, map, slice, type GoStruct } from "../go-json-decode.ts";
import { readBody, sendJson } from "../http-replies.ts";
import { parseTtlHours } from "../names.ts";
import { insertDeployment, mergeEnv, startFromFiles } from "../provision.ts";
import { type ApiContext, authedJson, sendFailure } from "./context.ts";
import { PROTECT_FIELDS, protectFromJson, type ProtectFields } from "./protect-fields.ts";
import { deployResult } from "./deploy-create.ts";

interface SandboxCreateRequest extends ProtectFields {
  files: Record<string, string> | null;
  name: string;
  ttl: string;
  port: number;
  env: Record<string, string> | null;
  secrets: string[] | null;
  memory: string;
  network_quota: string;
  language: string;
}

const SANDBOX_CREATE_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [
    field("files", map("string")),
    field("name", "string"),
    field("ttl", "string", "TTL"),
    field("port", "int"),
    field("env", map("string")),
    field("secrets", slice("string")),
    field("memory", "string"),
    field("network_quota", "string", "NetworkQuota"),
    field("language", "string"),
    ...PROTECT_FIELDS,
  ],
};

export async function createSandbox(ctx: ApiContext): Promise<void> {
  const { inst } = ctx;
  return authedJson<SandboxCreateRequest>(
    ctx,
    SANDBOX_CREATE_REQUEST,
    (user, req) => {
      const { identity, tree, fw } = startFromFiles(inst, user, req.files, req.name, {
        nameDefault: "sandbox-",
        subdomain: "sandbox-",
      });
      if (fw.language === "node" && fw.devCmd === "") {
        throw badRequest(
          'No dev command detected for this Node.js project. Add a "dev" script to package.json or use berth_deploy instead.',
        );
      }
      const secrets = req.secrets ?? [];
      inst.resolveSecrets(user.id, secrets);
      const d = insertDeployment(inst, {
        identity,
        user,
        tree,
        framework: fw.framework,
        mode: "sandbox",
        title: "",
        description: "",
        ttlHours: parseTtlHours(req.ttl, 4),
        env: req.env ?? {},
        secrets,
        memory: req.memory,
        cpus: "",
        networkQuota: req.network_quota,
      });
      const ac = protectFromJson(inst, d, req);
      inst.runtime.startSandbox(d);
      return deployResult({
        id: d.id,
        name: d.name,
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

interface PromoteRequest {
  ttl: string;
  memory: string;
  cpus: string;
  network_quota: string;
  env: Record<string, string> | null;
  secrets: string[] | null;
}

const PROMOTE_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [
    field("ttl", "string", "TTL"),
    field("memory", "string"),
    field("cpus", "string", "CPUs"),
    field("network_quota", "string", "NetworkQuota"),
    field("env", map("string")),
    field("secrets", slice("string")),
  ],
};

/** The body is optional: upstream ignores decode errors and uses whatever decoded. */
export async function promoteSandbox(ctx: ApiContext): Promise<void> {
  const { inst, res } = ctx;
  const user = requireUser(inst, ctx.req, res);
  if (!user) return;
  const body = await readBody(ctx.req);
  const req = decodeGoJson<PromoteRequest>(body.toString("utf8"), PROMOTE_REQUEST).value;
  try {
    const d = inst.deployments.get(ctx.params["id"] ?? "");
    if (!d) throw notFound("Sandbox not found.");
    if (d.userId !== user.id && user.role !== "admin") throw forbidden("Not your sandbox.");
    if (d.mode !== "sandbox") throw badRequest("Not a sandbox. Only sandboxes can be promoted.");
    if (d.status !== "running") throw badRequest(`Sandbox is '${d.status}', not running.`);
    if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
    const fw = detectFramework(d.files);
    if (!fw)
      throw internal('Could not detect framework from sandbox code. Add a .berth.json with "language" and "start" fields.');
    if (fw.framework !== "static" && fw.buildCmd === "" && fw.startCmd === "") {
      throw badRequest("Framework has no build or start command. Cannot promote.");
    }
    const secretNames = req.secrets && req.secrets.length > 0 ? req.secrets : d.secrets;
    // Resolved before anything changes here (upstream has already switched mode by then).
    inst.resolveSecrets(user.id, secretNames);

    let subdomain = d.subdomain.startsWith("sandbox-") ? d.subdomain.slice("sandbox-".length) : d.subdomain;
    if (subdomain !== d.subdomain && inst.deploymentBySubdomain(subdomain)) subdomain = d.subdomain;

    inst.runtime.destroy(d);
    d.status = "building";
    d.mode = "deploy";
    d.subdomain = subdomain;
    d.ttlHours = parseTtlHours(req.ttl, user.defaultTtlHours);
    d.expiresAt = inst.expiryFor(d.ttlHours);
    d.secrets = secretNames;
    d.env = mergeEnv(d.env, req.env);
    d.networkQuota = inst.resolveNetworkQuota(req.network_quota);
    inst.changed();
    inst.runtime.startBuild(d);
    sendJson(res, 202, {
      id: d.id,
      name: d.name,
      subdomain: d.subdomain,
      framework: fw.framework,
      status: "building",
      url: inst.deployUrl(d.subdomain),
    });
  } catch (error) {
    sendFailure(res, error);
  }
}
