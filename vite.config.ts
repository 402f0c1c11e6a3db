import { cloudflare } from "@cloudflare/vite-plugin";
import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";
import { isProfile, localVars, localWorld, ROOT } from "./scripts/local-world.ts";
import { longAddresses } from "./scripts/vite/long-addresses.ts";
import { serverStaysOnServer } from "./scripts/vite/server-stays-on-server.ts";

// HARBOR_PROFILE (dev | test | bench) points the Worker at the local stand-ins and keeps
// that profile's data apart. Without it (`npm run build` for deployment) the Worker
// keeps wrangler.jsonc's production addresses.
const profile = process.env.HARBOR_PROFILE;
const world = isProfile(profile) ? localWorld(profile) : null;
const appPort = Number(process.env.PORT ?? world?.appPort ?? 5173);

export default defineConfig(({ command }) => ({
  plugins: [
    cloudflare({
      viteEnvironment: { name: "ssr" },
      persistState: world ? { path: process.env.HARBOR_STATE_DIR ?? world.stateDir } : true,
      config: world
        ? (config) => {
            // The test world's queues hand over batches in a tenth of a second (production: 1 s),
            // so browser journeys don't wait a second at every step. (Changed in place: a
            // returned list would be added to wrangler.jsonc's, not put in its place.)
            if (world.profile === "test") for (const consumer of config.queues?.consumers ?? []) consumer.max_batch_timeout = 0.1;
            return { vars: { ...config.vars, ...localVars(world, appPort) } };
          }
        : undefined,
    }),
    reactRouter(),
    serverStaysOnServer(ROOT),
    longAddresses(),
  ],
  // Dev only: pre-bundle what the server imports so the dev server does not reload
  // mid-request the first time a page pulls in a new dependency. (Setting this for a
  // build breaks the Cloudflare plugin's output.)
  ...(command === "serve" && {
    environments: {
      ssr: {
        optimizeDeps: {
          include: [
            "react",
            "react/jsx-runtime",
            "react/jsx-dev-runtime",
            "react-dom",
            "react-dom/server",
            "react-router",
            "isbot",
            "zod",
            "drizzle-orm",
            "drizzle-orm/d1",
            "drizzle-orm/sqlite-core",
            "better-auth/minimal",
            "better-auth/adapters/drizzle",
            "better-auth/plugins/generic-oauth",
          ],
        },
      },
    },
  }),
  define: {
    // Compile-time switch for the local test controls (move the clock, reset data): on
    // for `npm run dev` and the test build, off in `npm run build`, where the bundler
    // then drops them (app/routes.ts does not even register their routes).
    __HARBOR_TEST_CONTROLS__: JSON.stringify(process.env.HARBOR_TEST_CONTROLS === "1"),
  },
  server: { port: appPort, strictPort: true },
  preview: { port: appPort, strictPort: true },
}));
