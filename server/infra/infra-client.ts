/**
 * Harbor's client for the infra service (docs/infra-contract.md §3). Every answer is
 * checked against the contract and turned into our own types; every failure becomes an
 * InfraError that says whether trying again can help.
 */
import { z } from "zod";

const instanceSchema = z.object({
  resourceId: z.string().min(1),
  workspaceId: z.string().min(1),
  region: z.string().min(1),
  state: z.string(),
  sequence: z.number().int().nonnegative(),
  endpointUrl: z.url(),
  adminUserId: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const provisionedSchema = instanceSchema.extend({ adminKey: z.string().min(1) });
const listSchema = z.object({ instances: z.array(instanceSchema), nextCursor: z.string().nullable() });
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type InfraInstance = z.infer<typeof instanceSchema>;
export type ProvisionedInstance = z.infer<typeof provisionedSchema>;

export class InfraError extends Error {
  override name = "InfraError";
  readonly status: number | null;
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(options: {
    status: number | null;
    code: string;
    message: string;
    retryable: boolean;
    retryAfterMs?: number | null;
  }) {
    super(options.message);
    this.status = options.status;
    this.code = options.code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export interface InfraClientOptions {
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export type InfraClient = ReturnType<typeof createInfraClient>;

export function createInfraClient(options: InfraClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(
    method: string,
    path: string,
    schema: z.ZodType<T>,
    init: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${options.token}`,
          ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      // Network error, timeout, or a connection closed without an answer: it may or may
      // not have happened, so callers retry (provisioning is idempotent).
      throw new InfraError({
        status: null,
        code: "unreachable",
        message: `infra service unreachable: ${describe(error)}`,
        retryable: true,
      });
    }
    const text = await response.text();
    const json = safeJson(text);
    if (!response.ok) throw toError(response, json);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new InfraError({
        status: response.status,
        code: "bad_response",
        message: "infra service answered in an unexpected shape",
        retryable: true,
      });
    }
    return { status: response.status, data: parsed.data };
  }

  return {
    /** Idempotent by workspace id: a repeated call returns the same instance (created: false). */
    async provision(workspaceId: string, region: string): Promise<{ instance: ProvisionedInstance; created: boolean }> {
      const { status, data } = await call("POST", "/v1/instances", provisionedSchema, {
        body: { workspaceId, region },
        headers: { "Idempotency-Key": workspaceId },
      });
      return { instance: data, created: status === 201 };
    },

    /** The instance, or null when the service never issued that id. */
    async get(resourceId: string): Promise<InfraInstance | null> {
      try {
        return (await call("GET", `/v1/instances/${encodeURIComponent(resourceId)}`, instanceSchema)).data;
      } catch (error) {
        if (error instanceof InfraError && error.status === 404) return null;
        throw error;
      }
    },

    async list(query: { cursor?: string | null; limit?: number; workspaceId?: string; includeDeleted?: boolean } = {}) {
      const params = new URLSearchParams();
      if (query.cursor) params.set("cursor", query.cursor);
      if (query.limit) params.set("limit", String(query.limit));
      if (query.workspaceId) params.set("workspaceId", query.workspaceId);
      if (query.includeDeleted) params.set("includeDeleted", "true");
      const qs = params.size > 0 ? `?${params}` : "";
      return (await call("GET", `/v1/instances${qs}`, listSchema)).data;
    },

    async suspend(resourceId: string): Promise<InfraInstance> {
      return (await call("POST", `/v1/instances/${encodeURIComponent(resourceId)}/suspend`, instanceSchema)).data;
    },

    async resume(resourceId: string): Promise<InfraInstance> {
      return (await call("POST", `/v1/instances/${encodeURIComponent(resourceId)}/resume`, instanceSchema)).data;
    },

    async destroy(resourceId: string): Promise<InfraInstance> {
      return (await call("DELETE", `/v1/instances/${encodeURIComponent(resourceId)}`, instanceSchema)).data;
    },
  };
}

function toError(response: Response, json: unknown): InfraError {
  const parsed = errorSchema.safeParse(json);
  const code = parsed.success ? parsed.data.error.code : `http_${response.status}`;
  const message = parsed.success ? parsed.data.error.message : `infra service answered ${response.status}`;
  const retryable = response.status === 429 || response.status >= 500;
  const retryAfter = Number(response.headers.get("retry-after"));
  return new InfraError({
    status: response.status,
    code,
    message,
    retryable,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null,
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
