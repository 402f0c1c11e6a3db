/**
 * `GET /api/deployments/{id}/source?format=zip|tar.gz|tgz|tar|json`: the uploaded tree,
 * `.openberth*` internals left out. JSON redacts secret-looking files and skips binary or
 * large ones (`service/query.go GetSource`).
 */
import { requireUser } from "../auth.ts";
import { type FileTree, isInternalPath, walkOrder } from "../file-tree.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { sendError, sendJson } from "../http-replies.ts";
import { packTree } from "../tarball.ts";
import { writeZip } from "../zip-writer.ts";
import type { ApiContext } from "./context.ts";

const ALLOW_BASENAMES = new Set([
  ".env.example",
  ".env.sample",
  ".env.template",
  ".env.dist",
  "env.example",
  "env.sample",
  "env.template",
  "env.dist",
]);
const DENY_BASENAMES = new Set([
  ".env",
  ".env.local",
  ".env.development",
  ".env.production",
  ".env.staging",
  ".env.test",
  ".env.development.local",
  ".env.production.local",
  ".env.test.local",
  "secrets.json",
  "secrets.yaml",
  "secrets.yml",
  "credentials",
  "kubeconfig",
  "terraform.tfstate",
  "terraform.tfstate.backup",
  "gcloud-service-key.json",
  ".netrc",
  ".pgpass",
  "id_rsa",
  "id_dsa",
  "id_ecdsa",
  "id_ed25519",
]);
const DENY_GLOBS = [
  "*.pem",
  "*.key",
  "*.crt",
  "*.p12",
  "*.pfx",
  "*.kubeconfig",
  "firebase-admin*.json",
  "service-account*.json",
  "id_rsa*",
  "id_dsa*",
  "id_ecdsa*",
  "id_ed25519*",
];
const DENY_PATH_PREFIXES = [".aws/credentials", ".aws/config", ".kube/config", ".ssh/", ".gnupg/"];

export function getSource(ctx: ApiContext): void {
  const { inst, res } = ctx;
  const user = requireUser(inst, ctx.req, res);
  if (!user) return;
  const d = inst.deployments.get(ctx.params["id"] ?? "");
  if (!d) return sendError(res, 404, "Not found.");
  if (d.userId !== user.id && user.role !== "admin") return sendError(res, 403, "Not your deployment.");

  const format = ctx.query.get("format") ?? "";
  const mtime = d.createdAtMs;
  if (format === "json") {
    sendJson(res, 200, { files: sortedKeys(sourceFiles(d.files)) });
    return;
  }
  if (format === "tar.gz" || format === "tgz" || format === "tar") {
    sendBinary(res, "application/gzip", `${d.name}-source.tar.gz`, packTree(d.files, mtime));
    return;
  }
  const paths = walkOrder(d.files.keys()).filter((p) => !isInternalPath(p));
  const zip = writeZip(paths.map((path) => ({ path, data: d.files.get(path) ?? Buffer.alloc(0), mtimeMs: mtime })));
  sendBinary(res, "application/zip", `${d.name}-source.zip`, zip);
}

function sendBinary(res: ApiContext["res"], type: string, filename: string, body: Buffer): void {
  res.statusCode = 200;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
  res.setHeader("Content-Length", body.length);
  res.end(body);
}

function sourceFiles(tree: FileTree): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [path, data] of tree) {
    if (isInternalPath(path)) continue;
    const match = sensitiveMatch(path);
    if (match !== "") {
      files[path] = `[redacted by openberth: ${path} matches sensitive-file pattern '${match}']`;
      continue;
    }
    if (data.length > 5 * 1024 * 1024) continue;
    if (data.subarray(0, 512).includes(0)) continue; // binary
    files[path] = data.toString("utf8");
  }
  return files;
}

/** The pattern a path matches, or "" when it is safe to return. The allow list wins. */
function sensitiveMatch(path: string): string {
  const base = path.split("/").pop() ?? path;
  if (ALLOW_BASENAMES.has(base)) return "";
  for (const prefix of DENY_PATH_PREFIXES) if (path.startsWith(prefix)) return prefix;
  if (DENY_BASENAMES.has(base)) return base;
  for (const glob of DENY_GLOBS) if (globMatch(glob, base)) return glob;
  return "";
}

/** filepath.Match for the `*` globs above. */
function globMatch(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replaceAll("*", "[^/]*");
  return new RegExp(`^${pattern}$`).test(name);
}
