/**
 * The checks and steps that deploy, code deploy and sandbox create share
 * (`service/provision.go`), in upstream's order: limit → identity (subdomain) → files →
 * framework → secrets → row → protection → async build.
 */
import { type AccessControl, computeAccessControl } from "./access-control.ts";
import { badRequest, conflict, tooMany } from "./app-error.ts";
import type { FileTree } from "./file-tree.ts";
import { detectFramework, type FrameworkInfo } from "./framework.ts";
import { newXid } from "./ids.ts";
import type { Instance } from "./instance.ts";
import { sanitizeName } from "./names.ts";
import type { DeploymentRecord, UserRecord } from "./records.ts";

export const DETECT_FAILED_MESSAGE =
  'Could not detect project type. Include package.json (Node), go.mod (Go), requirements.txt (Python), or index.html (static). Or add a .berth.json with "language" and "start" fields.';
export const NO_FILES_MESSAGE = "No files provided. Include at least one file in the 'files' object.";

export function checkDeployLimit(inst: Instance, user: UserRecord): void {
  if (inst.countDeployments(user.id) >= user.maxDeployments) {
    throw tooMany(`Deployment limit reached (${user.maxDeployments}). Destroy some first.`);
  }
}

export interface Identity {
  id: string;
  name: string;
  subdomain: string;
}

/** `generateDeployIdentity`: an empty slug becomes `<nameDefault><id[0:6]>` with a `-<id[0:4]>` subdomain suffix. */
export function generateIdentity(inst: Instance, rawName: string, nameDefault: string, subdomainPrefix: string): Identity {
  const id = newXid(inst.now());
  let name = sanitizeName(rawName);
  let subdomain: string;
  if (name === "") {
    name = nameDefault + id.slice(0, 6);
    subdomain = `${subdomainPrefix}${name}-${id.slice(0, 4)}`;
  } else {
    subdomain = subdomainPrefix + name;
  }
  if (inst.deploymentBySubdomain(subdomain)) throw conflict("Subdomain collision, try a different name.");
  return { id, name, subdomain };
}

/** `validateFiles` for the JSON endpoints: 1–100 files, at most 10 MB in all. */
export function validateFiles(files: Record<string, string> | null): asserts files is Record<string, string> {
  const entries = Object.entries(files ?? {});
  if (entries.length === 0) throw badRequest(NO_FILES_MESSAGE);
  if (entries.length > 100) throw badRequest(`Too many files (${entries.length}). Code deploy supports up to 100 files.`);
  let total = 0;
  for (const [, content] of entries) total += Buffer.byteLength(content);
  if (total > 10 * 1024 * 1024)
    throw badRequest("Total file size exceeds 10MB. Use the tarball upload endpoint for larger projects.");
}

/** Writes `files` into `tree` (`pathTraversalGuard` first: nothing is written if a path escapes). */
export function writeFiles(tree: FileTree, files: Record<string, string>): void {
  const resolved: [string, string][] = [];
  for (const [rel, content] of Object.entries(files)) {
    const path = resolveFilePath(rel);
    resolved.push([path, content]);
  }
  for (const [path, content] of resolved) if (path !== "") tree.set(path, Buffer.from(content));
}

/** A path inside the tree, or 400 `Invalid file path: <rel>` when it would leave it. */
export function resolveFilePath(rel: string): string {
  const parts: string[] = [];
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) throw badRequest(`Invalid file path: ${rel}`);
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

export function detectOrFail(tree: FileTree): FrameworkInfo {
  const fw = detectFramework(tree);
  if (!fw) throw badRequest(DETECT_FAILED_MESSAGE);
  return fw;
}

/**
 * The start both JSON creates share (code deploy, sandbox), in upstream's order: the files
 * are checked, then the user's limit, then a name is chosen, the files written and the
 * framework detected. What follows differs per caller.
 */
export function startFromFiles(
  inst: Instance,
  user: UserRecord,
  files: Record<string, string> | null,
  rawName: string,
  prefixes: { nameDefault: string; subdomain: string },
): { identity: Identity; tree: FileTree; fw: FrameworkInfo } {
  validateFiles(files);
  checkDeployLimit(inst, user);
  const identity = generateIdentity(inst, rawName, prefixes.nameDefault, prefixes.subdomain);
  const tree: FileTree = new Map();
  writeFiles(tree, files);
  return { identity, tree, fw: detectOrFail(tree) };
}

export interface NewDeployment {
  identity: Identity;
  user: UserRecord;
  tree: FileTree;
  framework: string;
  mode: "deploy" | "sandbox";
  title: string;
  description: string;
  ttlHours: number;
  env: Record<string, string>;
  secrets: string[];
  memory: string;
  cpus: string;
  networkQuota: string;
}

/** `Store.CreateDeployment` with status `building`. */
export function insertDeployment(inst: Instance, p: NewDeployment): DeploymentRecord {
  const d: DeploymentRecord = {
    id: p.identity.id,
    userId: p.user.id,
    name: p.identity.name,
    title: p.title,
    description: p.description,
    subdomain: p.identity.subdomain,
    framework: p.framework,
    mode: p.mode,
    status: "building",
    ttlHours: p.ttlHours,
    expiresAt: inst.expiryFor(p.ttlHours),
    createdAtMs: inst.now(),
    seq: inst.nextSeq++,
    env: p.env,
    secrets: p.secrets,
    memory: p.memory,
    cpus: p.cpus,
    networkQuota: inst.resolveNetworkQuota(p.networkQuota),
    accessMode: "public",
    accessUser: "",
    accessHash: "",
    accessUsers: "",
    locked: false,
    port: 0,
    container: false,
    files: p.tree,
    liveFiles: new Map(),
    filesVersion: 1,
    logs: [],
  };
  inst.deployments.set(d.id, d);
  inst.changed();
  return d;
}

/** `setupAccessControl`: deploy-time protection. A bad mode removes the row again (nothing is created). */
export function applyProtection(
  inst: Instance,
  d: DeploymentRecord,
  mode: string,
  username: string,
  password: string,
  apiKey: string,
  users: string,
): AccessControl | null {
  if (mode === "" || mode === "public") return null;
  try {
    const ac = computeAccessControl(mode, username, password, apiKey, users);
    setAccess(d, ac);
    return ac;
  } catch (error) {
    inst.deployments.delete(d.id);
    inst.changed();
    throw error;
  }
}

export function setAccess(d: DeploymentRecord, ac: AccessControl): void {
  d.accessMode = ac.mode;
  d.accessUser = ac.accessUser;
  d.accessHash = ac.accessHash;
  d.accessUsers = ac.accessUsers;
}

/** Merges `env` entries (later keys win), as `detectAndRebuild` and promote do. */
export function mergeEnv(stored: Record<string, string>, incoming: Record<string, string> | null): Record<string, string> {
  return { ...stored, ...(incoming ?? {}) };
}
