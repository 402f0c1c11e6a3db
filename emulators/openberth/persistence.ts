/**
 * Keeps one instance's data under `<stateDir>/openberth/<instanceId>/` so it survives a
 * restart of the emulator: `state.json` (users with key hashes, deployments, secrets with
 * their values — this folder is the emulator's own, git-ignored one — settings, the last
 * log lines) and `sources/<deploymentId>.tar.gz` (each tree, rewritten only when it changed).
 *
 * Writes are debounced (100 ms); `flush()` writes at once. On load, rows a build was
 * running for become `failed`, as upstream's startup reconciliation does.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Instance } from "./instance.ts";
import type { DeploymentRecord, SecretRecord, UserRecord } from "./records.ts";
import { packTree, unpackTree } from "./tarball.ts";

const DEBOUNCE_MS = 100;
const PERSISTED_LOG_LINES = 500;

type PersistedDeployment = Omit<DeploymentRecord, "files" | "liveFiles">;

interface PersistedState {
  version: 1;
  nextSeq: number;
  users: UserRecord[];
  deployments: PersistedDeployment[];
  secrets: SecretRecord[];
  settings: [string, string][];
}

export class InstanceStore {
  readonly dir: string;
  #timer: NodeJS.Timeout | null = null;
  #savedVersions = new Map<string, number>();
  #disposed = false;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** Fills `inst` from disk; false when nothing was saved for it yet. */
  async load(inst: Instance): Promise<boolean> {
    let state: PersistedState;
    try {
      state = JSON.parse(await readFile(join(this.dir, "state.json"), "utf8")) as PersistedState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw error;
    }
    inst.nextSeq = state.nextSeq;
    for (const u of state.users) inst.users.set(u.id, u);
    inst.secrets = state.secrets;
    for (const [k, v] of state.settings) inst.settings.set(k, v);
    for (const p of state.deployments) {
      let files = new Map<string, Buffer>();
      try {
        files = unpackTree(await readFile(this.#sourcePath(p.id)));
      } catch {
        // A tree that never got written (the process died first) loads empty.
      }
      const d: DeploymentRecord = { ...p, files, liveFiles: new Map(files) };
      // The build goroutines died with the old process: upstream marks such rows failed.
      if (d.status === "building") {
        d.status = "failed";
        d.container = false;
        d.logs = [];
      } else if (d.status === "updating") {
        d.status = "failed";
      }
      inst.deployments.set(d.id, d);
      this.#savedVersions.set(d.id, d.filesVersion);
    }
    return true;
  }

  schedule(inst: Instance): void {
    if (this.#disposed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      try {
        this.#write(inst);
      } catch (error) {
        // A full disk or a removed folder must not take the whole emulator down.
        console.error(`openberth emulator: could not save ${this.dir}:`, error);
      }
    }, DEBOUNCE_MS);
  }

  flush(inst: Instance): void {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    this.#write(inst);
  }

  /** Stops writing and deletes everything saved for the instance. */
  discard(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Synchronous on purpose: a write never interleaves with another write, a load or a
   * discard, and the files are small (trees are rewritten only when they changed).
   */
  #write(inst: Instance): void {
    if (this.#disposed) return;
    mkdirSync(join(this.dir, "sources"), { recursive: true });
    const deployments = [...inst.deployments.values()];
    for (const d of deployments) {
      if (this.#savedVersions.get(d.id) === d.filesVersion) continue;
      atomicWrite(this.#sourcePath(d.id), packTree(d.files, d.createdAtMs, true));
      this.#savedVersions.set(d.id, d.filesVersion);
    }
    const state: PersistedState = {
      version: 1,
      nextSeq: inst.nextSeq,
      users: [...inst.users.values()],
      deployments: deployments.map(({ files: _files, liveFiles: _live, ...rest }) => ({
        ...rest,
        logs: rest.logs.slice(-PERSISTED_LOG_LINES),
      })),
      secrets: inst.secrets,
      settings: [...inst.settings],
    };
    atomicWrite(join(this.dir, "state.json"), JSON.stringify(state));
    const live = new Set(deployments.map((d) => `${d.id}.tar.gz`));
    for (const name of readdirSync(join(this.dir, "sources"))) {
      if (live.has(name)) continue;
      rmSync(join(this.dir, "sources", name), { force: true });
      this.#savedVersions.delete(name.replace(/\.tar\.gz$/, ""));
    }
  }

  #sourcePath(id: string): string {
    return join(this.dir, "sources", `${id}.tar.gz`);
  }
}

function atomicWrite(path: string, data: string | Buffer): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
