/**
 * The stand-in for Docker: a timer per build instead of a real build, a log buffer per
 * container, followers for `logs/stream`. What it mirrors (runtime/docker/*.go):
 *
 * - a first build (deploy, code deploy, promote) or a sandbox start leaves `building` after
 *   the build delay: `running` with a fresh container, or `failed` with no container;
 * - a rebuild (update) keeps the old container serving while `updating`; success replaces
 *   the container (`docker rm -f` + run: new logs, followers see their stream end), failure
 *   leaves the old one running and the row `failed`;
 * - destroying removes the container: logs are gone and followers' streams end.
 *
 * Build output never reaches the container logs (upstream only logs it server-side).
 */
import { detectFramework, readPackageJson } from "./framework.ts";
import type { Instance } from "./instance.ts";
import type { DeploymentRecord } from "./records.ts";

export interface LogFollower {
  line(text: string): void;
  end(): void;
}

const MAX_LOG_LINES = 10_000;

export class ContainerRuntime {
  #inst: Instance;
  #timers = new Map<string, NodeJS.Timeout>();
  #followers = new Map<string, Set<LogFollower>>();

  constructor(inst: Instance) {
    this.#inst = inst;
  }

  /** deploy, code deploy, promote: `building` → running | failed. */
  startBuild(d: DeploymentRecord): void {
    this.#schedule(d, () => {
      if (!canBuild(d)) {
        d.status = "failed";
        this.#removeContainer(d);
        return;
      }
      this.#newContainer(d);
      d.status = "running";
    });
  }

  /** Sandbox create: the dev container counts as up after the delay. */
  startSandbox(d: DeploymentRecord): void {
    this.startBuild(d);
  }

  /** update, update/code: `updating` → running (new container) | failed (old one stays). */
  startRebuild(d: DeploymentRecord): void {
    this.#schedule(d, () => {
      if (!canBuild(d)) {
        d.status = "failed";
        return;
      }
      this.#newContainer(d);
      d.status = "running";
    });
  }

  /** A secret the deployment uses changed: the runtime container is recreated in place. */
  restartForSecretRotation(d: DeploymentRecord): void {
    if (!d.container) return;
    this.#newContainer(d);
    this.#inst.changed();
  }

  /** `Runtime.Destroy`: the container and its logs go; a pending build is abandoned. */
  destroy(d: DeploymentRecord): void {
    this.#cancel(d.id);
    this.#removeContainer(d);
  }

  appendLog(d: DeploymentRecord, text: string): void {
    if (!d.container) return;
    d.logs.push(text);
    if (d.logs.length > MAX_LOG_LINES) d.logs.splice(0, d.logs.length - MAX_LOG_LINES);
    for (const follower of this.#followers.get(d.id) ?? []) follower.line(text);
    this.#inst.changed();
  }

  /** `docker logs --tail N`, or the error text upstream returns when there is no container. */
  logsText(d: DeploymentRecord, tail: number): string {
    if (!d.container) return "Error fetching logs: exit status 1";
    return d.logs
      .slice(-tail)
      .map((l) => `${l}\n`)
      .join("");
  }

  /** `docker logs --follow --tail N`: replays, then pushes new lines until the container goes. */
  follow(d: DeploymentRecord, tail: number, follower: LogFollower): () => void {
    if (!d.container) {
      follower.line(`Error response from daemon: No such container: sc-${d.id}`);
      follower.end();
      return () => {};
    }
    for (const l of d.logs.slice(-tail)) follower.line(l);
    let set = this.#followers.get(d.id);
    if (!set) {
      set = new Set();
      this.#followers.set(d.id, set);
    }
    set.add(follower);
    return () => {
      this.#followers.get(d.id)?.delete(follower);
    };
  }

  /** A host port for the proxy route, unique on this server. */
  allocatePort(): number {
    const used = new Set([...this.#inst.deployments.values()].map((d) => d.port));
    for (;;) {
      const port = 10000 + Math.floor(Math.random() * 50000);
      if (!used.has(port)) return port;
    }
  }

  dispose(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    for (const set of this.#followers.values()) for (const f of set) f.end();
    this.#followers.clear();
  }

  #schedule(d: DeploymentRecord, finish: () => void): void {
    this.#cancel(d.id);
    const timer = setTimeout(() => {
      this.#timers.delete(d.id);
      if (this.#inst.deployments.get(d.id) !== d) return; // destroyed meanwhile
      finish();
      this.#inst.changed();
    }, this.#inst.env.buildDelayMs());
    this.#timers.set(d.id, timer);
  }

  #cancel(id: string): void {
    const timer = this.#timers.get(id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(id);
  }

  #newContainer(d: DeploymentRecord): void {
    this.#endFollowers(d.id);
    d.container = true;
    if (d.port === 0) d.port = this.allocatePort();
    d.liveFiles = new Map(d.files);
    d.logs = startLines(d);
  }

  #removeContainer(d: DeploymentRecord): void {
    this.#endFollowers(d.id);
    d.container = false;
    d.logs = [];
  }

  #endFollowers(id: string): void {
    const set = this.#followers.get(id);
    if (!set) return;
    this.#followers.delete(id);
    for (const f of set) f.end();
  }
}

/**
 * The emulator's failure knob (README): a build fails when the deployment's name contains
 * `fail-build` or package.json's `scripts.build` contains `exit 1`.
 */
export function canBuild(d: DeploymentRecord): boolean {
  if (d.name.includes("fail-build")) return false;
  const build = readPackageJson(d.files)?.scripts["build"] ?? "";
  return !build.includes("exit 1");
}

/** What a freshly started container prints (the run scripts' first lines). */
function startLines(d: DeploymentRecord): string[] {
  const fw = detectFramework(d.files);
  const language = fw?.language ?? "static";
  if (d.mode === "sandbox") {
    if (language === "static") return ["🏰 [sandbox] Serving static files from /app on :8080"];
    const install = language === "go" ? "🏰 [sandbox] Downloading Go modules..." : "🏰 [sandbox] Installing dependencies...";
    return [install, "🏰 [sandbox] Starting dev server...", `🏰 [sandbox] Dev server listening on 0.0.0.0:${fw?.port ?? 3000}`];
  }
  if (language === "static") return ["🏰 [run] Serving static files from /srv on :8080"];
  return ["🏰 [run] Starting server...", `🏰 [run] Listening on 0.0.0.0:${fw?.port ?? 3000}`];
}
