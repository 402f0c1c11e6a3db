/**
 * `npm test`: every test layer, from a clean local test world.
 *   1. typecheck
 *   2. unit tests (Node) and integration tests inside workerd (vitest)
 *   3. build the app twice: the test build (with local test controls) and the
 *      production build (without), then the browser journeys (Playwright, Chromium)
 * The benchmark is separate (`npm run bench`).
 */
import { existsSync, rmSync } from "node:fs";
import { execSync } from "node:child_process";
import { localWorld } from "./local-world.ts";
import { prepareLocal } from "./lib/prepare-local.ts";
import { assertPortsFree, run } from "./lib/processes.ts";
import { buildForBrowserTests } from "./lib/build-for-browser-tests.ts";

const world = localWorld("test");
const timings: [string, number][] = [];
async function step(name: string, fn: () => Promise<void>) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  await fn();
  timings.push([name, Date.now() - started]);
}

try {
  await step("browser", async () => ensureChromium());
  await step("ports", () =>
    assertPortsFree({
      app: world.appPort,
      "production build": world.prodAppPort,
      "Google stand-in": world.googlePort,
      "infra stand-in": world.infraPort,
      "OpenBerth stand-in": world.openberthPort,
      "Stripe stand-in": world.stripePort,
      "Resend stand-in": world.resendPort,
    }),
  );
  await step("local test data", async () => {
    rmSync(".local/test", { recursive: true, force: true });
    await prepareLocal(world);
    await prepareLocal(world, `${world.stateDir}-prod`);
  });
  await step("typecheck", () => run("npm", ["run", "--silent", "typecheck"]));
  await step("unit + workerd integration tests", () => run("npx", ["vitest", "run"]));
  await step("build (test controls) + build (production)", () => buildForBrowserTests(world));
  await step("browser journeys (Playwright)", () => run("npx", ["playwright", "test"]));
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : error}`);
  process.exit(1);
} finally {
  console.log("\nTimings:");
  for (const [name, ms] of timings) console.log(`  ${name.padEnd(48)} ${(ms / 1000).toFixed(1)} s`);
}

/** Playwright drives Debian's Chromium; a browser download is not possible here. */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (existsSync(path)) return;
  const root = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (!root || !hasApt) {
    throw new Error(`Chromium is missing at ${path}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  console.log("Installing Chromium from Debian (apt-get install -y chromium)…");
  execSync("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium", { stdio: "inherit" });
}
