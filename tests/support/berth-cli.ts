/**
 * A stand-in for the `berth` Go CLI (apps/cli at upstream 2c46b27), which cannot be installed
 * here: it sends exactly what API.md §9 says each command sends and reads exactly what the
 * CLI reads, so tests can prove the OpenBerth emulator works with the real CLI.
 *
 * Transport (api.go):
 * - `Authorization: Bearer <key>` on every request, /health included; the server URL has its
 *   trailing `/` trimmed; a missing server or key fails before any request.
 * - GET/DELETE without body or content type; JSON bodies streamed (chunked) with
 *   `Content-Type: application/json` and the encoder's trailing newline; uploads streamed as
 *   multipart with every field written before the `tarball` file part.
 * - Every answer is decoded as a JSON object (else `invalid response from server`); status
 *   ≥400 fails with `body.error`, or `HTTP <code>` when there is none.
 *
 * Commands keep the CLI's flow: deploy polls GET /api/deployments/{id} until
 * `containerStatus` is running or failed (every 2 s, 180 times, in the real CLI — both are
 * options here), redeploy falls back to a new deploy on "not found"/"404", and the project's
 * `.berth.json` remembers the deployment and sandbox ids.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { basename, join, relative, sep } from "node:path";
import { gzipSync } from "node:zlib";
import { tar } from "../../emulators/openberth/testing/tar-gz-builder.ts";

/** Go's map[string]interface{}: the CLI reads answers loosely, and so does this client. */
export type JsonMap = Record<string, any>;

export class BerthCliError extends Error {}

export interface BerthCliOptions {
  /** Between two build polls (2000 ms in the CLI). */
  pollIntervalMs?: number;
  /** Build polls before giving up (180 in the CLI). */
  maxPolls?: number;
  /** `berth dev` container polls (60 in the CLI). */
  devMaxPolls?: number;
  /** `berth dev` dev-server probes (90 in the CLI), `pollIntervalMs` apart. */
  devProbeTries?: number;
  /** Where to connect for a deployment URL; by default *.localhost goes to 127.0.0.1. */
  connectTo?: (url: URL) => { host: string; port: number };
}

export interface DeployFlags {
  name?: string;
  ttl?: string;
  memory?: string;
  cpus?: string;
  port?: string;
  env?: string[];
  secrets?: string[];
  title?: string;
  description?: string;
  protect?: string;
  username?: string;
  password?: string;
  apiKey?: string;
  users?: string;
  networkQuota?: string;
  /** `--new`: ignore the project's deploymentId. */
  new?: boolean;
}

export interface DeployOutcome {
  /** "created" for a new deployment, "updated" when the project's deployment was updated. */
  kind: "created" | "updated";
  id: string;
  url: string;
  framework?: string;
  expiresAt?: string;
  accessMode?: string;
  apiKey?: string;
  message?: string;
  /** What waitForBuild ended on: running, failed or timeout. */
  status: string;
  polls: number;
  serverVersion?: string;
}

interface ProjectConfig {
  deploymentId?: string;
  sandboxId?: string;
  url?: string;
  name?: string;
  berthVersion?: string;
  serverVersion?: string;
  [key: string]: unknown;
}

const CLI_VERSION = "0.0.0-cli-standin";
const DEFAULT_IGNORES = [
  "node_modules/",
  ".git/",
  ".next/",
  ".nuxt/",
  ".output/",
  "dist/",
  "build/",
  ".cache/",
  "venv/",
  "__pycache__/",
  ".env.local",
  ".openberth-entry.sh",
  ".openberth-sandbox.sh",
];

export class BerthCli {
  #server = "";
  #key = "";
  #options: Required<Omit<BerthCliOptions, "connectTo">> & Pick<BerthCliOptions, "connectTo">;

