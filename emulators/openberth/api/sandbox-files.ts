/**
 * Working inside a running sandbox (`service/sandbox.go`): push (writes and deletes applied
 * in order), exec (a small shell over the sandbox's real files, see sandbox-shell.ts) and
 * install (canned output), all behind the same guard.
 */
import { badRequest, forbidden, internal, notFound } from "../app-error.ts";
import type { FileTree } from "../file-tree.ts";
import { projectLanguage } from "../framework.ts";
import { field, slice, type GoStruct } from "../go-json-decode.ts";
import type { Instance } from "../instance.ts";
import { resolveFilePath } from "../provision.ts";
import type { DeploymentRecord, UserRecord } from "../records.ts";
import { runShell } from "../sandbox-shell.ts";
import { type ApiContext, authedJson } from "./context.ts";

/** `sandboxOwnerGuard` (push, install, exec). */
function runningSandbox(inst: Instance, id: string, user: UserRecord): DeploymentRecord {
  const d = inst.deployments.get(id);
  if (!d) throw notFound("Sandbox not found.");
  if (d.userId !== user.id && user.role !== "admin") throw forbidden("Not your sandbox.");
  if (d.mode !== "sandbox") throw badRequest("Not a sandbox. Use berth_update for regular deployments.");
  if (d.status !== "running") throw badRequest(`Sandbox is '${d.status}', not running.`);
  if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
  return d;
}

const DEPENDENCY_FILES = new Set([
  "package.json",
  "package-lock.json",
  "yarn.lock",
  "pnpm-lock.yaml",
  "requirements.txt",
  "pyproject.toml",
  "Pipfile",
  "Pipfile.lock",
  "go.mod",
  "go.sum",
]);

interface PushRequest {
  changes: { op: string; path: string; content: string }[] | null;
}

const PUSH_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [
    field(
      "changes",
      slice({
        kind: "struct",
        name: "PushChange",
        typeString: "service.PushChange",
        fields: [field("op", "string"), field("path", "string"), field("content", "string", "Content", "omitempty")],
      }),
    ),
  ],
};

export function pushToSandbox(ctx: ApiContext): Promise<void> {
  return authedJson<PushRequest>(ctx, PUSH_REQUEST, (user, req) => {
    const { inst } = ctx;
    const d = runningSandbox(inst, ctx.params["id"] ?? "", user);
    const changes = req.changes ?? [];
    if (changes.length === 0) throw badRequest("No changes provided.");
    let updated = 0;
    let deleted = 0;
    let depsChanged = false;
    try {
      // Applied one by one: an error leaves the changes before it in place.
      for (const change of changes) {
        const path = resolveFilePath(change.path);
        if (change.op === "write") {
          if (path === "") throw internal("Failed to write file: is a directory");
          d.files.set(path, Buffer.from(change.content));
          updated++;
        } else if (change.op === "delete") {
          d.files.delete(path);
          deleted++;
        } else {
          throw badRequest(`Invalid op '${change.op}'. Use 'write' or 'delete'.`);
        }
        if (DEPENDENCY_FILES.has(path.split("/").pop() ?? "")) depsChanged = true;
      }
    } finally {
      d.filesVersion++;
      inst.changed();
    }
    const out: Record<string, unknown> = { id: d.id, updated, deleted };
    if (depsChanged) {
      out["depsInstalled"] = true;
      out["installOutput"] = installOutput(projectLanguage(d.files), "install", []);
      inst.runtime.appendLog(d, "🏰 [sandbox] Dependencies changed, reinstalled.");
    }
    return out;
  });
}

interface InstallRequest {
  packages: string[] | null;
  uninstall: boolean;
}

const PACKAGE_NAME = /^[a-zA-Z0-9@_./:=<>^~-]+$/;

/**
 * Install output is canned. Emulator knob: a package whose name contains `fail-install`
 * makes the install fail (still 200, as upstream). For Node projects the package is added
 * to (or removed from) package.json's dependencies, as npm would.
 */
export function installInSandbox(ctx: ApiContext): Promise<void> {
  const type: GoStruct = { kind: "struct", name: "", fields: [field("packages", slice("string")), field("uninstall", "bool")] };
  return authedJson<InstallRequest>(ctx, type, (user, req) => {
    const { inst } = ctx;
    const d = runningSandbox(inst, ctx.params["id"] ?? "", user);
    const packages = req.packages ?? [];
    if (packages.length === 0) throw badRequest("No packages specified.");
    for (const pkg of packages) if (!PACKAGE_NAME.test(pkg)) throw badRequest(`Invalid package name: ${pkg}`);
    const action = req.uninstall ? "uninstall" : "install";
    const language = projectLanguage(d.files);
    if (packages.some((p) => p.includes("fail-install"))) {
      return {
        id: d.id,
        output: `npm error 404 Not Found - GET https://registry.npmjs.org/${packages.find((p) => p.includes("fail-install"))}\n`,
        message: `Package ${action} failed: exit status 1`,
      };
    }
    if (language === "node") editPackageJson(d, packages, req.uninstall);
    inst.changed();
    return {
      id: d.id,
      output: installOutput(language, action, packages),
      message: `Successfully ${action}ed: ${packages.join(" ")}`,
    };
  });
}

function installOutput(language: string, action: string, packages: string[]): string {
  if (language === "python")
    return action === "install"
      ? `Successfully installed ${packages.join(" ")}\n`
      : `Successfully uninstalled ${packages.join(" ")}\n`;
  if (language === "go") return action === "install" ? packages.map((p) => `go: added ${p}\n`).join("") : "";
  const verb = action === "install" ? "added" : "removed";
  return `\n${verb} ${Math.max(packages.length, 1)} package${packages.length === 1 ? "" : "s"}, and audited ${packages.length + 1} packages in 1s\n\nfound 0 vulnerabilities\n`;
}

function editPackageJson(d: DeploymentRecord, packages: string[], uninstall: boolean): void {
  const raw = d.files.get("package.json");
  if (!raw) return;
  let pkg: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return;
    pkg = parsed as Record<string, unknown>;
  } catch {
    return;
  }
  const deps = { ...((pkg["dependencies"] as Record<string, string> | undefined) ?? {}) };
  for (const spec of packages) {
    const at = spec.lastIndexOf("@");
    const name = at > 0 ? spec.slice(0, at) : spec;
    const version = at > 0 ? spec.slice(at + 1) : "^1.0.0";
    if (uninstall) delete deps[name];
    else deps[name] = version;
  }
  pkg["dependencies"] = deps;
  d.files.set("package.json", Buffer.from(`${JSON.stringify(pkg, null, 2)}\n`));
  d.filesVersion++;
}

export function execInSandbox(ctx: ApiContext): Promise<void> {
  const type: GoStruct = { kind: "struct", name: "", fields: [field("command", "string"), field("timeout", "int")] };
  return authedJson<{ command: string; timeout: number }>(ctx, type, (user, req) => {
    const { inst } = ctx;
    const d = runningSandbox(inst, ctx.params["id"] ?? "", user);
    if (req.command === "") throw badRequest("No command provided.");
    const before = new Map(d.files);
    const result = runShell(req.command, d.files);
    if (!sameTree(before, d.files)) {
      d.filesVersion++;
      inst.changed();
    }
    return { id: d.id, output: result.output, exitCode: result.exitCode };
  });
}

function sameTree(a: FileTree, b: FileTree): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
