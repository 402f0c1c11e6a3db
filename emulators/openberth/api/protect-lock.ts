/**
 * `POST /api/deployments/{id}/protect` and `…/lock` (`service/manage.go`). Both need the
 * deployment `running`; protect is also refused while locked.
 */
import { computeAccessControl } from "../access-control.ts";
import { badRequest } from "../app-error.ts";
import { field, slice } from "../go-json-decode.ts";
import { setAccess } from "../provision.ts";
import { type ApiContext, authedJson } from "./context.ts";
import { ownedDeployment } from "./deployments.ts";

interface ProtectRequest {
  mode: string;
  username: string;
  password: string;
  apiKey: string;
  users: string[] | null;
}

const PROTECT_REQUEST = {
  kind: "struct" as const,
  name: "",
  fields: [
    field("mode", "string"),
    field("username", "string"),
    field("password", "string"),
    field("apiKey", "string", "ApiKey"),
    field("users", slice("string")),
  ],
};

export function protectDeployment(ctx: ApiContext): Promise<void> {
  return authedJson<ProtectRequest>(ctx, PROTECT_REQUEST, (user, req) => {
    const d = ownedDeployment(ctx.inst, ctx.params["id"] ?? "", user, "Deployment not found.");
    if (d.status !== "running") throw badRequest(`Cannot protect deployment in '${d.status}' state.`);
    if (d.locked) throw badRequest("Deployment is locked. Unlock it first.");
    const ac = computeAccessControl(req.mode, req.username, req.password, req.apiKey, (req.users ?? []).join(","));
    setAccess(d, ac);
    ctx.inst.changed();

    let message = "Access control updated.";
    if (req.mode === "basic_auth") message = `Basic auth enabled. Username: ${ac.accessUser}`;
    else if (req.mode === "api_key") message = `API key protection enabled. Use header 'X-Api-Key: ${ac.resultKey}'.`;
    else if (req.mode === "user") {
      message = ac.accessUsers
        ? `User protection enabled. Restricted to: ${ac.accessUsers}`
        : "User protection enabled. Users must login to OpenBerth to access this deployment.";
    } else if (req.mode === "public") message = "Protection removed. Deployment is now public.";

    const out: Record<string, unknown> = { id: d.id, accessMode: req.mode };
    if (ac.accessUser) out["username"] = ac.accessUser;
    if (ac.resultKey) out["apiKey"] = ac.resultKey;
    if (ac.accessUsers) out["users"] = ac.accessUsers.split(",");
    out["message"] = message;
    return out;
  });
}

export function lockDeployment(ctx: ApiContext): Promise<void> {
  return authedJson<{ locked: boolean }>(ctx, { kind: "struct", name: "", fields: [field("locked", "bool")] }, (user, req) => {
    const id = ctx.params["id"] ?? "";
    const d = ownedDeployment(ctx.inst, id, user);
    if (d.status !== "running") throw badRequest(`Cannot lock/unlock deployment in '${d.status}' state.`);
    d.locked = req.locked;
    ctx.inst.changed();
    return { id, locked: req.locked, message: `Deployment ${req.locked ? "locked" : "unlocked"}.` };
  });
}
