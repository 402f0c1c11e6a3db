/**
 * The two builds the browser journeys run against: the test build (with the local test
 * controls) and the production build (without), both for the test world's ports.
 */
import type { LocalWorld } from "../local-world.ts";
import { run } from "./processes.ts";

export async function buildForBrowserTests(world: LocalWorld): Promise<void> {
  await run("npx", ["react-router", "build"], {
    quiet: true,
    env: { HARBOR_PROFILE: "test", HARBOR_TEST_CONTROLS: "1", HARBOR_BUILD_DIR: "build-test" },
  });
  await run("npx", ["react-router", "build"], {
    quiet: true,
    env: { HARBOR_PROFILE: "test", HARBOR_BUILD_DIR: "build-prod", PORT: String(world.prodAppPort) },
  });
}
