/**
 * What a visitor of `http://<subdomain>.<domain>` gets (Caddy + the container upstream):
 * the deployment's files served as a static site, behind its protection.
 *
 * - Only a deployment with a live container answers (running, updating — the previous build
 *   keeps serving — or failed after an update, whose old container upstream keeps too);
 *   no container or no such subdomain → 502.
 * - A deploy serves its last successful build; a sandbox serves its files live (dev server).
 * - `/` → index.html, `/dir/` → dir/index.html, `/dir` → 308 to `/dir/`, else 404.
 * - basic_auth → `WWW-Authenticate: Basic`; api_key → header `X-Api-Key`; user mode →
 *   only `Authorization: Bearer <sc_ key>` of the owner, an admin or a listed user (there is
 *   no SSO here). Failures are 401 `Unauthorized`.
 * - Each answered request appends an access-log line to the container logs.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyPassword } from "./access-control.ts";
import { authenticate, header } from "./auth.ts";
import { isDirectory, resolveInTree } from "./file-tree.ts";
import type { Instance } from "./instance.ts";
import { contentTypeFor } from "./mime-types.ts";
import type { DeploymentRecord } from "./records.ts";

export function serveSite(inst: Instance, subdomain: string, req: IncomingMessage, res: ServerResponse): void {
  const d = inst.deploymentBySubdomain(subdomain);
  if (!d || !d.container) return plain(res, 502, "Bad Gateway");

  const finish = (status: number, type: string, body: Buffer | string, headers: Record<string, string> = {}) => {
    const data = typeof body === "string" ? Buffer.from(body) : body;
    res.statusCode = status;
    res.setHeader("Content-Type", type);
    res.setHeader("Content-Length", data.length);
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.end(req.method === "HEAD" ? undefined : data);
    inst.runtime.appendLog(d, accessLogLine(req, status, req.method === "HEAD" ? 0 : data.length, inst.now()));
  };

  const denied = accessDenied(inst, d, req);
  if (denied) return finish(401, "text/plain; charset=utf-8", "Unauthorized\n", denied);
  if (req.method !== "GET" && req.method !== "HEAD")
    return finish(405, "text/plain; charset=utf-8", "Method Not Allowed\n", { Allow: "GET, HEAD" });

  const rawPath = (req.url ?? "/").split("?")[0] ?? "/";
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return finish(400, "text/plain; charset=utf-8", "Bad Request\n");
  }
  const files = d.mode === "sandbox" ? d.files : d.liveFiles;
  const rel = resolveInTree(decoded) ?? "";
  const wantsDirectory = decoded.endsWith("/") || rel === "";
  const path = wantsDirectory ? (rel === "" ? "index.html" : `${rel}/index.html`) : rel;
  const data = files.get(path);
  if (data) return finish(200, contentTypeFor(path), data);
  if (!wantsDirectory && isDirectory(files, rel)) return finish(308, "text/html; charset=utf-8", "", { Location: `${rawPath}/` });
  return finish(404, "text/plain; charset=utf-8", "Not Found\n");
}

/** The WWW-Authenticate header to send when the visitor may not pass, else null. */
function accessDenied(inst: Instance, d: DeploymentRecord, req: IncomingMessage): Record<string, string> | null {
  switch (d.accessMode) {
    case "basic_auth": {
      const m = /^Basic\s+(.+)$/i.exec(header(req, "authorization"));
      const decoded = m?.[1] ? Buffer.from(m[1], "base64").toString("utf8") : "";
      const colon = decoded.indexOf(":");
      const ok = colon >= 0 && decoded.slice(0, colon) === d.accessUser && verifyPassword(decoded.slice(colon + 1), d.accessHash);
      return ok ? null : { "WWW-Authenticate": 'Basic realm="restricted"' };
    }
    case "api_key":
      return header(req, "x-api-key") === d.accessHash && d.accessHash !== "" ? null : {};
    case "user": {
      const visitor = authenticate(inst, req);
      if (!visitor) return {};
      const listed = d.accessUsers
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean);
      const allowed = visitor.id === d.userId || visitor.role === "admin" || listed.includes(visitor.name);
      return allowed ? null : {};
    }
    default:
      return null;
  }
}

/** Common Log Format, as an access log would print it. */
function accessLogLine(req: IncomingMessage, status: number, bytes: number, nowMs: number): string {
  const remote = req.socket.remoteAddress?.replace(/^::ffff:/, "") ?? "-";
  return `${remote} - - [${clfDate(nowMs)}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${status} ${bytes}`;
}

function clfDate(ms: number): string {
  const d = new Date(ms);
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.end(`${message}\n`);
}
