/**
 * The shapes OpenBerth answers with (../shared/openberth/API.md), checked on the way in
 * so the rest of Harbor works with our types, not with whatever came over the wire.
 * Unknown fields are ignored (zod's default), missing optional ones are fine.
 */
import { z } from "zod";

const optionalString = z.string().optional();

export const deployInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: optionalString,
  description: optionalString,
  subdomain: z.string(),
  framework: z.string(),
  status: z.string(),
  containerStatus: optionalString,
  url: z.string(),
  port: z.number().optional(),
  createdAt: z.string(),
  expiresAt: z.string(),
  ttlHours: z.number().optional(),
  ownerId: z.string(),
  ownerName: optionalString,
  accessMode: z.string(),
  accessUser: optionalString,
  accessUsers: optionalString,
  mode: z.string(),
  networkQuota: optionalString,
  quotaRemaining: z.number().optional(),
  locked: z.boolean(),
});
export type DeployInfo = z.infer<typeof deployInfoSchema>;

/** `GET /api/deployments/{id}/stats`: only the limits Harbor reads (the plan's caps). */
export const deployStatsSchema = z.object({
  id: z.string(),
  live: z.object({ cpuLimitCores: z.number(), memoryLimitBytes: z.number() }).partial().optional(),
});

export const deployListSchema = z.object({ deployments: z.array(deployInfoSchema), count: z.number() });

/** What create, code create, sandbox create and promote answer (fields vary by call). */
export const deployResultSchema = z.object({
  id: z.string(),
  name: z.string(),
  title: optionalString,
  description: optionalString,
  subdomain: z.string(),
  framework: z.string(),
  language: optionalString,
  status: z.string(),
  url: z.string(),
  expiresAt: optionalString,
  accessMode: optionalString,
  apiKey: optionalString,
});
export type DeployResult = z.infer<typeof deployResultSchema>;

export const updateResultSchema = z.object({ id: z.string(), status: z.string(), url: z.string(), message: z.string() });

export const patchResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  ttlHours: z.number(),
  expiresAt: z.string(),
  networkQuota: z.string(),
  message: z.string(),
});

export const destroyResultSchema = z.object({ id: z.string(), status: z.string() });
export const logsSchema = z.object({ id: z.string(), logs: z.string() });

export const protectResultSchema = z.object({
  id: z.string(),
  accessMode: z.string(),
  username: optionalString,
  apiKey: optionalString,
  users: z.array(z.string()).optional(),
  message: z.string(),
});
export const lockResultSchema = z.object({ id: z.string(), locked: z.boolean(), message: z.string() });

export const pushResultSchema = z.object({
  id: z.string(),
  updated: z.number(),
  deleted: z.number(),
  depsInstalled: z.boolean().optional(),
  installOutput: optionalString,
});
export const sourceFilesSchema = z.object({ files: z.record(z.string(), z.string()) });
export const installResultSchema = z.object({ id: z.string(), output: z.string(), message: z.string() });
export const execResultSchema = z.object({ id: z.string(), output: z.string(), exitCode: z.number() });

export const secretMetaSchema = z.object({
  name: z.string(),
  scope: z.enum(["user", "global"]),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SecretMeta = z.infer<typeof secretMetaSchema>;
export const secretListSchema = z.object({ secrets: z.array(secretMetaSchema) });
export const secretSetSchema = z.object({ name: z.string(), created: z.boolean(), restarted: z.array(z.string()).optional() });
export const secretDeleteSchema = z.object({ name: z.string(), status: z.string() });

export const userSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  maxDeployments: z.number(),
  defaultTtlHours: z.number(),
  displayName: z.string(),
  createdAt: z.string(),
});
export type OpenBerthUser = z.infer<typeof userSchema>;
export const userListSchema = z.object({ users: z.array(userSchema) });
export const userCreatedSchema = z.object({ id: z.string(), name: z.string(), apiKey: z.string(), maxDeployments: z.number() });
export const userUpdatedSchema = z.object({ message: z.string(), name: z.string() });
export const userDeletedSchema = z.object({ deleted: z.string() });
export const keyRotatedSchema = z.object({ apiKey: z.string(), name: z.string() });
/** The 409 OpenBerth answers when a user still owns things (API.md §5). */
export const userBlockersSchema = z.object({
  error: z.string(),
  deployments: z.number(),
  userSecrets: z.number(),
  createdGlobals: z.number(),
});
export type UserBlockers = Omit<z.infer<typeof userBlockersSchema>, "error">;

export const meSchema = z.object({
  id: z.string(),
  name: z.string(),
  displayName: z.string(),
  role: z.string(),
  hasPassword: z.boolean(),
  serverVersion: z.string(),
});
export const healthSchema = z.object({ status: z.string(), version: z.string(), domain: z.string(), gvisor: z.boolean() });
export const settingsSchema = z.record(z.string(), z.string());
export const messageSchema = z.object({ message: z.string() });
export const errorBodySchema = z.object({ error: z.string() });
