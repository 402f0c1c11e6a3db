/**
 * The only OpenBerth settings a customer controls: defaults for new deployments and the
 * network allowance. Sign-in (oidc.*) and session settings are never offered or sent:
 * only these keys are read from or written to the server's settings.
 */
import type { DeploymentDefaults } from "./deployment-defaults-form";

const KEYS = {
  memory: "container.default_memory",
  cpus: "container.default_cpus",
  quotaOn: "network.quota_enabled",
  quota: "network.default_quota",
  reset: "network.quota_reset_interval",
} as const;

/** OpenBerth resets allowances monthly unless told otherwise. */
const DEFAULT_RESET = "30d";

export function readDeploymentDefaults(settings: Record<string, string>): DeploymentDefaults {
  return {
    memory: settings[KEYS.memory] ?? "",
    cpus: settings[KEYS.cpus] ?? "",
    quotaOn: settings[KEYS.quotaOn] === "true",
    quota: settings[KEYS.quota] ?? "",
    reset: settings[KEYS.reset] || DEFAULT_RESET,
  };
}

export function deploymentDefaultsToSettings(d: DeploymentDefaults): Record<string, string> {
  return {
    [KEYS.memory]: d.memory,
    [KEYS.cpus]: d.cpus,
    [KEYS.quotaOn]: d.quotaOn ? "true" : "false",
    [KEYS.quota]: d.quota,
    [KEYS.reset]: d.reset || DEFAULT_RESET,
  };
}
