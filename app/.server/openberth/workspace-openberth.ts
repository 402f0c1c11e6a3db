/**
 * The workspace's OpenBerth server, for a page: its refusals in our words. The admin client
 * itself (its key decrypted only inside the request) is server/openberth/workspace-client.ts.
 */
import { data } from "react-router";
import { explainOpenBerthFailure } from "../../../domain/openberth/explain-failure";
import type { RequestContext } from "../../../server/bindings/request-context";
import { createOpenBerthClient, type OpenBerthClient } from "../../../server/openberth/openberth-client";
import { OpenBerthError } from "../../../server/openberth/openberth-error";
import type { DeployInfo } from "../../../server/openberth/openberth-schemas";

export { openWorkspaceClient, type WorkspaceEndpoint } from "../../../server/openberth/workspace-client";
import { openWorkspaceClient, type WorkspaceEndpoint } from "../../../server/openberth/workspace-client";

/** A client for one of the workspace's own users, with that user's key (e.g. just rotated). */
export function userClient(workspace: WorkspaceEndpoint, key: string): OpenBerthClient {
  return createOpenBerthClient({ endpoint: workspace.endpointUrl ?? "", key });
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string; kind: OpenBerthError["kind"] };

/**
 * Runs calls against the workspace's server and turns any refusal into our words. The
 * server's own message goes to the log (never its key).
 */
export async function withOpenBerth<T>(
  rc: RequestContext,
  workspace: WorkspaceEndpoint,
  fn: (client: OpenBerthClient, adminUserId: string) => Promise<T>,
): Promise<Outcome<T>> {
  try {
    const { client, adminUserId } = await openWorkspaceClient(rc, workspace);
    return { ok: true, value: await fn(client, adminUserId) };
  } catch (error) {
    if (!(error instanceof OpenBerthError)) throw error;
    rc.log.warn("openberth.refused", {
      workspaceId: workspace.id,
      kind: error.kind,
      status: error.status,
      detail: error.serverMessage,
    });
    return { ok: false, kind: error.kind, message: explainOpenBerthFailure(error.kind, error.serverMessage) };
  }
}

export type OpenBerthThing = "deployment" | "sandbox";

/**
 * Before anything is changed or deleted: the id names a thing of the kind the page is for.
 * A sandbox page cannot delete a deployment, nor a deployment page edit a sandbox — to the
 * page, the other kind does not exist (404). A server that can't be asked gets its plain words.
 */
export async function expectKind(
  rc: RequestContext,
  workspace: WorkspaceEndpoint,
  id: string,
  kind: OpenBerthThing,
): Promise<{ ok: true; value: DeployInfo } | { ok: false; message: string }> {
  const found = await withOpenBerth(rc, workspace, (client) => client.getDeployment(id));
  if (!found.ok) {
    if (found.kind === "not_found") throw data(null, { status: 404 });
    return { ok: false, message: found.message };
  }
  const isSandbox = found.value.mode === "sandbox";
  if (isSandbox !== (kind === "sandbox")) throw data(null, { status: 404 });
  return { ok: true, value: found.value };
}
