import { type RouteConfig, index, prefix, route } from "@react-router/dev/routes";

// Local test controls (move the clock, reset data) exist only when HARBOR_TEST_CONTROLS=1
// at build time (`npm run dev` and the test build); `npm run build` leaves them out.
const testControls =
  process.env.HARBOR_TEST_CONTROLS === "1"
    ? prefix("__test", [
        route("clock", "routes/test-controls/clock.ts"),
        route("reset", "routes/test-controls/reset.ts"),
        route("probe", "routes/test-controls/probe.ts"),
        route("cron-runs", "routes/test-controls/cron-runs.ts"),
        route("coordinator-load", "routes/test-controls/coordinator-load.ts"),
        route("d1-faults", "routes/test-controls/d1-faults.ts"),
      ])
    : [];

export default [
  index("routes/home.tsx"),
  route("sign-in", "routes/sign-in.tsx"),
  route("sign-out", "routes/sign-out.tsx"),
  route("account", "routes/account.tsx"),
  route("workspaces", "routes/workspaces.tsx"),
  route("workspaces/new", "routes/workspaces-new.tsx"),
  route("workspaces/:slug", "routes/workspace.tsx"),
  route("workspaces/:slug/deployments", "routes/deployments.tsx"),
  route("workspaces/:slug/deployments/new", "routes/deployment-new.tsx"),
  route("workspaces/:slug/deployments/:deploymentId", "routes/deployment.tsx"),
  route("workspaces/:slug/deployments/:deploymentId/logs", "routes/deployment-logs.tsx"),
  route("workspaces/:slug/deployments/:deploymentId/logs/stream", "routes/deployment-log-stream.ts"),
  route("workspaces/:slug/sandboxes/new", "routes/sandbox-new.tsx"),
  route("workspaces/:slug/sandboxes/:sandboxId", "routes/sandbox.tsx"),
  route("workspaces/:slug/people", "routes/openberth-users.tsx"),
  route("workspaces/:slug/people/:userName", "routes/openberth-user.tsx"),
  route("workspaces/:slug/secrets", "routes/secrets.tsx"),
  route("workspaces/:slug/settings", "routes/workspace-settings.tsx"),
  route("webhooks/infra", "routes/webhooks-infra.ts"),
  route("api/auth/*", "routes/api-auth.ts"),
  route("healthz", "routes/healthz.ts"),
  ...testControls,
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
