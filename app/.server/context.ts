import { createContext, type RouterContextProvider } from "react-router";
import type { Database } from "./db";
import type { Logger } from "./observability/logger";

/**
 * Everything a loader or action may use, built once per request in workers/app.ts.
 * No module-level singletons hold request state.
 */
export interface RequestContext {
  env: Env;
  waitUntil: (promise: Promise<unknown>) => void;
  db: Database;
  log: Logger;
  traceId: string;
  /** Nonce for this response's Content-Security-Policy (inline hydration scripts). */
  cspNonce: string;
  /** IANA time zone dates are shown in (docs/decisions/0008-time-zones.md). */
  timeZone: string;
  url: URL;
}

export const requestContext = createContext<RequestContext>();

export function getRequestContext(context: Readonly<RouterContextProvider>): RequestContext {
  return context.get(requestContext);
}
