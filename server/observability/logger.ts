/**
 * Structured JSON logs, one object per line, each carrying the trace id. Values whose
 * key looks secret are replaced, so a careless `log.info(..., { adminKey })` leaks nothing.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly traceId: string;
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
  /** Something a person must look at (an unknown infra state, an orphan destroyed…). */
  alert(event: string, fields?: LogFields): void;
  /** A counter, emitted as a structured metric line (kind: "metric"). */
  count(metric: MetricName, fields?: LogFields, value?: number): void;
  child(fields: LogFields): Logger;
}

export type MetricName = "requests" | "errors" | "queue_messages" | "state_transitions" | "cron_runs" | (string & {});

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /(key|secret|token|password|authorization|cookie|ciphertext|nonce)$/i;

export function createLogger(traceId: string, options: { level?: string; base?: LogFields } = {}): Logger {
  const min = LEVELS[(options.level as LogLevel) ?? "info"] ?? LEVELS.info;
  const base = options.base ?? {};
  const write = (level: LogLevel | "alert", event: string, fields: LogFields = {}) => {
    if (level !== "alert" && LEVELS[level] < min) return;
    const line = { time: new Date().toISOString(), level, event, traceId, ...redact(base), ...redact(fields) };
    (level === "error" || level === "alert" ? console.error : console.log)(JSON.stringify(line, errorReplacer));
  };
  return {
    traceId,
    debug: (e, f) => write("debug", e, f),
    info: (e, f) => write("info", e, f),
    warn: (e, f) => write("warn", e, f),
    error: (e, f) => write("error", e, f),
    alert: (e, f) => write("alert", e, { ...f, alert: true }),
    count: (metric, fields = {}, value = 1) =>
      console.log(
        JSON.stringify({
          time: new Date().toISOString(),
          kind: "metric",
          metric,
          value,
          traceId,
          ...redact(base),
          ...redact(fields),
        }),
      ),
    child: (fields) => createLogger(traceId, { level: options.level, base: { ...base, ...fields } }),
  };
}

/** An invitation's address holds its token (issue 15): logged paths keep only that it was one. */
const INVITATION_PATH = /\/invitations\/[^/?#\s"]+/g;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields))
    out[k] =
      SECRET_KEY.test(k) && v != null
        ? "[redacted]"
        : typeof v === "string"
          ? v.replace(INVITATION_PATH, "/invitations/[token]")
          : v;
  return out;
}

function errorReplacer(_key: string, value: unknown) {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
