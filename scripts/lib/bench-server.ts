/**
 * The production build under `wrangler dev`, started and stopped between bench phases. Its
 * own log lines are never printed (they would drown the numbers); with `keepLogs` the
 * Worker's JSON lines are kept in `lines` (the billing measures read `billing.sync_done`).
 */
import type { ChildProcess } from "node:child_process";
import { start, stop, waitForPort, isListening } from "./processes.ts";

export interface LogLine {
  event?: string;
  level?: string;
  traceId?: string;
  messageId?: string;
  [k: string]: unknown;
}

export function createBenchServer(buildDir: string, port: number, stateDir: string, options: { keepLogs?: boolean } = {}) {
  let child: ChildProcess | null = null;
  const lines: LogLine[] = [];
  let partial = "";
  const take = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split("\n");
    partial = parts.pop() ?? "";
    for (const part of parts) {
      // Wrangler may prefix a line; the Worker's own lines are one JSON object each.
      const at = part.indexOf("{");
      if (at < 0) continue;
      try {
        const parsed = JSON.parse(part.slice(at)) as LogLine;
        if (parsed && typeof parsed === "object") lines.push(parsed);
      } catch {
        // not one of ours
      }
    }
  };
  return {
    lines,
    async start() {
      if (child) return;
      child = start("app", "npx", [
        "wrangler",
        "dev",
        "-c",
        `${buildDir}/server/wrangler.json`,
        "--port",
        String(port),
        "--ip",
        "127.0.0.1",
        "--persist-to",
        stateDir,
        "--log-level",
        options.keepLogs ? "log" : "error",
        "--show-interactive-dev-session=false",
      ]);
      child.stdout?.removeAllListeners("data");
      child.stderr?.removeAllListeners("data");
      if (options.keepLogs) {
        child.stdout?.on("data", take);
        child.stderr?.on("data", take);
      }
      await waitForPort(port, 60_000);
    },
    async stop() {
      if (!child) return;
      stop(child);
      child = null;
      for (let i = 0; i < 100 && (await isListening(port)); i++) await new Promise((r) => setTimeout(r, 100));
    },
  };
}
