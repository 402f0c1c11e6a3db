declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    /** Scratch database of tests/integration/migrations.test.ts (vitest.config.ts). */
    MIGRATION_DB: D1Database;
    /** Optional seed override for that test (`MIGRATION_TEST_SEED=… npx vitest …`). */
    MIGRATION_TEST_SEED?: string;
  }
}
