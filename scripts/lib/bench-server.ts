/** The production build under `wrangler dev`, started and stopped between bench phases. */
import type { ChildProcess } from "node:child_process";
import { start, stop, waitForPort, isListening } from "./processes.ts";

export function createBenchServer(buildDir: string, port: number, stateDir: string) {
  let child: ChildProcess | null = null;
  return {
    async start() {
      if (child) return;
      child = start("app", "npx", [
        "wrangler", "dev", "-c", `${buildDir}/server/wrangler.json`, "--port", String(port), "--ip", "127.0.0.1",
        "--persist-to", stateDir, "--log-level", "error", "--show-interactive-dev-session=false",
      ]);
      // The app's own log lines would drown the numbers.
      child.stdout?.removeAllListeners("data");
      child.stderr?.removeAllListeners("data");
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
