import type { Config } from "@react-router/dev/config";

export default {
  ssr: true,
  // The test build (with local test controls) sits beside the production build.
  buildDirectory: process.env.HARBOR_BUILD_DIR ?? "build",
  future: {
    v8_viteEnvironmentApi: true,
    v8_middleware: true,
    v8_splitRouteModules: true,
    v8_passThroughRequests: true,
    v8_trailingSlashAwareDataRequests: true,
  },
} satisfies Config;
