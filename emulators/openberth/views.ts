/**
 * Response shapes built from records, with Go's field order and `omitempty` rules
 * (`service/query.go DeployInfo`, `store.User`, `store.SecretMeta`).
 */
import { rfc3339 } from "./clock.ts";
import type { Instance } from "./instance.ts";
import { parseSize } from "./names.ts";
import type { DeploymentRecord, SecretRecord, UserRecord } from "./records.ts";

type Json = Record<string, unknown>;

/** Adds `key: value` unless the value is Go's zero value (omitempty). */
function omitEmpty(out: Json, key: string, value: string | number | undefined | null): void {
  if (value === undefined || value === null || value === "" || value === 0) return;
  out[key] = value;
}

/** A row of `GET /api/deployments` (no containerStatus, port or quotaRemaining). */
export function deployInfoForList(inst: Instance, d: DeploymentRecord): Json {
  return deployInfo(inst, d, false);
}

/** `GET /api/deployments/{id}`: the list row plus runtime fields. */
export function deployInfoForGet(inst: Instance, d: DeploymentRecord): Json {
  return deployInfo(inst, d, true);
}

function deployInfo(inst: Instance, d: DeploymentRecord, single: boolean): Json {
  const out: Json = { id: d.id, name: d.name };
  omitEmpty(out, "title", d.title);
  omitEmpty(out, "description", d.description);
  out["subdomain"] = d.subdomain;
  out["framework"] = d.framework;
  out["status"] = d.status;
  if (single) out["containerStatus"] = d.container ? "running" : "not_found";
  out["url"] = inst.deployUrl(d.subdomain);
  if (single) omitEmpty(out, "port", d.port);
  out["createdAt"] = rfc3339(d.createdAtMs);
  out["expiresAt"] = d.expiresAt;
  omitEmpty(out, "ttlHours", d.ttlHours);
  out["ownerId"] = d.userId;
  omitEmpty(out, "ownerName", ownerName(inst, d.userId));
  out["accessMode"] = d.accessMode;
  omitEmpty(out, "accessUser", d.accessUser);
  omitEmpty(out, "accessUsers", d.accessUsers);
  out["mode"] = d.mode;
  omitEmpty(out, "networkQuota", d.networkQuota);
  if (single && d.networkQuota !== "" && d.status === "running") {
    const quota = safeSize(d.networkQuota);
    // Bandwidth is never metered here, so the whole quota remains.
    if (quota !== null && quota > 0) out["quotaRemaining"] = quota;
  }
  out["locked"] = d.locked;
  return out;
}

/** COALESCE(NULLIF(display_name, ''), name, ''). */
export function ownerName(inst: Instance, userId: string): string {
  const owner = inst.users.get(userId);
  if (!owner) return "";
  return owner.displayName || owner.name;
}

export function safeSize(text: string): number | null {
  try {
    return parseSize(text);
  } catch {
    return null;
  }
}

/** An entry of `GET /api/admin/users` (store.User without its key). */
export function userView(u: UserRecord): Json {
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    maxDeployments: u.maxDeployments,
    defaultTtlHours: u.defaultTtlHours,
    displayName: u.displayName,
    createdAt: rfc3339(u.createdAtMs),
  };
}

/** store.SecretMeta. */
export function secretMetaView(s: SecretRecord): Json {
  return {
    name: s.name,
    scope: s.scope,
    description: s.description,
    createdAt: rfc3339(s.createdAtMs),
    updatedAt: s.updatedAt,
  };
}
