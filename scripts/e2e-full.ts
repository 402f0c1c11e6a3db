/**
 * `npm run e2e:full`: the newcomer journey and the every-page check in the full matrix —
 * JavaScript on and off × desktop and a 390 × 844 phone — with a screenshot of every step
 * kept in .local/e2e-full/ (the artifacts). `npm test` runs the journey at desktop only and
 * the every-page check at phone width only.
 */
import { rmSync } from "node:fs";
import { localWorld } from "./local-world.ts";
import { prepareLocal } from "./lib/prepare-local.ts";
import { run } from "./lib/processes.ts";
import { buildForBrowserTests } from "./lib/build-for-browser-tests.ts";

const world = localWorld("test");
rmSync(".local/test", { recursive: true, force: true });
await prepareLocal(world);
await prepareLocal(world, `${world.stateDir}-prod`);
await buildForBrowserTests(world);
try {
  await run("npx", ["playwright", "test", "tests/e2e/newcomer.spec.ts", "tests/e2e/every-page.spec.ts"], {
    env: { HARBOR_E2E_FULL: "1" },
  });
} finally {
  console.log("\nScreenshots and traces: .local/e2e-full/");
}
