/**
 * The `protect_*` fields that upstream's JSON create requests (code deploy, sandbox) carry
 * in the same shape, and applying them to a new deployment.
 */
import { field, slice, type GoField } from "../go-json-decode.ts";
import type { Instance } from "../instance.ts";
import { applyProtection } from "../provision.ts";
import type { AccessControl } from "../access-control.ts";
import type { DeploymentRecord } from "../records.ts";

export interface ProtectFields {
  protect_mode: string;
  protect_username: string;
  protect_password: string;
  protect_api_key: string;
  protect_users: string[] | null;
}

/** In struct order, last in both requests. */
export const PROTECT_FIELDS: GoField[] = [
  field("protect_mode", "string", "ProtectMode"),
  field("protect_username", "string", "ProtectUsername"),
  field("protect_password", "string", "ProtectPassword"),
  field("protect_api_key", "string", "ProtectApiKey"),
  field("protect_users", slice("string"), "ProtectUsers"),
];

/** Users arrive as a list here and comma-joined in multipart; upstream joins them. */
export function protectFromJson(inst: Instance, d: DeploymentRecord, req: ProtectFields): AccessControl | null {
  return applyProtection(
    inst,
    d,
    req.protect_mode,
    req.protect_username,
    req.protect_password,
    req.protect_api_key,
    (req.protect_users ?? []).join(","),
  );
}
