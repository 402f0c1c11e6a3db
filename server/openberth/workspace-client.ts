/**
 * The workspace's OpenBerth server, as its admin, for a page request, a queue message or a
 * cron pass. The admin key is decrypted here, inside the work that needs it, and lives only
 * in the client returned for that work: never cached, never logged, never sent to the
 * browser (principle 06).
 */
import { open } from "../crypto/envelope";
import type { Services } from "../bindings/services";
import { readCredentials } from "../repositories/workspace-lifecycle";
import { createOpenBerthClient, type OpenBerthClient } from "./openberth-client";
import { OpenBerthError } from "./openberth-error";

export interface WorkspaceEndpoint {
  id: string;
  endpointUrl: string | null;
}

export async function openWorkspaceClient(
  services: Pick<Services, "db" | "keyring">,
  workspace: WorkspaceEndpoint,
): Promise<{ client: OpenBerthClient; adminUserId: string }> {
  const credentials = await readCredentials(services.db, workspace.id);
  if (!credentials || !workspace.endpointUrl) throw new OpenBerthError("unreachable", null, "workspace has no server yet");
  const key = await open(
    {
      ciphertext: credentials.adminKeyCiphertext,
      nonce: credentials.adminKeyNonce,
      wrappedDataKey: credentials.wrappedDataKey,
      wrappedDataKeyNonce: credentials.wrappedDataKeyNonce,
      keyVersion: credentials.keyVersion,
    },
    await services.keyring(),
    workspace.id,
  );
  return {
    client: createOpenBerthClient({ endpoint: workspace.endpointUrl, key }),
    adminUserId: credentials.adminOpenberthUserId,
  };
}
