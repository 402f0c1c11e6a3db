/**
 * Many emulated OpenBerth servers behind one port.
 *
 * - `/i/<instanceId>/…` is that instance's server with the prefix stripped
 *   (`/i/inst_x/api/deployments` is its `/api/deployments`, `/i/inst_x/health` its `/health`).
 * - A Host of `<subdomain>.<instance-id-with-dashes>.localhost[:port]` is a visitor of that
 *   instance's deployment (site-server.ts); the bare `<instance>.localhost` host also reaches
 *   the server itself, like a real install's base URL.
 * - `/__control/…` are the test controls (control.ts).
 *
 * Test infrastructure only: production code never imports it.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { listenOnLocalhost } from "../shared/listen.ts";
import { serveApi } from "./api-server.ts";
import { EmulatorClock } from "./clock.ts";
import { serveControl } from "./control.ts";
import { sendNotFound, sendPlain } from "./http-replies.ts";
import { domainLabel, InstanceRegistry, type InstanceSpec } from "./instance-registry.ts";
import { serveSite } from "./site-server.ts";

export type { InstanceSpec } from "./instance-registry.ts";

export interface OpenBerthHostOptions {
  /** 0 = pick a free port. */
  port: number;
  /** Where instances' data persists (null = memory only). */
  stateDir: string | null;
  /** building → running delay (default 400); also the sandbox start. */
  buildDelayMs?: number;
  /** Reported by /health (default "0.0.0-emulator"). */
  version?: string;
}

export interface OpenBerthHost {
  /** http://localhost:<port> */
  readonly url: string;
  readonly port: number;
  /** `${url}/i/${instanceId}`: the server's base URL. */
  endpointFor(instanceId: string): string;
  /** `${instanceId.replaceAll("_", "-")}.localhost:${port}`: deployment URL = http://<subdomain>.<domain>. */
  domainFor(instanceId: string): string;
  /** Idempotent, O(1), no I/O; the server starts (and loads saved data) on its first request. */
  register(spec: InstanceSpec): void;
  /** A registered but not-running instance answers everything with 502 `instance is not running`. */
  setRunning(instanceId: string, running: boolean): void;
  /** Forgets it and deletes its saved data; its endpoint then answers 404. */
  remove(instanceId: string): void;
  has(instanceId: string): boolean;
  /** Stops timers, ends SSE streams, writes pending data, closes the server. */
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 5_000;

export async function startOpenBerthHost(options: OpenBerthHostOptions): Promise<OpenBerthHost> {
  const clock = new EmulatorClock();
  let buildDelayMs = options.buildDelayMs ?? 400;
  let port = 0;
  const url = () => `http://localhost:${port}`;
  const endpointFor = (id: string) => `${url()}/i/${id}`;
  const domainFor = (id: string) => `${id.replaceAll("_", "-")}.localhost:${port}`;

  const registry = new InstanceRegistry({
    stateDir: options.stateDir,
    clock,
    version: options.version ?? "0.0.0-emulator",
    buildDelayMs: () => buildDelayMs,
    endpointFor,
    domainFor,
  });
  const sweep = () => registry.loaded().reduce((n, inst) => n + inst.sweepExpired(), 0);
  const control = { clock, registry, sweep, setBuildDelay: (ms: number) => (buildDelayMs = ms) };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? "/";
    const q = raw.indexOf("?");
    const path = q < 0 ? raw : raw.slice(0, q);
    const query = q < 0 ? "" : raw.slice(q + 1);

    const byHost = hostTarget(req.headers.host ?? "", registry);
    if (byHost) {
      if (!registry.isRunning(byHost.id)) return sendPlain(res, 502, "instance is not running");
      const inst = await registry.instance(byHost.id);
      if (!inst) return sendNotFound(res);
      if (byHost.subdomain !== null) return serveSite(inst, byHost.subdomain, req, res);
      return serveApi(inst, req, res, { path, query, prefix: "", baseUrls: [`http://${inst.env.domain}`, inst.env.endpoint] });
    }

    if (path === "/__control" || path.startsWith("/__control/")) return serveControl(control, path, req, res);

    const m = /^\/i\/([^/]+)(\/.*)?$/.exec(path);
    if (!m?.[1]) return sendNotFound(res);
    const id = safeDecode(m[1]);
    if (!registry.has(id)) return sendNotFound(res);
    if (!registry.isRunning(id)) return sendPlain(res, 502, "instance is not running");
    const inst = await registry.instance(id);
    if (!inst) return sendNotFound(res);
    return serveApi(inst, req, res, {
      path: m[2] ?? "/",
      query,
      prefix: `/i/${m[1]}`,
      baseUrls: [inst.env.endpoint, `http://${inst.env.domain}`],
    });
  };

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendPlain(res, 500, error instanceof Error ? error.message : String(error));
      else res.destroy();
    });
  };

  const server = await listenOnLocalhost(listener, options.port);
  port = server.port;

  const sweeper = setInterval(sweep, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing: Promise<void> | undefined;
  return {
    url: url(),
    port,
    endpointFor,
    domainFor,
    register: (spec) => registry.register(spec),
    setRunning: (id, running) => registry.setRunning(id, running),
    remove: (id) => registry.remove(id),
    has: (id) => registry.has(id),
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await registry.closeAll();
        await server.close();
      })();
      return closing;
    },
  };
}

/** `<sub>.<label>.localhost[:port]` → a site; `<label>.localhost[:port]` → the server itself. */
function hostTarget(hostHeader: string, registry: InstanceRegistry): { id: string; subdomain: string | null } | null {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, "");
  if (!host.endsWith(".localhost")) return null;
  const labels = host.slice(0, -".localhost".length).split(".");
  const label = labels.pop();
  if (!label) return null;
  const id = registry.idForLabel(label);
  if (!id || domainLabel(id) !== label) return null;
  return { id, subdomain: labels.length > 0 ? labels.join(".") : null };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
