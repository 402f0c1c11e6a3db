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
        route("session", "routes/test-controls/session.ts"),
      ])
    : [];

export default [
  index("routes/home.tsx"),
  route("sign-in", "routes/sign-in.tsx"),
  route("sign-out", "routes/sign-out.tsx"),
  route("account", "routes/account.tsx"),
  route("pricing", "routes/pricing.tsx"),
  // The public pages linked from every page's footer (issue 14).
  route("help", "routes/help.tsx"),
  route("help/:guide", "routes/help-guide.tsx"),
  route("privacy", "routes/privacy.tsx"),
  route("terms", "routes/terms.tsx"),
  route("contact", "routes/contact.tsx"),
  route("account/billing", "routes/billing.tsx"),
  route("account/billing/upgrade", "routes/billing-upgrade.tsx"),
  route("account/billing/welcome", "routes/billing-welcome.tsx"),
  route("account/billing/portal", "routes/billing-portal.ts"),
  route("account/billing/returned", "routes/billing-returned.ts"),
  route("account/billing/change-plan", "routes/change-plan.tsx"),
  route("account/notifications", "routes/notifications.tsx"),
  route("workspaces", "routes/workspaces.tsx"),
  route("workspaces/new", "routes/workspaces-new.tsx"),
  // Every page of a workspace: the layout's middleware loads the account, the workspace and
  // the member's role once, and the layout shows the workspace's navigation and notice.
  route("workspaces/:slug", "routes/workspace-layout.tsx", [
    index("routes/workspace.tsx"),
    route("deployments", "routes/deployments.tsx"),
    route("deployments/new", "routes/deployment-new.tsx"),
    route("deployments/:deploymentId", "routes/deployment.tsx"),
    route("deployments/:deploymentId/logs", "routes/deployment-logs.tsx"),
    route("deployments/:deploymentId/logs/stream", "routes/deployment-log-stream.ts"),
    route("sandboxes/new", "routes/sandbox-new.tsx"),
    route("sandboxes/:sandboxId", "routes/sandbox.tsx"),
    route("access-keys", "routes/access-keys.tsx"),
    route("access-keys/:userName", "routes/access-key.tsx"),
    route("secrets", "routes/secrets.tsx"),
    route("people", "routes/people.tsx"),
    route("settings", "routes/workspace-settings.tsx"),
  ]),
  route("invitations/:token", "routes/invitation.tsx"),
  route("webhooks/infra", "routes/webhooks-infra.ts"),
  route("webhooks/stripe", "routes/webhooks-stripe.ts"),
  route("webhooks/resend", "routes/webhooks-resend.ts"),
  route("api/auth/*", "routes/api-auth.ts"),
  route("healthz", "routes/healthz.ts"),
  ...testControls,
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
