/**
 * The route table of `apps/server/main.go`, pattern for pattern, so unknown paths get the
 * mux's 404 and wrong methods its 405 exactly where upstream's would.
 */
import { GoMux } from "../go-mux.ts";
import type { ApiHandler } from "./context.ts";
import { deployCode, deployTarball } from "./deploy-create.ts";
import { updateCode, updateTarball } from "./deploy-update.ts";
import { destroyAllDeployments, destroyDeployment, getDeployment, listDeployments, updateMeta } from "./deployments.ts";
import { getLogs, streamLogs } from "./logs.ts";
import { changePassword, getMe, loginExchange, rotateOwnKey } from "./me.ts";
import { lockDeployment, protectDeployment } from "./protect-lock.ts";
import { execInSandbox, installInSandbox, pushToSandbox } from "./sandbox-files.ts";
import { createSandbox, promoteSandbox } from "./sandbox-lifecycle.ts";
import { deleteSecret, listSecrets, setSecret } from "./secrets.ts";
import { backupDeployment, backupServer, banner, cleanup, health, notEmulated, restore } from "./server-info.ts";
import { getSettings, setSettings } from "./settings.ts";
import { getSource } from "./source.ts";
import { getDeploymentStats, getHostStats } from "./stats.ts";
import { createUser, deleteUser, listUsers, rotateUserKey, updateUser } from "./users.ts";

export function openBerthRoutes(): GoMux<ApiHandler> {
  const mux = new GoMux<ApiHandler>();
  const routes: [string, ApiHandler][] = [
    ["GET /health", health],
    ["GET /{$}", banner],

    ["POST /logout", notEmulated],
    ["POST /api/login/exchange", loginExchange],
    ["GET /api/me", getMe],
    ["POST /api/me/password", changePassword],
    ["POST /api/me/rotate-key", rotateOwnKey],
    ["GET /setup", notEmulated],
    ["POST /setup", notEmulated],
    ["GET /login", notEmulated],
    ["POST /login", notEmulated],
    ["GET /auth/oidc/start", notEmulated],
    ["GET /auth/oidc/callback", notEmulated],
    ["GET /auth/sso-redirect", notEmulated],
    ["POST /internal/cleanup", cleanup],
    ["/internal/auth-check", notEmulated],

    ["POST /api/deploy", deployTarball],
    ["POST /api/deploy/code", deployCode],
    ["POST /api/deploy/{id}/update", updateTarball],
    ["POST /api/deploy/{id}/update/code", updateCode],

    ["GET /api/deployments", listDeployments],
    ["DELETE /api/deployments", destroyAllDeployments],
    ["GET /api/deployments/{id}", getDeployment],
    ["PATCH /api/deployments/{id}", updateMeta],
    ["DELETE /api/deployments/{id}", destroyDeployment],
    ["GET /api/deployments/{id}/logs", getLogs],
    ["GET /api/deployments/{id}/logs/stream", streamLogs],
    ["GET /api/deployments/{id}/source", getSource],
    ["GET /api/deployments/{id}/stats", getDeploymentStats],
    ["POST /api/deployments/{id}/protect", protectDeployment],
    ["POST /api/deployments/{id}/lock", lockDeployment],

    ["GET /api/admin/users", listUsers],
    ["POST /api/admin/users", createUser],
    ["DELETE /api/admin/users/{name}", deleteUser],
    ["PATCH /api/admin/users/{name}", updateUser],
    ["POST /api/admin/users/{name}/rotate-key", rotateUserKey],
    ["GET /api/admin/backup", backupServer],
    ["POST /api/admin/restore", restore],
    ["POST /api/admin/deployments/{id}/backup", backupDeployment],
    ["POST /api/admin/deployments/restore", restore],
    ["GET /api/admin/settings", getSettings],
    ["POST /api/admin/settings", setSettings],
    ["GET /api/admin/host-stats", getHostStats],

    ["GET /.well-known/oauth-protected-resource", notEmulated],
    ["GET /.well-known/oauth-authorization-server", notEmulated],
    ["POST /oauth/register", notEmulated],
    ["/oauth/authorize", notEmulated],
    ["POST /oauth/token", notEmulated],
    ["/gallery/", notEmulated],

    ["POST /api/secrets", setSecret],
    ["GET /api/secrets", listSecrets],
    ["DELETE /api/secrets/{name}", deleteSecret],

    ["POST /api/sandbox", createSandbox],
    ["DELETE /api/sandbox/{id}", destroyDeployment],
    ["POST /api/sandbox/{id}/push", pushToSandbox],
    ["POST /api/sandbox/{id}/install", installInSandbox],
    ["POST /api/sandbox/{id}/exec", execInSandbox],
    ["GET /api/sandbox/{id}/logs", getLogs],
    ["POST /api/sandbox/{id}/promote", promoteSandbox],

    ["/_data/", notEmulated],
    ["/_data", notEmulated],
    ["/mcp", notEmulated],
  ];
  for (const [pattern, handler] of routes) mux.handle(pattern, handler);
  return mux;
}
