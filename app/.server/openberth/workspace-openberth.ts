/**
 * The workspace's OpenBerth server, as its admin. The admin key is decrypted here, inside
 * the request that needs it, and lives only in the client returned for that request:
 * never cached, never logged, never sent to the browser (principle 06).
 */
import { data } from "react-router";
import { explainOpenBerthFailure } from "../../../domain/openberth/explain-failure";
import { open } from "../../../server/crypto/envelope";
import type { RequestContext } from "../../../server/bindings/request-context";
import { readCredentials } from "../../../server/repositories/workspace-lifecycle";
import { createOpenBerthClient, type OpenBerthClient } from "../../../server/openberth/openberth-client";
import { OpenBerthError } from "../../../server/openberth/openberth-error";

export interface WorkspaceEndpoint {
  id: string;
  endpointUrl: string | null;
}

export async function openWorkspaceClient(
  rc: RequestContext,
  workspace: WorkspaceEndpoint,
): Promise<{ client: OpenBerthClient; adminUserId: string }> {
  const credentials = await readCredentials(rc.db, workspace.id);
  if (!credentials || !workspace.endpointUrl) throw new OpenBerthError("unreachable", null, "workspace has no server yet");
  const key = await open(
    {
      ciphertext: credentials.adminKeyCiphertext,
      nonce: credentials.adminKeyNonce,
      wrappedDataKey: credentials.wrappedDataKey,
      wrappedDataKeyNonce: credentials.wrappedDataKeyNonce,
      keyVersion: credentials.keyVersion,
    },
    await rc.keyring(),
    workspace.id,
  );
  return {
    client: createOpenBerthClient({ endpoint: workspace.endpointUrl, key }),
    adminUserId: credentials.adminOpenberthUserId,
  };
}

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
): Promise<{ ok: true } | { ok: false; message: string }> {
  const found = await withOpenBerth(rc, workspace, (client) => client.getDeployment(id));
  if (!found.ok) {
    if (found.kind === "not_found") throw data(null, { status: 404 });
    return { ok: false, message: found.message };
  }
  const isSandbox = found.value.mode === "sandbox";
  if (isSandbox !== (kind === "sandbox")) throw data(null, { status: 404 });
  return { ok: true };
}
