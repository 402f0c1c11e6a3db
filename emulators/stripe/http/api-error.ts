/**
 * Stripe's error answers (contract §2): `{ error: { type, code?, decline_code?, message,
 * param?, doc_url? } }` with the status the SDK maps to its error classes. Handlers throw
 * these; the router renders them.
 */
import type Stripe from "stripe";

type ErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface ApiErrorBody {
  type: ErrorType;
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  doc_url?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
}

export class ApiError extends Error {
  /** Refused while checking the request, before running it: such answers are not remembered for an Idempotency-Key. */
  readonly beforeRunning: boolean;
  readonly status: number;
  readonly body: ApiErrorBody;
  constructor(status: number, body: ApiErrorBody, options: { beforeRunning?: boolean } = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.beforeRunning = options.beforeRunning ?? (body.type === "invalid_request_error" && status === 400);
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replace(/_/g, "-")}`;

export const errors = {
  missing: (param: string) =>
    new ApiError(400, { type: "invalid_request_error", code: "parameter_missing", param, message: `Missing required param: ${param}.`, doc_url: docUrl("parameter_missing") }),
  unknown: (param: string) =>
    new ApiError(400, { type: "invalid_request_error", code: "parameter_unknown", param, message: `Received unknown parameter: ${param}`, doc_url: docUrl("parameter_unknown") }),
  invalid: (param: string, message: string, code = "parameter_invalid") =>
    new ApiError(400, { type: "invalid_request_error", code, param, message }),
  emptyString: (param: string) =>
    new ApiError(400, {
      type: "invalid_request_error",
      code: "parameter_invalid_empty",
      param,
      message: `You passed an empty string for '${param}'. We assume empty values are an attempt to unset a parameter; however '${param}' cannot be unset. You should remove '${param}' from your request or supply a non-empty value.`,
    }),
  state: (message: string, param?: string) => new ApiError(400, { type: "invalid_request_error", message, ...(param && { param }) }, { beforeRunning: false }),
  notFound: (what: string, id: string, param = "id") =>
    new ApiError(404, { type: "invalid_request_error", code: "resource_missing", param, message: `No such ${what}: '${id}'`, doc_url: docUrl("resource_missing") }),
  noRoute: (method: string, path: string) =>
    new ApiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    }),
  noKey: () =>
    new ApiError(401, {
      type: "invalid_request_error",
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    }),
  badKey: (key: string) =>
    new ApiError(401, { type: "invalid_request_error", message: `Invalid API Key provided: ${maskKey(key)}` }),
  card: (decline: CardDecline, extra: Partial<ApiErrorBody> = {}) =>
    new ApiError(402, {
      type: "card_error",
      code: decline.code,
      ...(decline.decline_code && { decline_code: decline.decline_code }),
      message: decline.message,
      doc_url: docUrl(decline.code),
      ...extra,
    }),
  idempotencyMismatch: (key: string) =>
    new ApiError(
      400,
      {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      },
      { beforeRunning: true },
    ),
  idempotencyInUse: (key: string) =>
    new ApiError(
      409,
      {
        type: "invalid_request_error",
        code: "idempotency_key_in_use",
        message: `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
        doc_url: docUrl("idempotency_key_in_use"),
      },
      { beforeRunning: true },
    ),
};

export interface CardDecline {
  code: string;
  decline_code?: string;
  message: string;
}

function maskKey(key: string): string {
  if (key.length <= 8) return key;
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? "";
  return `${prefix}${"*".repeat(Math.max(4, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

export type { Stripe };
