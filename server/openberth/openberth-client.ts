/**
 * Harbor's client for one workspace's OpenBerth server (../shared/openberth/API.md).
 * Built per request with the key it acts as — the workspace's admin key, decrypted in
 * that request only, or a user's own key — and never kept (principle 06). Answers are
 * checked against the contract; failures become OpenBerthError.
 */
import { z } from "zod";
import { kindForStatus, OpenBerthError } from "./openberth-error";
import * as s from "./openberth-schemas";

export interface OpenBerthClientOptions {
  /** The server's base URL (the infra service's endpointUrl). */
  endpoint: string;
  /** The key this client acts as. */
  key: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Options for creating or updating a deployment (snake_case on the wire, as OpenBerth wants). */
export interface DeployOptions {
  name?: string;
  title?: string;
  description?: string;
  ttl?: string;
  port?: number;
  env?: Record<string, string>;
  secrets?: string[];
  memory?: string;
  cpus?: string;
  networkQuota?: string;
  protect?: {
    mode: "public" | "basic_auth" | "api_key" | "user";
    username?: string;
    password?: string;
    apiKey?: string;
    users?: string[];
  };
}

export type SandboxChange = { op: "write"; path: string; content: string } | { op: "delete"; path: string };

export type OpenBerthClient = ReturnType<typeof createOpenBerthClient>;

export function createOpenBerthClient(options: OpenBerthClientOptions) {
  const base = options.endpoint.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const auth = { Authorization: `Bearer ${options.key}` };

  async function send(
    method: string,
    path: string,
    body?: BodyInit,
    contentType?: string,
    timeout = timeoutMs,
  ): Promise<Response> {
    try {
      return await doFetch(`${base}${path}`, {
        method,
        headers: { ...auth, ...(contentType ? { "Content-Type": contentType } : {}) },
        body,
        signal: AbortSignal.timeout(timeout),
      });
    } catch (error) {
      throw new OpenBerthError("unreachable", null, error instanceof Error ? error.message : String(error));
    }
  }

  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    body?: { json?: unknown; form?: FormData },
    timeout?: number,
  ): Promise<T> {
    const response = body?.form
      ? await send(method, path, body.form, undefined, timeout)
      : body?.json !== undefined
        ? await send(method, path, JSON.stringify(body.json), "application/json", timeout)
        : await send(method, path, undefined, undefined, timeout);
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    if (response.status >= 400) {
      const blockers = response.status === 409 ? s.userBlockersSchema.safeParse(json) : null;
      if (blockers?.success) {
        const { error, ...counts } = blockers.data;
        throw new OpenBerthError("has_resources", 409, error, counts);
      }
      const message = s.errorBodySchema.safeParse(json);
      throw new OpenBerthError(
        kindForStatus(response.status),
        response.status,
        message.success ? message.data.error : text.slice(0, 200),
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new OpenBerthError("bad_response", response.status, `unexpected answer to ${method} ${path}`);
    return parsed.data;
  }

  const id = (value: string) => encodeURIComponent(value);

  return {
    health: () => call("GET", "/health", s.healthSchema),
    me: () => call("GET", "/api/me", s.meSchema),

    // ── Deployments ──────────────────────────────────────────────────────────
    /** Every deployment and sandbox on the server (or one owner's: "me" or a usr_ id). */
    listDeployments: (owner?: string) =>
      call("GET", `/api/deployments${owner ? `?owner=${encodeURIComponent(owner)}` : ""}`, s.deployListSchema),
    getDeployment: (deploymentId: string) => call("GET", `/api/deployments/${id(deploymentId)}`, s.deployInfoSchema),
    /** Upload a gzip tarball (multipart; fields before the file, as the CLI sends them). */
    deployTarball: (tarball: Blob, opts: DeployOptions = {}) =>
      call("POST", "/api/deploy", s.deployResultSchema, { form: deployForm(tarball, opts) }, 120_000),
    deployCode: (files: Record<string, string>, opts: DeployOptions = {}) =>
      call("POST", "/api/deploy/code", s.deployResultSchema, { json: { files, ...codeOptions(opts) } }, 120_000),
    updateTarball: (
      deploymentId: string,
      tarball: Blob,
      opts: Omit<DeployOptions, "name" | "title" | "description" | "ttl" | "protect"> = {},
    ) =>
      call("POST", `/api/deploy/${id(deploymentId)}/update`, s.updateResultSchema, { form: deployForm(tarball, opts) }, 120_000),
    updateCode: (
      deploymentId: string,
      files: Record<string, string>,
      opts: Omit<DeployOptions, "name" | "title" | "description" | "ttl" | "protect"> = {},
    ) =>
      call(
        "POST",
        `/api/deploy/${id(deploymentId)}/update/code`,
        s.updateResultSchema,
        { json: { files, ...codeOptions(opts) } },
        120_000,
      ),
    /** Only the fields given are changed; `ttl: ""` clears the expiry. */
    patchDeployment: (
      deploymentId: string,
      patch: { title?: string; description?: string; ttl?: string; networkQuota?: string },
    ) =>
      call("PATCH", `/api/deployments/${id(deploymentId)}`, s.patchResultSchema, {
        json: {
          ...(patch.title !== undefined && { title: patch.title }),
          ...(patch.description !== undefined && { description: patch.description }),
          ...(patch.ttl !== undefined && { ttl: patch.ttl }),
          ...(patch.networkQuota !== undefined && { network_quota: patch.networkQuota }),
        },
      }),
    destroyDeployment: (deploymentId: string) => call("DELETE", `/api/deployments/${id(deploymentId)}`, s.destroyResultSchema),
    logs: (deploymentId: string, tail = 200) =>
      call("GET", `/api/deployments/${id(deploymentId)}/logs?tail=${tail}`, s.logsSchema),
    /** The live log stream (Server-Sent Events); the caller reads and closes it. */
    async logStream(deploymentId: string, tail = 200, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/deployments/${id(deploymentId)}/logs/stream?tail=${tail}`, {
          headers: auth,
          signal,
        });
      } catch (error) {
        throw new OpenBerthError("unreachable", null, error instanceof Error ? error.message : String(error));
      }
      if (response.status !== 200 || !response.body) {
        const text = await response.text().catch(() => "");
        throw new OpenBerthError(kindForStatus(response.status), response.status, text.slice(0, 200));
      }
      return response.body;
    },
    protect: (deploymentId: string, protect: NonNullable<DeployOptions["protect"]>) =>
      call("POST", `/api/deployments/${id(deploymentId)}/protect`, s.protectResultSchema, { json: protect }),
    lock: (deploymentId: string, locked: boolean) =>
      call("POST", `/api/deployments/${id(deploymentId)}/lock`, s.lockResultSchema, { json: { locked } }),

    /** The uploaded tree as {path: content} (secrets-like files redacted, binaries left out). */
    sourceFiles: (deploymentId: string) =>
      call("GET", `/api/deployments/${id(deploymentId)}/source?format=json`, s.sourceFilesSchema),

    // ── Sandboxes ────────────────────────────────────────────────────────────
    createSandbox: (files: Record<string, string>, opts: Omit<DeployOptions, "title" | "description" | "cpus"> = {}) =>
      call("POST", "/api/sandbox", s.deployResultSchema, { json: { files, ...codeOptions(opts) } }, 120_000),
    pushToSandbox: (sandboxId: string, changes: SandboxChange[]) =>
      call("POST", `/api/sandbox/${id(sandboxId)}/push`, s.pushResultSchema, { json: { changes } }, 150_000),
    installInSandbox: (sandboxId: string, packages: string[], uninstall = false) =>
      call("POST", `/api/sandbox/${id(sandboxId)}/install`, s.installResultSchema, { json: { packages, uninstall } }, 150_000),
    execInSandbox: (sandboxId: string, command: string, timeoutSeconds = 30) =>
      call(
        "POST",
        `/api/sandbox/${id(sandboxId)}/exec`,
        s.execResultSchema,
        { json: { command, timeout: timeoutSeconds } },
        (timeoutSeconds + 10) * 1000,
      ),
    sandboxLogs: (sandboxId: string, tail = 200) => call("GET", `/api/sandbox/${id(sandboxId)}/logs?tail=${tail}`, s.logsSchema),
    promoteSandbox: (
      sandboxId: string,
      opts: Pick<DeployOptions, "ttl" | "memory" | "cpus" | "networkQuota" | "env" | "secrets"> = {},
    ) => call("POST", `/api/sandbox/${id(sandboxId)}/promote`, s.deployResultSchema, { json: codeOptions(opts) }, 120_000),
    destroySandbox: (sandboxId: string) => call("DELETE", `/api/sandbox/${id(sandboxId)}`, s.destroyResultSchema),

    // ── Secrets ──────────────────────────────────────────────────────────────
    listSecrets: () => call("GET", "/api/secrets", s.secretListSchema),
    setSecret: (secret: { name: string; value: string; description?: string; global?: boolean }) =>
      call("POST", "/api/secrets", s.secretSetSchema, { json: secret }),
    deleteSecret: (name: string, global = false) =>
      call("DELETE", `/api/secrets/${id(name)}${global ? "?global=true" : ""}`, s.secretDeleteSchema),

    // ── Users (admin key only) ───────────────────────────────────────────────
    listUsers: () => call("GET", "/api/admin/users", s.userListSchema),
    createUser: (user: { name: string; maxDeployments?: number; ttlHours?: number; password?: string }) =>
      call("POST", "/api/admin/users", s.userCreatedSchema, { json: user }),
    updateUser: (name: string, patch: { displayName?: string; maxDeployments?: number; password?: string }) =>
      call("PATCH", `/api/admin/users/${id(name)}`, s.userUpdatedSchema, { json: patch }),
    /** Refused with kind "has_resources" (and `blockers`) while the user owns things. */
    deleteUser: (name: string) => call("DELETE", `/api/admin/users/${id(name)}`, s.userDeletedSchema),
    rotateUserKey: (name: string) => call("POST", `/api/admin/users/${id(name)}/rotate-key`, s.keyRotatedSchema),

    /** Live figures and limits of one deployment (its processor and memory limits among them). */
    deploymentStats: (deploymentId: string) => call("GET", `/api/deployments/${id(deploymentId)}/stats`, s.deployStatsSchema),

    // ── Settings (admin key only) ────────────────────────────────────────────
    getSettings: () => call("GET", "/api/admin/settings", s.settingsSchema),
    setSettings: (settings: Record<string, string>) => call("POST", "/api/admin/settings", s.messageSchema, { json: settings }),
  };
}

/**
 * Multipart body for /api/deploy and /update: the same options as codeOptions(), in the
 * form OpenBerth reads from multipart (env as repeated KEY=value, users comma-joined),
 * every field first and the tarball last.
 */
function deployForm(tarball: Blob, opts: DeployOptions): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(codeOptions(opts))) {
    if (key === "env") for (const [k, v] of Object.entries(value as Record<string, string>)) form.append("env", `${k}=${v}`);
    else if (key === "secrets") for (const secret of value as string[]) form.append("secrets", secret);
    else if (key === "protect_users") form.append(key, (value as string[]).join(","));
    else form.append(key, String(value));
  }
  form.append("tarball", tarball, "upload.tar.gz");
  return form;
}

/** JSON options for code deploys, sandboxes and promote (snake_case as OpenBerth reads them). */
function codeOptions(opts: DeployOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== "") out[key] = value;
  };
  set("name", opts.name);
  set("title", opts.title);
  set("description", opts.description);
  set("ttl", opts.ttl);
  set("port", opts.port);
  if (opts.env && Object.keys(opts.env).length) out.env = opts.env;
  if (opts.secrets?.length) out.secrets = opts.secrets;
  set("memory", opts.memory);
  set("cpus", opts.cpus);
  set("network_quota", opts.networkQuota);
  if (opts.protect) {
    set("protect_mode", opts.protect.mode);
    set("protect_username", opts.protect.username);
    set("protect_password", opts.protect.password);
    set("protect_api_key", opts.protect.apiKey);
    if (opts.protect.users?.length) out.protect_users = opts.protect.users;
  }
  return out;
}