  constructor(options: BerthCliOptions = {}) {
    this.#options = {
      pollIntervalMs: options.pollIntervalMs ?? 2000,
      maxPolls: options.maxPolls ?? 180,
      devMaxPolls: options.devMaxPolls ?? 60,
      devProbeTries: options.devProbeTries ?? 90,
      connectTo: options.connectTo,
    };
  }

  /** `berth config set server|key <value>` (~/.berth.json). */
  configSet(name: "server" | "key", value: string): void {
    if (name === "server") this.#server = value;
    else this.#key = value;
  }

  get config(): { server: string; key: string } {
    return { server: this.#server, key: this.#key };
  }

  // ── Transport (api.go) ────────────────────────────────────────────────────────────────

  #client(): { server: string; key: string } {
    if (!this.#server) throw new BerthCliError("server not configured. Run: berth config set server https://your-domain.com");
    if (!this.#key) throw new BerthCliError("API key not configured. Run: berth config set key YOUR_KEY");
    return { server: this.#server.replace(/\/+$/, ""), key: this.#key };
  }

  /** `Request`: GET/DELETE, no body, no content type. */
  async request(method: string, path: string): Promise<JsonMap> {
    const c = this.#client();
    const res = await fetchOrFail(
      `${c.server}${path}`,
      { method, headers: { Authorization: `Bearer ${c.key}` } },
      "request failed",
    );
    return decodeAnswer(res);
  }

  /** `RequestJSON`: the body streamed as `json.Encoder` output (with its newline). */
  async requestJson(method: string, path: string, body: unknown): Promise<JsonMap> {
    const c = this.#client();
    const res = await fetchOrFail(
      `${c.server}${path}`,
      {
        method,
        headers: { Authorization: `Bearer ${c.key}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : streamOf([Buffer.from(goEncode(body))]),
        duplex: "half",
      } as RequestInit,
      "request failed",
    );
    return decodeAnswer(res);
  }

  /** `Upload`: multipart streamed through a pipe, fields first, then the `tarball` part. */
  async upload(path: string, tarball: Buffer, fields: [string, string[]][]): Promise<JsonMap> {
    const c = this.#client();
    const boundary = randomBytes(30).toString("hex");
    const parts: Buffer[] = [];
    let first = true;
    const open = () => {
      const prefix = first ? `--${boundary}\r\n` : `\r\n--${boundary}\r\n`;
      first = false;
      return prefix;
    };
    for (const [name, values] of fields) {
      for (const value of values)
        parts.push(Buffer.from(`${open()}Content-Disposition: form-data; name="${escapeQuotes(name)}"\r\n\r\n${value}`));
    }
    parts.push(
      Buffer.from(
        `${open()}Content-Disposition: form-data; name="tarball"; filename="openberth-${process.pid}.tar.gz"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      tarball,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    const res = await fetchOrFail(
      `${c.server}${path}`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${c.key}`, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        body: streamOf(parts),
        duplex: "half",
      } as RequestInit,
      "upload failed",
    );
    return decodeAnswer(res);
  }

  // ── Commands ──────────────────────────────────────────────────────────────────────────

  /** `berth deploy [dir]`: update the project's deployment if it has one, else deploy anew. */
  async deploy(dir: string, flags: DeployFlags = {}): Promise<DeployOutcome> {
    const project = loadProject(dir);
    let name = flags.name ?? basename(dir);
    if (name === basename(dir) && project.name) name = project.name;
    const env = [...readEnvFile(join(dir, ".env")), ...(flags.env ?? [])];
    const tarball = packProject(dir);
    this.#client();

    if (project.deploymentId && !flags.new) {
      const fields: [string, string[]][] = [];
      if (env.length > 0) fields.push(["env", env]);
      if (flags.memory) fields.push(["memory", [flags.memory]]);
      if (flags.cpus) fields.push(["cpus", [flags.cpus]]);
      if (flags.port) fields.push(["port", [flags.port]]);
      if (flags.networkQuota) fields.push(["network_quota", [flags.networkQuota]]);
      if (flags.secrets?.length) fields.push(["secrets", flags.secrets]);
      try {
        const result = await this.upload(`/api/deploy/${project.deploymentId}/update`, tarball, fields);
        if (typeof result["url"] === "string" && result["url"]) saveProject(dir, { ...project, url: result["url"] });
        const { status, polls } = await this.waitForBuild(project.deploymentId);
        return { kind: "updated", id: project.deploymentId, url: result["url"], message: result["message"], status, polls };
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        if (!text.includes("not found") && !text.includes("404")) throw error;
        // The deployment was destroyed elsewhere: forget it and deploy anew.
        delete project.deploymentId;
        delete project.url;
        saveProject(dir, project);
      }
    }

    const fields: [string, string[]][] = [["name", [name]]];
    const optional: [string, string | undefined][] = [
      ["ttl", flags.ttl],
      ["memory", flags.memory],
      ["cpus", flags.cpus],
      ["port", flags.port],
    ];
    for (const [k, v] of optional) if (v) fields.push([k, [v]]);
    if (env.length > 0) fields.push(["env", env]);
    const more: [string, string | undefined][] = [
      ["title", flags.title],
      ["description", flags.description],
      ["protect_mode", flags.protect],
      ["protect_username", flags.username],
      ["protect_password", flags.password],
      ["protect_api_key", flags.apiKey],
      ["protect_users", flags.users],
      ["network_quota", flags.networkQuota],
    ];
    for (const [k, v] of more) if (v) fields.push([k, [v]]);
    if (flags.secrets?.length) fields.push(["secrets", flags.secrets]);

    const result = await this.upload("/api/deploy", tarball, fields);
    const id = str(result["id"]);
    const { status, polls } = await this.waitForBuild(id);
    let serverVersion: string | undefined;
    try {
      const health = await this.request("GET", "/health");
      if (typeof health["version"] === "string") serverVersion = health["version"];
    } catch {
      // the CLI ignores a failed version check
    }
    saveProject(dir, {
      ...loadProject(dir),
      deploymentId: id,
      url: str(result["url"]),
      name,
      berthVersion: CLI_VERSION,
      serverVersion,
    });
    return {
      kind: "created",
      id,
      url: str(result["url"]),
      framework: result["framework"],
      expiresAt: result["expiresAt"],
      accessMode: result["accessMode"],
      apiKey: result["apiKey"],
      status,
      polls,
      serverVersion,
    };
  }

  /** `waitForBuild`: sleep, poll, stop on containerStatus running/failed; errors are skipped. */
  async waitForBuild(id: string, maxPolls = this.#options.maxPolls): Promise<{ status: string; polls: number }> {
    for (let i = 0; i < maxPolls; i++) {
      await sleep(this.#options.pollIntervalMs);
      let status: JsonMap;
      try {
        status = await this.request("GET", `/api/deployments/${id}`);
      } catch {
        continue;
      }
      const cs = status["containerStatus"];
      if (cs === "running" || cs === "failed") return { status: cs, polls: i + 1 };
    }
    return { status: "timeout", polls: maxPolls };
  }

  /** `berth update [id]`: upload only, no polling. */
  async update(id: string, dir: string): Promise<{ message: string; url: string }> {
    const env = readEnvFile(join(dir, ".env"));
    const result = await this.upload(`/api/deploy/${id}/update`, packProject(dir), env.length > 0 ? [["env", env]] : []);
    return { message: result["message"], url: result["url"] };
  }

  /** `berth list` / `berth list --all`. */
  async list(all = false): Promise<JsonMap[]> {
    const result = await this.request("GET", all ? "/api/deployments" : "/api/deployments?owner=me");
    return Array.isArray(result["deployments"]) ? result["deployments"] : [];
  }

  /** `berth status <id>`. */
  status(id: string): Promise<JsonMap> {
    return this.request("GET", `/api/deployments/${id}`);
  }

  /** `berth logs <id> [--tail N]`. */
  async logs(id: string, tail = "200"): Promise<string> {
    const result = await this.request("GET", `/api/deployments/${id}/logs?tail=${tail}`);
    return typeof result["logs"] === "string" ? result["logs"] : "";
  }

  /** `berth logs -f`: exactly 200 required; keeps `data: ` lines until the stream ends. */
  async followLogs(
    id: string,
    tail = "200",
    options: { onLine?: (line: string) => void; signal?: AbortSignal } = {},
  ): Promise<string[]> {
    const c = this.#client();
    const res = await fetchOrFail(
      `${c.server}/api/deployments/${id}/logs/stream?tail=${tail}`,
      { headers: { Authorization: `Bearer ${c.key}` }, signal: options.signal },
      "Connection failed",
    );
    if (res.status !== 200) throw new BerthCliError(`HTTP ${res.status}: ${(await res.text()).trim()}`);
    const lines: string[] = [];
    let buffer = "";
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let idx: number;
        while ((idx = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, idx).replace(/\r$/, "");
          buffer = buffer.slice(idx + 1);
          if (line.startsWith("data: ")) {
            lines.push(line.slice(6));
            options.onLine?.(line.slice(6));
          }
        }
      }
    } catch {
      // a closed connection ends the command normally
    }
    return lines;
  }

  /** `berth destroy <id>`. */
  async destroy(id: string): Promise<void> {
    await this.request("DELETE", `/api/deployments/${id}`);
  }

  /** `berth destroy --all`: the number the CLI prints. */
  async destroyAll(): Promise<number> {
    const result = await this.request("DELETE", "/api/deployments");
    return typeof result["destroyed"] === "number" ? result["destroyed"] : 0;
  }

  /** `berth protect <id> --mode …` */
  async protect(
    id: string,
    flags: { mode: string; username?: string; password?: string; apiKey?: string; users?: string },
  ): Promise<{ message: string; apiKey?: string }> {
    const body: JsonMap = { mode: flags.mode };
    if (flags.username) body["username"] = flags.username;
    if (flags.password) body["password"] = flags.password;
    if (flags.apiKey) body["apiKey"] = flags.apiKey;
    if (flags.users)
      body["users"] = flags.users
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean);
    const result = await this.requestJson("POST", `/api/deployments/${id}/protect`, body);
    return { message: result["message"], apiKey: result["apiKey"] || undefined };
  }

  /** `berth lock` / `berth unlock`. */
  async lock(id: string, locked = true): Promise<string> {
    return (await this.requestJson("POST", `/api/deployments/${id}/lock`, { locked }))["message"];
  }

  /** `berth quota <id> --set V` / `--remove`. */
  async quota(id: string, value: string | null): Promise<string> {
    const result = await this.requestJson("PATCH", `/api/deployments/${id}`, { network_quota: value ?? "" });
    return result["networkQuota"];
  }

  /** `berth secret set NAME VALUE [--description d] [--global]`. */
  async secretSet(
    name: string,
    value: string,
    flags: { description?: string; global?: boolean } = {},
  ): Promise<{ message: string; restarted: string[] }> {
    const body: JsonMap = { name, value, global: flags.global ?? false };
    if (flags.description) body["description"] = flags.description;
    const result = await this.requestJson("POST", "/api/secrets", body);
    const message = typeof result["message"] === "string" && result["message"] ? result["message"] : "Secret saved";
    const restarted = Array.isArray(result["restarted"]) ? result["restarted"].filter((x: unknown) => typeof x === "string") : [];
    return { message, restarted };
  }

  /** `berth secret list`. */
  async secretList(): Promise<JsonMap[]> {
    const result = await this.request("GET", "/api/secrets");
    return Array.isArray(result["secrets"]) ? result["secrets"] : [];
  }

  /** `berth secret delete NAME [--global]`. */
  async secretDelete(name: string, global = false): Promise<void> {
    await this.request("DELETE", `/api/secrets/${name}${global ? "?global=true" : ""}`);
  }

  /** `berth dev [dir]`: create a sandbox, wait for its container, probe the dev server. */
  async dev(
    dir: string,
    flags: { name?: string; ttl?: string; port?: string; env?: string[] } = {},
  ): Promise<{ id: string; url: string; framework: string; ready: boolean }> {
    const body: JsonMap = { files: readProjectFiles(dir), name: flags.name ?? basename(dir), ttl: flags.ttl ?? "4h" };
    // Quirk reproduced: --port goes out as a JSON string.
    if (flags.port) body["port"] = flags.port;
    if (flags.env?.length) body["env"] = Object.fromEntries(flags.env.map((e) => e.split(/=(.*)/s).slice(0, 2)));
    const result = await this.requestJson("POST", "/api/sandbox", body);
    const id = str(result["id"]);
    const url = str(result["url"]);
    saveProject(dir, { ...loadProject(dir), sandboxId: id });

    let up = false;
    for (let i = 0; i < this.#options.devMaxPolls && !up; i++) {
      await sleep(this.#options.pollIntervalMs);
      let status: JsonMap;
      try {
        status = await this.request("GET", `/api/deployments/${id}`);
      } catch {
        continue;
      }
      if (status["containerStatus"] === "running") up = true;
      else if (status["containerStatus"] === "failed") throw new BerthCliError(`Sandbox failed to start. Run: berth logs ${id}`);
    }
    if (!up) throw new BerthCliError(`Sandbox timed out. Run: berth logs ${id}`);

    let ready = false;
    for (let i = 0; i < this.#options.devProbeTries; i++) {
      const status = await this.probe(url).catch(() => 0);
      if (status !== 0 && status !== 502) {
        ready = true;
        break;
      }
      await sleep(this.#options.pollIntervalMs);
    }
    return { id, url, framework: str(result["framework"]), ready };
  }

  /** The file-watcher's push during `berth dev`. */
  async devPush(
    id: string,
    changes: { op: "write" | "delete"; path: string; content?: string }[],
  ): Promise<{ updated: number; deleted: number; depsInstalled: boolean }> {
    const result = await this.requestJson("POST", `/api/sandbox/${id}/push`, { changes });
    return { updated: num(result["updated"]), deleted: num(result["deleted"]), depsInstalled: result["depsInstalled"] === true };
  }

  /** `berth promote [id]`: then polls like deploy. */
  async promote(
    id: string,
    flags: { ttl?: string; memory?: string; cpus?: string; networkQuota?: string; env?: string[]; secrets?: string[] } = {},
  ): Promise<{ id: string; url: string; framework: string; status: string }> {
    const body: JsonMap = {};
    if (flags.ttl) body["ttl"] = flags.ttl;
    if (flags.memory) body["memory"] = flags.memory;
    if (flags.cpus) body["cpus"] = flags.cpus;
    if (flags.networkQuota) body["network_quota"] = flags.networkQuota;
    if (flags.env?.length) body["env"] = Object.fromEntries(flags.env.map((e) => e.split(/=(.*)/s).slice(0, 2)));
    if (flags.secrets?.length) body["secrets"] = flags.secrets;
    const result = await this.requestJson("POST", `/api/sandbox/${id}/promote`, body);
    const { status } = await this.waitForBuild(str(result["id"]));
    return { id: str(result["id"]), url: str(result["url"]), framework: str(result["framework"]), status };
  }

  /** `berth rotate-key`: then the config holds the new key. */
  async rotateKey(): Promise<string> {
    const result = await this.requestJson("POST", "/api/me/rotate-key", {});
    const key = str(result["apiKey"]);
    if (!key) throw new BerthCliError("invalid response from server");
    this.#key = key;
    return key;
  }

  /** `berth version`: the server half. */
  async version(): Promise<{ version: string; domain: string }> {
    const health = await this.request("GET", "/health");
    return { version: health["version"], domain: health["domain"] };
  }

  /** `berth pull [id] [--format f]`: the filename comes from Content-Disposition. */
  async pull(id: string, format?: string): Promise<{ filename: string; bytes: Buffer }> {
    const c = this.#client();
    const res = await fetchOrFail(
      `${c.server}/api/deployments/${id}/source${format ? `?format=${format}` : ""}`,
      { headers: { Authorization: `Bearer ${c.key}` } },
      "request failed",
    );
    if (res.status >= 400) throw await downloadError(res);
    const disposition = res.headers.get("content-disposition") ?? "";
    const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1]?.split("/").pop() ?? "download";
    return { filename, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** `berth backup` (whole server): POST, although the route is GET (upstream mismatch). */
  async backup(passphrase: string): Promise<Buffer> {
    const c = this.#client();
    const res = await fetchOrFail(
      `${c.server}/api/admin/backup`,
      {
        method: "POST",
        headers: { Authorization: `Bearer ${c.key}`, "Content-Type": "application/json" },
        body: JSON.stringify({ passphrase }),
      },
      "request failed",
    );
    if (res.status >= 400) throw await downloadError(res);
    return Buffer.from(await res.arrayBuffer());
  }

  /** `berth login`'s code exchange: no auth header, no Origin (upstream mismatch: CSRF refuses it). */
  async loginExchange(code: string): Promise<{ apiKey: string; name: string }> {
    const res = await fetchOrFail(
      `${this.#client().server}/api/login/exchange`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code }),
      },
      "request failed",
    );
    const result = await decodeAnswer(res);
    return { apiKey: result["apiKey"], name: result["name"] };
  }

  /** GET of a deployment URL without auth (the dev-server probe). Returns the status. */
  probe(url: string): Promise<number> {
    const target = new URL(url);
    const connect = this.#options.connectTo?.(target) ?? {
      host: target.hostname.endsWith(".localhost") || target.hostname === "localhost" ? "127.0.0.1" : target.hostname,
      port: Number(target.port || 80),
    };
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        { host: connect.host, port: connect.port, path: `${target.pathname}${target.search}`, headers: { host: target.host } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.setTimeout(2000, () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end();
    });
  }
}

// ── Helpers ─────────────────────────────────────────────────────────────────────────────

async function fetchOrFail(url: string, init: RequestInit, label: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new BerthCliError(`${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Decodes the first JSON value as an object, as `json.NewDecoder(resp.Body).Decode(&map)` does. */
async function decodeAnswer(res: Response): Promise<JsonMap> {
  const text = await res.text();
  const result = firstJsonObject(text);
  if (result === undefined) throw new BerthCliError("invalid response from server");
  if (res.status >= 400) {
    if (typeof result["error"] === "string") throw new BerthCliError(result["error"]);
    throw new BerthCliError(`HTTP ${res.status}`);
  }
  return result;
}

async function downloadError(res: Response): Promise<BerthCliError> {
  const text = await res.text();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && typeof (parsed as JsonMap)["error"] === "string")
      return new BerthCliError((parsed as JsonMap)["error"]);
  } catch {
    // not JSON
  }
  return new BerthCliError(`HTTP ${res.status}`);
}

/** The first JSON value of `text` if it is an object (`null` counts as an empty map). */
function firstJsonObject(text: string): JsonMap | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  if (text.startsWith("null", start)) return {};
  if (text[start] !== "{") return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      depth--;
      if (depth === 0) {
        try {
          return JSON.parse(text.slice(start, i + 1)) as JsonMap;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}

/** json.Encoder output for the CLI's map bodies: sorted keys, <>& escaped, a trailing newline. */
function goEncode(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sortKeys((v as JsonMap)[k])]),
      );
    }
    return v;
  };
  const text = JSON.stringify(sortKeys(value)).replaceAll("<", "\\u003c").replaceAll(">", "\\u003e").replaceAll("&", "\\u0026");
  return `${text}\n`;
}

function streamOf(parts: Buffer[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const part = parts[i++];
      if (part) controller.enqueue(new Uint8Array(part));
      else controller.close();
    },
  });
}

function escapeQuotes(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll('"', '\\"');
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function num(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function loadProject(dir: string): ProjectConfig {
  try {
    return JSON.parse(readFileSync(join(dir, ".berth.json"), "utf8")) as ProjectConfig;
  } catch {
    return {};
  }
}

function saveProject(dir: string, cfg: ProjectConfig): void {
  writeFileSync(join(dir, ".berth.json"), JSON.stringify(cfg, null, 2));
}

/** `.env` lines as KEY=VALUE (comments and blanks skipped, quotes stripped). */
function readEnvFile(path: string): string[] {
  if (!existsSync(path)) return [];
  const out: string[] = [];
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || !line.includes("=")) continue;
    const [key = "", ...rest] = line.split("=");
    out.push(
      `${key.trim()}=${rest
        .join("=")
        .trim()
        .replace(/^(['"])(.*)\1$/, "$2")}`,
    );
  }
  return out;
}

/** The project's files minus the CLI's ignore list, .gitignore and .berthignore (archive.go). */
function projectFiles(dir: string): string[] {
  const patterns = [...DEFAULT_IGNORES];
  for (const name of [".gitignore", ".berthignore"]) {
    const p = join(dir, name);
    if (existsSync(p))
      for (const l of readFileSync(p, "utf8").split("\n")) if (l.trim() && !l.trim().startsWith("#")) patterns.push(l.trim());
  }
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs).sort()) {
      const full = join(abs, entry);
      const rel = relative(dir, full).split(sep).join("/");
      const isDir = statSync(full).isDirectory();
      if (ignored(rel, isDir, patterns)) continue;
      if (isDir) walk(full);
      else out.push(rel);
    }
  };
  walk(dir);
  return out;
}

function ignored(rel: string, isDir: boolean, patterns: string[]): boolean {
  for (const pattern of patterns) {
    if (pattern.endsWith("/")) {
      const d = pattern.slice(0, -1);
      if (isDir && (rel === d || rel.startsWith(`${d}/`))) return true;
      if (!isDir && rel.includes(`${d}/`)) return true;
      continue;
    }
    const base = rel.split("/").pop() ?? rel;
    const glob = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replaceAll("*", "[^/]*")
        .replaceAll("?", ".")}$`,
    );
    if (glob.test(base) || rel === pattern || rel.startsWith(`${pattern}/`)) return true;
  }
  return false;
}

/** `createTarball`: regular files only, relative names, pax records for long names (Go's tar.Writer). */
export function packProject(dir: string): Buffer {
  const files = projectFiles(dir).map((name) => ({ name, content: readFileSync(join(dir, name)) }));
  return gzipSync(tar(files, { longNames: "pax" }));
}

/** `readProjectFiles` for `berth dev`: path → UTF-8 content. */
function readProjectFiles(dir: string): Record<string, string> {
  return Object.fromEntries(projectFiles(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));
}
