/**
 * The instances a host knows about. Registering is O(1) bookkeeping; an instance's server
 * (its state, loaded from disk when there is some) only comes to life on its first request,
 * so thousands can be registered cheaply.
 */
import { join } from "node:path";
import type { EmulatorClock } from "./clock.ts";
import { hashKey, Instance } from "./instance.ts";
import { InstanceStore } from "./persistence.ts";

export interface InstanceSpec {
  instanceId: string;
  adminKey: string;
  adminUserId: string;
}

interface Entry {
  spec: InstanceSpec;
  running: boolean;
  instance: Instance | null;
  loading: Promise<Instance> | null;
  store: InstanceStore | null;
}

export interface RegistryOptions {
  stateDir: string | null;
  clock: EmulatorClock;
  version: string;
  buildDelayMs: () => number;
  endpointFor: (id: string) => string;
  domainFor: (id: string) => string;
}

export class InstanceRegistry {
  #entries = new Map<string, Entry>();
  /** Domain label (`inst-x`) → instance id, for Host-header routing. */
  #labels = new Map<string, string>();
  #options: RegistryOptions;

  constructor(options: RegistryOptions) {
    this.#options = options;
  }

  register(spec: InstanceSpec): void {
    const existing = this.#entries.get(spec.instanceId);
    if (existing) {
      // Only a fresh instance is seeded from the spec; saved data (a rotated admin key…) wins.
      existing.spec = { ...spec };
      return;
    }
    this.#entries.set(spec.instanceId, { spec: { ...spec }, running: true, instance: null, loading: null, store: null });
    this.#labels.set(domainLabel(spec.instanceId), spec.instanceId);
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  isRunning(id: string): boolean {
    return this.#entries.get(id)?.running ?? false;
  }

  setRunning(id: string, running: boolean): void {
    const entry = this.#entries.get(id);
    if (entry) entry.running = running;
  }

  /** Forgets the instance and deletes its saved data. */
  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    if (this.#labels.get(domainLabel(id)) === id) this.#labels.delete(domainLabel(id));
    entry.instance?.dispose();
    const store = entry.store ?? (this.#options.stateDir ? this.#storeFor(id) : null);
    store?.discard();
  }

  idForLabel(label: string): string | undefined {
    return this.#labels.get(label);
  }

  /** The running server for `id`, loading (or seeding) it on first use. */
  async instance(id: string): Promise<Instance | null> {
    const entry = this.#entries.get(id);
    if (!entry) return null;
    if (entry.instance) return entry.instance;
    entry.loading ??= this.#load(id, entry);
    const inst = await entry.loading;
    return this.#entries.get(id) === entry ? inst : null;
  }

  loaded(): Instance[] {
    return [...this.#entries.values()].flatMap((e) => (e.instance ? [e.instance] : []));
  }

  list(): { id: string; running: boolean; loaded: boolean }[] {
    return [...this.#entries].map(([id, e]) => ({ id, running: e.running, loaded: e.instance !== null }));
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#entries.values()].map((e) => e.loading));
    for (const entry of this.#entries.values()) {
      entry.instance?.dispose();
      if (entry.instance && entry.store) entry.store.flush(entry.instance);
    }
  }

  async #load(id: string, entry: Entry): Promise<Instance> {
    const o = this.#options;
    const inst = new Instance(id, {
      clock: o.clock,
      buildDelayMs: o.buildDelayMs,
      version: o.version,
      endpoint: o.endpointFor(id),
      domain: o.domainFor(id),
    });
    const store = o.stateDir ? this.#storeFor(id) : null;
    const found = store ? await store.load(inst) : false;
    if (!found) seedAdmin(inst, entry.spec);
    const swept = inst.sweepExpired(); // upstream runs its cleanup once at startup
    if (this.#entries.get(id) !== entry) {
      inst.dispose();
      return inst;
    }
    if (store) {
      inst.onChange(() => store.schedule(inst));
      if (!found || swept > 0) store.schedule(inst);
    }
    entry.store = store;
    entry.instance = inst;
    return inst;
  }

  #storeFor(id: string): InstanceStore {
    return new InstanceStore(join(this.#options.stateDir ?? "", "openberth", id));
  }
}

/** The installer's admin: name `admin`, 100 deployments, 72 h default TTL, the given key. */
function seedAdmin(inst: Instance, spec: InstanceSpec): void {
  inst.users.set(spec.adminUserId, {
    id: spec.adminUserId,
    name: "admin",
    role: "admin",
    maxDeployments: 100,
    defaultTtlHours: 72,
    displayName: "",
    createdAtMs: inst.now(),
    keyHash: hashKey(spec.adminKey),
    passwordHash: "",
  });
}

export function domainLabel(id: string): string {
  return id.replaceAll("_", "-").toLowerCase();
}
