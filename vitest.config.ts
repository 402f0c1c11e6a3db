import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vitest/config";
import { localVars, localWorld } from "./scripts/local-world.ts";

// The workerd project builds the app with its test controls (app/routes.ts reads this).
process.env.HARBOR_TEST_CONTROLS = "1";
const world = localWorld("test");

export default defineConfig({
  test: {
    // React Router's plugin leaves its route-typegen file watcher open in vitest; do
    // not wait the default 10 s for it on the way out.
    teardownTimeout: 1_000,
    // The Worker's structured logs are for tests that read them; show them only for failures.
    silent: "passed-only",
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          // One worker reused across files (14 s less on 2 cores): unit tests keep no state
          // between files (the clock is reset after each test that moves it).
          isolate: false,
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        plugins: [
          reactRouter(),
          cloudflareTest(async () => ({
            main: "./workers/app.ts",
            wrangler: { configPath: "./wrangler.jsonc" },
            miniflare: {
              bindings: {
                ...localVars(world),
                TEST_MIGRATIONS: await readD1Migrations("./drizzle/migrations"),
                // Lets tests/integration/migrations.test.ts replay a failing seed.
                ...(process.env.MIGRATION_TEST_SEED ? { MIGRATION_TEST_SEED: process.env.MIGRATION_TEST_SEED } : {}),
              },
              // A scratch database for tests/integration/migrations.test.ts, which empties it
              // between runs: the app's DB is never touched.
              d1Databases: ["MIGRATION_DB"],
              // Two retries instead of 10 / 5, so a failing message reaches the dead-letter
              // queue within a test. Each entry replaces wrangler.jsonc's whole entry (miniflare
              // merges per queue), so the rest of it is restated.
              queueConsumers: {
                "harbor-infra-events": {
                  maxBatchSize: 50,
                  maxBatchTimeout: 0.1,
                  maxRetries: 2,
                  deadLetterQueue: "harbor-dead-letters",
                },
                // Batches wait a tenth of a second, not a whole one, in tests: every step of a
                // workspace's or a billing story waits for them.
                "harbor-billing-events": {
                  maxBatchSize: 20,
                  maxBatchTimeout: 0.1,
                  maxRetries: 2,
                  deadLetterQueue: "harbor-dead-letters",
                },
                "harbor-email-jobs": {
                  maxBatchSize: 20,
                  maxBatchTimeout: 0.1,
                  maxRetries: 3,
                  deadLetterQueue: "harbor-dead-letters",
                },
                "harbor-reconcile-jobs": {
                  maxBatchSize: 100,
                  maxBatchTimeout: 1,
                  maxRetries: 2,
                  deadLetterQueue: "harbor-dead-letters",
                },
              },
            },
          })),
        ],
        define: { __HARBOR_TEST_CONTROLS__: "true" },
        // Without these conditions the pool would load packages' Node builds, and tests
        // would pass with code that fails in production.
        ssr: { resolve: { conditions: ["workerd", "worker", "module", "import", "default"] } },
        test: {
          name: "workerd",
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["./tests/integration/setup/apply-migrations.ts"],
          globalSetup: ["./tests/support/vitest-stand-ins.ts"],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // The stand-ins (one infra service, one OpenBerth fleet) are shared by every file,
          // and the reconciler acts on everything the infra service holds: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});
