/**
 * Trace ids follow a piece of work across the request, the queue messages it sends and
 * the coordinator calls they cause. W3C `traceparent` is honoured when present.
 */
const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;

export function newTraceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function traceIdFromRequest(request: Request): string {
  const match = TRACEPARENT.exec(request.headers.get("traceparent")?.trim().toLowerCase() ?? "");
  if (match?.[1] && !/^0+$/.test(match[1])) return match[1];
  return newTraceId();
}

/** Accept a trace id carried in a message only if it has the right shape. */
export function traceIdOrNew(candidate: unknown): string {
  return typeof candidate === "string" && TRACE_ID.test(candidate) ? candidate : newTraceId();
}
