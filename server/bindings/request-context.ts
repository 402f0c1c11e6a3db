/**
 * What a loader or action works with: the services every entrypoint has, plus what this
 * one request brings. Built once per request in workers/app.ts and read by routes from
 * React Router's context. No module-level singletons hold request state.
 */
import { createContext, type RouterContextProvider } from "react-router";
import type { Services } from "./services";

export interface RequestContext extends Services {
  waitUntil: (promise: Promise<unknown>) => void;
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
