/**
 * `/api/admin/users` (`httphandler/admin.go`): list (no keys), create (always role `user`,
 * 201 with the key), update, rotate a key, delete (refused with counts while the user
 * still owns anything).
 */
import { hashPassword } from "../access-control.ts";
import { decodeGoJson, field, type GoStruct, ptr } from "../go-json-decode.ts";
import { sortedKeys } from "../go-json-encode.ts";
import { readBody, sendError, sendJson } from "../http-replies.ts";
import { newApiKey, newUserId } from "../ids.ts";
import { DEFAULT_MAX_DEPLOYMENTS, DEFAULT_TTL_HOURS, hashKey } from "../instance.ts";
import { userView } from "../views.ts";
import { adminOnly, type ApiContext } from "./context.ts";

export function listUsers(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => {
    sendJson(ctx.res, 200, { users: ctx.inst.usersInOrder().map(userView) });
  });
}

interface CreateUserRequest {
  name: string;
  password: string;
  maxDeployments: number;
  ttlHours: number;
}

const CREATE_USER_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [
    field("name", "string"),
    field("password", "string"),
    field("maxDeployments", "int"),
    field("ttlHours", "int", "TTLHours"),
  ],
};

export function createUser(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, async () => {
    const { inst, res } = ctx;
    const decoded = decodeGoJson<CreateUserRequest>((await readBody(ctx.req)).toString("utf8"), CREATE_USER_REQUEST);
    const body = decoded.value;
    if (decoded.error !== null || body.name === "") return sendError(res, 400, "Name is required.");
    if (body.password !== "" && body.password.length < 8) return sendError(res, 400, "Password must be at least 8 characters.");
    if (inst.userByName(body.name)) return sendError(res, 409, `User '${body.name}' already exists.`);
    const apiKey = newApiKey();
    const user = {
      id: newUserId(),
      name: body.name,
      role: "user" as const,
      maxDeployments: body.maxDeployments === 0 ? DEFAULT_MAX_DEPLOYMENTS : body.maxDeployments,
      defaultTtlHours: body.ttlHours === 0 ? DEFAULT_TTL_HOURS : body.ttlHours,
      displayName: "",
      createdAtMs: inst.now(),
      keyHash: hashKey(apiKey),
      passwordHash: body.password ? hashPassword(body.password) : "",
    };
    inst.users.set(user.id, user);
    inst.changed();
    sendJson(res, 201, sortedKeys({ id: user.id, name: user.name, apiKey, maxDeployments: user.maxDeployments }));
  });
}

interface UpdateUserRequest {
  password: string;
  displayName: string | null;
  maxDeployments: number | null;
}

const UPDATE_USER_REQUEST: GoStruct = {
  kind: "struct",
  name: "",
  fields: [field("password", "string"), field("displayName", ptr("string")), field("maxDeployments", ptr("int"))],
};

export function updateUser(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, async () => {
    const { inst, res } = ctx;
    const name = ctx.params["name"] ?? "";
    const decoded = decodeGoJson<UpdateUserRequest>((await readBody(ctx.req)).toString("utf8"), UPDATE_USER_REQUEST);
    if (decoded.error !== null) return sendError(res, 400, "Invalid JSON.");
    const target = inst.userByName(name);
    if (!target) return sendError(res, 404, "User not found.");
    const body = decoded.value;
    if (body.password !== "") {
      if (body.password.length < 8) return sendError(res, 400, "Password must be at least 8 characters.");
      target.passwordHash = hashPassword(body.password);
    }
    if (body.maxDeployments !== null) target.maxDeployments = body.maxDeployments;
    if (body.displayName !== null) target.displayName = body.displayName;
    inst.changed();
    sendJson(res, 200, sortedKeys({ message: "User updated.", name }));
  });
}

export function rotateUserKey(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => {
    const target = ctx.inst.userByName(ctx.params["name"] ?? "");
    if (!target) return sendError(ctx.res, 404, "User not found.");
    const apiKey = newApiKey();
    target.keyHash = hashKey(apiKey);
    ctx.inst.changed();
    sendJson(ctx.res, 200, sortedKeys({ apiKey, name: target.name }));
  });
}

export function deleteUser(ctx: ApiContext): Promise<void> {
  return adminOnly(ctx, () => {
    const { inst, res } = ctx;
    const name = ctx.params["name"] ?? "";
    const target = inst.userByName(name);
    if (!target) return sendError(res, 404, "User not found.");
    const deployments = inst.countDeployments(target.id);
    const userSecrets = inst.secrets.filter((s) => s.userId === target.id).length;
    const createdGlobals = inst.secrets.filter((s) => s.userId === null && s.createdBy === target.id).length;
    if (deployments > 0 || userSecrets > 0 || createdGlobals > 0) {
      return sendJson(
        res,
        409,
        sortedKeys({ error: "User has associated resources. Remove them first.", deployments, userSecrets, createdGlobals }),
      );
    }
    inst.users.delete(target.id);
    inst.changed();
    sendJson(res, 200, { deleted: name });
  });
}
