/**
 * What the contract leaves open, as settings (`/__control/settings`), and the faults a
 * test can switch on (`/__control/faults`). Every guess the stand-in makes is one of these.
 */

export interface ResendSettings {
  /** Token bucket per API key: capacity and refill per second (contract §5: 10/s). */
  rateLimitPerSecond: number;
  /** How long an Idempotency-Key is remembered (contract §3: 24 h). */
  idempotencyTtlMs: number;
  /** Delays between webhook attempts after the first (contract §6.1: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
  webhookRetryScheduleMs: number[];
  /** Gap between one email's scripted events (sent → delivered…), so they arrive in order. */
  eventGapMs: number;
  /** How long a webhook attempt may take before it counts as failed. */
  webhookTimeoutMs: number;
  /** Domains whose `delivered@`, `bounced@`, `complained@`, `suppressed@`, `delayed@`, `failed@` drive events (contract §8). */
  testDomains: string[];
  /** Status and name for a stand-in's answer to a wrong key: Resend has used 403 `invalid_api_key` and 401 `restricted_api_key`. */
  invalidKeyStatus: 401 | 403;
  /** Whether a stored non-2xx answer is replayed for the same key and body (contract §3: the docs don't say; default no). */
  replayErrors: boolean;
}

export const DEFAULT_SETTINGS: ResendSettings = {
  rateLimitPerSecond: 10,
  idempotencyTtlMs: 24 * 3600_000,
  webhookRetryScheduleMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
  eventGapMs: 20,
  webhookTimeoutMs: 10_000,
  testDomains: ["resend.dev", "resend.localhost"],
  invalidKeyStatus: 403,
  replayErrors: false,
};

export interface ResendFaults {
  /** The next n API requests are answered with `failStatus` (429 → `rate_limit_exceeded`, 500 → `application_error`, 503 → `service_unavailable`). */
  failNext: number;
  failStatus: number;
  /** Answer the failures with a non-JSON body (the SDK then reports `application_error`). */
  failNonJson: boolean;
  /** The next n API requests are held for `hangMs` before being processed and answered (a client timeout). */
  hangNext: number;
  hangMs: number;
  /** When hanging, whether the request is still processed afterwards (true: the email is sent though the client gave up). */
  hangThenProcess: boolean;
  /** Webhook deliveries: the next n attempts are dropped (never reach the endpoint, retried). */
  dropNextDeliveries: number;
  /** Every webhook attempt is sent twice (same svix-id). */
  duplicateDeliveries: boolean;
}

export const NO_FAULTS: ResendFaults = {
  failNext: 0,
  failStatus: 500,
  failNonJson: false,
  hangNext: 0,
  hangMs: 0,
  hangThenProcess: true,
  dropNextDeliveries: 0,
  duplicateDeliveries: false,
};

export function mergeSettings(current: ResendSettings, patch: Record<string, unknown>): ResendSettings {
  return merge(current, patch, DEFAULT_SETTINGS);
}

export function mergeFaults(current: ResendFaults, patch: Record<string, unknown>): ResendFaults {
  return merge(current, patch, NO_FAULTS);
}

function merge<T extends object>(current: T, patch: Record<string, unknown>, shape: T): T {
  const next = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    const like = (shape as Record<string, unknown>)[key];
    if (like === undefined) throw new Error(`unknown key ${key}`);
    const ok = Array.isArray(like) ? Array.isArray(value) : typeof value === typeof like;
    if (!ok) throw new Error(`${key} must be ${Array.isArray(like) ? "an array" : typeof like}`);
    next[key] = value;
  }
  return next as T;
}
