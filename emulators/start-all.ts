/**
 * Starts every local stand-in for one profile in this process. Used by `npm run dev`
 * (through emulators/main.ts), by the vitest global setup and by Playwright.
 * Stand-ins are test infrastructure: production code never imports them.
 */
import type { LocalWorld } from "../scripts/local-world.ts";
import { startGoogleStandIn } from "./google/google-server.ts";

export interface RunningStandIns {
  google: { url: string };
  close(): Promise<void>;
}

export async function startStandIns(world: LocalWorld): Promise<RunningStandIns> {
  const google = await startGoogleStandIn({ port: world.googlePort });
  return {
    google,
    async close() {
      await google.close();
    },
  };
}
