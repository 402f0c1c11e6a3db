import { isbot } from "isbot";
import { renderToReadableStream } from "react-dom/server";
import type { EntryContext, RouterContextProvider } from "react-router";
import { isRouteErrorResponse, ServerRouter } from "react-router";
import { getRequestContext } from "../server/bindings/request-context";
import { NonceContext } from "./lib/nonce";

export const streamTimeout = 10_000;

export default async function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const { cspNonce, log } = getRequestContext(loadContext);
  let shellRendered = false;
  const body = await renderToReadableStream(
    <NonceContext.Provider value={cspNonce}>
      <ServerRouter context={routerContext} url={request.url} nonce={cspNonce} />
    </NonceContext.Provider>,
    {
      nonce: cspNonce,
      signal: AbortSignal.timeout(streamTimeout + 1000),
      onError(error: unknown) {
        status = 500;
        // Errors before the shell are handled by the error boundary; log the rest.
        if (shellRendered) log.error("render.failed", { error });
      },
    },
  );
  shellRendered = true;
  if (isbot(request.headers.get("user-agent") || "")) await body.allReady;
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(body, { headers, status });
}

/** Errors thrown by loaders/actions: logged once, in our format, never shown to people. */
export function handleError(error: unknown, { request, context }: { request: Request; context: RouterContextProvider }) {
  if (request.signal.aborted) return;
  // A 404 or 405 is the visitor's mistake, answered with a branded page; not our error.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  try {
    getRequestContext(context).log.error("request.failed", { error, path: new URL(request.url).pathname });
  } catch {
    console.error(JSON.stringify({ level: "error", event: "request.failed", error: String(error) }));
  }
}
