/**
 * One emulated OpenBerth server: its users, deployments, secrets and settings, its fake
 * container runtime, and the service-level rules several endpoints share (destroy, the
 * expiry sweep, secret resolution, resource defaults).
 */
import { createHash } from "node:crypto";
import { badRequest } from "./app-error.ts";
import { type EmulatorClock, sqlDateTime } from "./clock.ts";
import { ContainerRuntime } from "./container-runtime.ts";
import type { DeploymentRecord, SecretRecord, UserRecord } from "./records.ts";

export interface InstanceEnvironment {
  clock: EmulatorClock;
  /** Read when each build starts, so tests can change it on the fly. */
  buildDelayMs: () => number;
  /** Reported by /health and /api/me. */
  version: string;
  /** The server's base URL (`<host>/i/<id>`). */
  endpoint: string;
  /** The OpenBerth "domain": deployments live at `http://<subdomain>.<domain>`. */
  domain: string;
}

/** The install-time defaults (`config.go`). */
export const DEFAULT_MAX_DEPLOYMENTS = 10;
export const DEFAULT_TTL_HOURS = 72;
const DEFAULT_MEMORY = "512m";
const DEFAULT_CPUS = "0.5";

export class Instance {
  readonly id: string;
  readonly env: InstanceEnvironment;
  readonly users = new Map<string, UserRecord>();
  readonly deployments = new Map<string, DeploymentRecord>();
  secrets: SecretRecord[] = [];
  readonly settings = new Map<string, string>();
  nextSeq = 1;
  readonly runtime: ContainerRuntime;
  #onChange: () => void = () => {};

  constructor(id: string, env: InstanceEnvironment) {
    this.id = id;
    this.env = env;
    this.runtime = new ContainerRuntime(this);
  }

  now(): number {
    return this.env.clock.now();
  }

  /** Called by persistence: every mutation ends in `changed()`. */
  onChange(listener: () => void): void {
    this.#onChange = listener;
  }

  changed(): void {
    this.#onChange();
  }

  deployUrl(subdomain: string): string {
    return `http://${subdomain}.${this.env.domain}`;
  }

  // ── Users ────────────────────────────────────────────────────────────────────────────

  userByKey(key: string): UserRecord | undefined {
    const hash = hashKey(key);
    for (const u of this.users.values()) if (u.keyHash === hash) return u;
    return undefined;
  }

  userByName(name: string): UserRecord | undefined {
    for (const u of this.users.values()) if (u.name === name) return u;
    return undefined;
  }

  /** Users in creation order (`ORDER BY created_at`). */
  usersInOrder(): UserRecord[] {
    return [...this.users.values()].sort((a, b) => a.createdAtMs - b.createdAtMs);
  }

  // ── Deployments ──────────────────────────────────────────────────────────────────────

  deploymentBySubdomain(subdomain: string): DeploymentRecord | undefined {
    for (const d of this.deployments.values()) if (d.subdomain === subdomain) return d;
    return undefined;
  }

  /** Newest first (`ORDER BY created_at DESC`), optionally one owner's. */
  deploymentsNewestFirst(ownerId?: string): DeploymentRecord[] {
    return [...this.deployments.values()]
      .filter((d) => ownerId === undefined || d.userId === ownerId)
      .sort((a, b) => Math.floor(b.createdAtMs / 1000) - Math.floor(a.createdAtMs / 1000) || b.seq - a.seq);
  }

  /** `CountActiveDeployments`: every stored row of the user, sandboxes and failed ones included. */
  countDeployments(userId: string): number {
    let n = 0;
    for (const d of this.deployments.values()) if (d.userId === userId) n++;
    return n;
  }

  /** `DestroyFull`: container, route, source, row. */
  destroyFull(d: DeploymentRecord): void {
    this.runtime.destroy(d);
    this.deployments.delete(d.id);
    this.changed();
  }

  /** The cleanup job: hard-destroy every deployment whose expiry has passed, locked or not. */
  sweepExpired(): number {
    const now = sqlDateTime(this.now());
    let count = 0;
    for (const d of [...this.deployments.values()]) {
      if (d.expiresAt !== "" && d.expiresAt <= now) {
        this.destroyFull(d);
        count++;
      }
    }
    return count;
  }

  /** `computeExpiry` */
  expiryFor(ttlHours: number): string {
    return ttlHours > 0 ? sqlDateTime(this.now() + ttlHours * 3_600_000) : "";
  }

  // ── Secrets and resources ────────────────────────────────────────────────────────────

  userSecret(userId: string, name: string): SecretRecord | undefined {
    return this.secrets.find((s) => s.userId === userId && s.name === name);
  }

  globalSecret(name: string): SecretRecord | undefined {
    return this.secrets.find((s) => s.userId === null && s.name === name);
  }

  /** `resolveSecrets`: the user's secret first, then the global one; a missing name is a 400. */
  resolveSecrets(userId: string, names: string[]): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of names) {
      const secret = this.userSecret(userId, name) ?? this.globalSecret(name);
      if (!secret) throw badRequest(`Secret "${name}" not found. Use 'berth secret list' to see available secrets.`);
      out[name] = secret.value;
    }
    return out;
  }

  /** Per-deploy value, else the admin default when quotas are enabled, else none. */
  resolveNetworkQuota(perDeploy: string): string {
    if (perDeploy !== "") return perDeploy;
    if (this.settings.get("network.quota_enabled") !== "true") return "";
    return this.settings.get("network.default_quota") || "";
  }

  resolveMemory(perDeploy: string): string {
    return perDeploy || this.settings.get("container.default_memory") || DEFAULT_MEMORY;
  }

  resolveCpus(perDeploy: string): string {
    return perDeploy || this.settings.get("container.default_cpus") || DEFAULT_CPUS;
  }

  /** Hours between quota resets (`network.quota_reset_interval`, default 30 days). */
  quotaResetIntervalHours(): number {
    const m = /^([0-9]+)(h|d)$/.exec(this.settings.get("network.quota_reset_interval") ?? "");
    if (!m) return 30 * 24;
    return m[2] === "h" ? Number(m[1]) : Number(m[1]) * 24;
  }

  /** Stops timers and ends log streams; the data stays where it is. */
  dispose(): void {
    this.runtime.dispose();
  }
}

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
