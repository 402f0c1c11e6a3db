import { data } from "react-router";
import type { Route } from "./+types/deployment-log-stream";
import { isOpenBerthId } from "../../domain/openberth/ids";
import { getRequestContext } from "../../server/bindings/request-context";
import { openWorkspaceClient } from "../.server/openberth/workspace-openberth";
import { OpenBerthError } from "../../server/openberth/openberth-error";
import { workspacePage } from "../.server/workspaces/workspace-page";

/**
 * The live log, relayed from the workspace's OpenBerth server as Server-Sent Events. Our
 * server holds the admin key; the browser only ever talks to this address.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
  const rc = getRequestContext(context);
  const page = workspacePage(context, "view:logs");
  if (!isOpenBerthId(params.deploymentId) || !page.gate.open) throw data(null, { status: 404 });
  try {
    const { client } = await openWorkspaceClient(rc, page.workspace);
    const stream = await client.logStream(params.deploymentId, 200, request.signal);
    return new Response(stream, {
      headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache", "X-Accel-Buffering": "no" },
    });
  } catch (error) {
    if (!(error instanceof OpenBerthError)) throw error;
    rc.log.warn("openberth.log_stream_refused", { kind: error.kind, status: error.status });
    throw data(null, { status: error.kind === "not_found" || error.kind === "forbidden" ? 404 : 503 });
  }
}
