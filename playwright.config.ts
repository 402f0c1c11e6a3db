import { defineConfig, devices } from "@playwright/test";
import { localWorld } from "./scripts/local-world.ts";

/**
 * End-to-end journeys in Debian's Chromium against the BUILT app, served the way
 * production serves it (workerd running the bundle that would be deployed). The test build has
 * the local test controls; the production build (second server) must not.
 * `npm test` builds both first (scripts/test.ts).
 */
const world = localWorld("test");
const suffix = process.env.HARBOR_E2E_BUILD_SUFFIX ?? "";
const full = process.env.HARBOR_E2E_FULL === "1";
const desktop = devices["Desktop Chrome"];
/** A 390 × 844 phone (an iPhone 14's screen) in Chromium. */
const phone = { ...devices["Desktop Chrome"], viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: full ? ".local/e2e-full" : ".local/test/playwright",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never", outputFolder: ".local/test/playwright-report" }]] : "list",
  use: {
    baseURL: `http://localhost:${world.appPort}`,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  globalSetup: "./tests/e2e/support/global-setup.ts",
  projects: full
    ? // `npm run e2e:full` (scripts/e2e-full.ts): both JavaScript modes × desktop and a phone, every step photographed.
      [
        { name: "javascript", use: { ...desktop, javaScriptEnabled: true, screenshot: "on" } },
        { name: "no-javascript", use: { ...desktop, javaScriptEnabled: false, screenshot: "on" }, grepInvert: /@js-only/ },
        { name: "javascript-phone", use: { ...phone, javaScriptEnabled: true, screenshot: "on" } },
        { name: "no-javascript-phone", use: { ...phone, javaScriptEnabled: false, screenshot: "on" }, grepInvert: /@js-only/ },
      ]
    : [
        { name: "javascript", use: { ...desktop, javaScriptEnabled: true }, testIgnore: /leak-check/ },
        { name: "no-javascript", use: { ...desktop, javaScriptEnabled: false }, grepInvert: /@js-only/, testIgnore: /leak-check/ },
        // After every journey: no admin key in anything the browser got, or in Harbor's logs.
        { name: "leak-check", testMatch: /leak-check\/.*\.spec\.ts/, dependencies: ["javascript", "no-javascript"] },
      ],
  // Both builds are served by `wrangler dev` on their own output (build-*/server/wrangler.json),
  // i.e. the bundle that would be deployed, each with its own local data folder.
  webServer: [
    {
      command: "node emulators/main.ts --profile test",
      port: world.resendPort, // the last stand-in to start
      reuseExistingServer: false,
      stdout: "ignore",
    },
    // HARBOR_E2E_BUILD_SUFFIX lets two checkouts' worth of builds (own port slot each) sit side by side.
    serveBuild(`build-test${suffix}`, world.appPort, world.stateDir),
    serveBuild(`build-prod${suffix}`, world.prodAppPort, `${world.stateDir}-prod`),
  ],
});

function serveBuild(dir: string, port: number, stateDir: string) {
  // Harbor's own log lines go to a file: the leak check reads them.
  const log = `.local/test/logs/${dir}.log`;
  return {
    command: `mkdir -p .local/test/logs && npx wrangler dev -c ${dir}/server/wrangler.json --port ${port} --ip 127.0.0.1 --persist-to ${stateDir} --show-interactive-dev-session=false > ${log} 2>&1`,
    port,
    reuseExistingServer: false,
    stdout: "ignore" as const,
    timeout: 60_000,
  };
}
