/**
 * `GET/DELETE /api/deployments`, `GET/PATCH/DELETE /api/deployments/{id}` (DELETE also as
 * `/api/sandbox/{id}`). Reading the list is open to every user; everything per-deployment
 * is owner-or-admin (`service/authz.go CanMutateDeploy`).
 */
import { badRequest, forbidden, notFound } from "../app-error.ts";
import { field, ptr } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import type { Instance } from "../instance.ts";
import { parseTtlHours } from "../names.ts";
import type { DeploymentRecord, UserRecord } from "../records.ts";
import { deployInfoForGet, deployInfoForList } from "../views.ts";
import { type ApiContext, authed, authedJson } from "./context.ts";

/** Owner or admin, else 403; unknown id → 404 with the handler's own text. */
export function ownedDeployment(inst: Instance, id: string, user: UserRecord, notFoundText = "Not found."): DeploymentRecord {
  const d = inst.deployments.get(id);
  if (!d) throw notFound(notFoundText);
  if (d.userId !== user.id && user.role !== "admin") throw forbidden("Not your deployment.");
  return d;
}

export function listDeployments(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const owner = ctx.query.get("owner") ?? "";
    const filter = owner === "" || owner === "all" ? undefined : owner === "me" ? user.id : owner;
    const rows = ctx.inst.deploymentsNewestFirst(filter).map((d) => deployInfoForList(ctx.inst, d));
    return sortedKeys({ deployments: rows, count: rows.length });
  });
}

export function getDeployment(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => deployInfoForGet(ctx.inst, ownedDeployment(ctx.inst, ctx.params["id"] ?? "", user)));
}

/** Destroys every deployment and sandbox of the caller (admins too), locked or not. */
export function destroyAllDeployments(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const own = ctx.inst.deploymentsNewestFirst(user.id);
    for (const d of own) ctx.inst.destroyFull(d);
    return { destroyed: own.length };
  });
}

export function destroyDeployment(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const id = ctx.params["id"] ?? "";
    const d = ownedDeployment(ctx.inst, id, user);
    if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
    ctx.inst.destroyFull(d);
    return sortedKeys({ id, status: "destroyed" });
  });
}

interface UpdateMetaRequest {
  title: string | null;
  description: string | null;
  ttl: string | null;
  network_quota: string | null;
}

const UPDATE_META_REQUEST = {
  kind: "struct" as const,
  name: "",
  fields: [
    field("title", ptr("string")),
    field("description", ptr("string")),
    field("ttl", ptr("string"), "TTL"),
    field("network_quota", ptr("string"), "NetworkQuota"),
  ],
};

/** Only the fields present are applied; a present but empty or invalid `ttl` clears the expiry (quirk). */
export function updateMeta(ctx: ApiContext): Promise<void> {
  return authedJson<UpdateMetaRequest>(ctx, UPDATE_META_REQUEST, (user, req) => {
    const { inst } = ctx;
    const d = ownedDeployment(inst, ctx.params["id"] ?? "", user, "Deployment not found.");
    if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
    if (req.title !== null) d.title = req.title;
    if (req.description !== null) d.description = req.description;
    if (req.ttl !== null) {
      d.ttlHours = parseTtlHours(req.ttl, 0);
      d.expiresAt = inst.expiryFor(d.ttlHours);
    }
    if (req.network_quota !== null) d.networkQuota = inst.resolveNetworkQuota(req.network_quota);
    inst.changed();
    return {
      id: d.id,
      title: d.title,
      description: d.description,
      ttlHours: d.ttlHours,
      expiresAt: d.expiresAt,
      networkQuota: d.networkQuota,
      message: "Metadata updated.",
    };
  });
}
