/** The options a select offers: built on the server from the plan, shown by components. */
export interface Choice {
  value: string;
  label: string;
}

/** Lifetime, memory and processors for a new deployment or sandbox. */
export interface ResourceChoices {
  ttl: Choice[];
  memory: Choice[];
  cpus: Choice[];
}

/** The workspace settings page: defaults for new deployments and the network allowance. */
export interface SettingsChoices {
  memory: Choice[];
  cpus: Choice[];
  quota: Choice[];
  reset: Choice[];
}
