/**
 * Removing one of a workspace's OpenBerth users, with everything that blocks it
 * (API.md §5): their deployments and sandboxes (destroyed with the admin key), the
 * global secrets they created, and their personal secrets — which only they can delete,
 * so their key is rotated first and used once here. Their old key stops working at once.
 */
import type { OpenBerthClient } from "../../../server/openberth/openberth-client";
import { OpenBerthError } from "../../../server/openberth/openberth-error";
import type { UserBlockers } from "../../../server/openberth/openberth-schemas";

export interface ClearedResources {
  deployments: number;
  userSecrets: number;
  createdGlobals: number;
}

export async function clearAndRemoveUser(
  admin: OpenBerthClient,
  name: string,
  asUser: (key: string) => OpenBerthClient,
): Promise<{ removed: true; cleared: ClearedResources } | { removed: false; remaining: UserBlockers }> {
  const user = (await admin.listUsers()).users.find((u) => u.name === name);
  if (!user) throw new OpenBerthError("not_found", 404, "User not found.");
  const cleared: ClearedResources = { deployments: 0, userSecrets: 0, createdGlobals: 0 };

  for (const d of (await admin.listDeployments(user.id)).deployments) {
    if (d.locked && d.status === "running") await admin.lock(d.id, false);
    await admin.destroyDeployment(d.id);
    cleared.deployments++;
  }

  const { apiKey } = await admin.rotateUserKey(name);
  const them = asUser(apiKey);
  for (const secret of (await them.listSecrets()).secrets) {
    if (secret.scope === "user") {
      await them.deleteSecret(secret.name);
      cleared.userSecrets++;
      continue;
    }
    // Only a global secret's creator may delete it: refused means it isn't theirs.
    try {
      await them.deleteSecret(secret.name, true);
      cleared.createdGlobals++;
    } catch (error) {
      if (!(error instanceof OpenBerthError) || (error.kind !== "forbidden" && error.kind !== "not_found")) throw error;
    }
  }

  try {
    await admin.deleteUser(name);
    return { removed: true, cleared };
  } catch (error) {
    if (error instanceof OpenBerthError && error.kind === "has_resources" && error.blockers)
      return { removed: false, remaining: error.blockers };
    throw error;
  }
}
