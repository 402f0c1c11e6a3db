/**
 * `/api/secrets` (`service/secrets.go`): user and global scopes, upsert with a `created`
 * flag, restart of running deployments that use an updated name, values never returned.
 */
import { badRequest, forbidden, notFound } from "../app-error.ts";
import { sqlDateTime } from "../clock.ts";
import { compareBytes, sortedKeys } from "../go-json-encode.ts";
import { field, type GoStruct } from "../go-json-decode.ts";
import type { SecretRecord } from "../records.ts";
import { secretMetaView } from "../views.ts";
import { type ApiContext, authed, authedJson } from "./context.ts";

interface SecretSetRequest {
  name: string;
  value: string;
  description: string;
  global: boolean;
}

const SECRET_SET_REQUEST: GoStruct = {
  kind: "struct",
  name: "secretSetRequest",
  typeString: "httphandler.secretSetRequest",
  fields: [field("name", "string"), field("value", "string"), field("description", "string"), field("global", "bool")],
};

export function setSecret(ctx: ApiContext): Promise<void> {
  return authedJson<SecretSetRequest>(ctx, SECRET_SET_REQUEST, (user, req) => {
    const { inst } = ctx;
    if (req.name === "") throw badRequest("Secret name is required.");
    if (req.value === "") throw badRequest("Secret value is required.");

    let existing: SecretRecord | undefined;
    if (req.global) {
      existing = inst.globalSecret(req.name);
      if (!existing && inst.userSecret(user.id, req.name)) {
        throw badRequest(`Secret "${req.name}" already exists as a user secret. Remove --global to update it.`);
      }
    } else {
      existing = inst.userSecret(user.id, req.name);
      if (!existing && inst.globalSecret(req.name)) {
        throw badRequest(`Secret "${req.name}" already exists as a global secret. Use --global to update it.`);
      }
    }
    if (existing && req.global && user.role !== "admin" && existing.createdBy !== user.id) {
      throw forbidden("Only the creator of this global secret (or an admin) can update it.");
    }

    const now = inst.now();
    if (existing) {
      existing.description = req.description;
      existing.value = req.value;
      existing.updatedAt = sqlDateTime(now);
    } else {
      inst.secrets.push({
        userId: req.global ? null : user.id,
        scope: req.global ? "global" : "user",
        name: req.name,
        description: req.description,
        value: req.value,
        createdBy: user.id,
        createdAtMs: now,
        updatedAt: sqlDateTime(now),
      });
    }
    inst.changed();

    const out: Record<string, unknown> = { name: req.name, created: !existing };
    if (existing) {
      // Every running deployment that lists the name, whoever owns it, gets a new container.
      const restarted: string[] = [];
      for (const d of inst.deploymentsNewestFirst()) {
        if (d.status !== "running" || !d.secrets.includes(req.name)) continue;
        inst.runtime.restartForSecretRotation(d);
        restarted.push(d.name);
      }
      if (restarted.length > 0) out["restarted"] = restarted;
    }
    return out;
  });
}

/** The caller's user secrets plus every global; a user secret hides a global of the same name. */
export function listSecrets(ctx: ApiContext): Promise<void> {
  return authed(ctx, (user) => {
    const visible = new Map<string, SecretRecord>();
    for (const s of ctx.inst.secrets) {
      if (s.userId !== null && s.userId !== user.id) continue;
      const current = visible.get(s.name);
      if (!current || (current.userId === null && s.userId !== null)) visible.set(s.name, s);
    }
    const rows = [...visible.values()].sort((a, b) => compareBytes(a.scope, b.scope) || compareBytes(a.name, b.name));
    return { secrets: rows.map(secretMetaView) };
  });
}

/** A missing user secret is still a 200; for globals a non-admin needs to be the creator. */
export function deleteSecret(ctx: ApiContext): Promise<void> {
  const name = ctx.params["name"] ?? "";
  const global = ctx.query.get("global") === "true";
  return authed(ctx, (user) => {
    const { inst } = ctx;
    if (name === "") throw badRequest("Secret name is required.");
    if (global && user.role !== "admin") {
      const existing = inst.globalSecret(name);
      if (!existing) throw notFound("Secret not found.");
      if (existing.createdBy !== user.id) throw forbidden("Only the creator of this global secret (or an admin) can delete it.");
    }
    inst.secrets = inst.secrets.filter((s) => !(s.name === name && (global ? s.userId === null : s.userId === user.id)));
    inst.changed();
    return sortedKeys({ name, status: "deleted" });
  });
}
