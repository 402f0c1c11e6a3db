/**
 * `npm run dev`: prepares local data (secrets, master keyring, migrations), starts every
 * stand-in, then the app with live reload on http://localhost:5173.
 */
import { localWorld } from "./local-world.ts";
import { prepareLocal } from "./lib/prepare-local.ts";
import { assertPortsFree, start, stop as stopProcess, waitForPort } from "./lib/processes.ts";

const world = localWorld("dev");
await assertPortsFree({
  app: world.appPort,
  "Google sign-in stand-in": world.googlePort,
  "infra stand-in": world.infraPort,
  "OpenBerth stand-in": world.openberthPort,
  "Stripe stand-in": world.stripePort,
  "Resend stand-in": world.resendPort,
  "notification receiver": world.notificationPort,
});
console.log("Preparing local data…");
await prepareLocal(world);

const children = [start("stand-ins", "node", ["emulators/main.ts", "--profile", "dev"])];
for (const port of [
  world.googlePort,
  world.infraPort,
  world.openberthPort,
  world.stripePort,
  world.resendPort,
  world.notificationPort,
])
  await waitForPort(port);
children.push(start("app", "npx", ["vite", "dev"], { HARBOR_PROFILE: "dev", HARBOR_TEST_CONTROLS: "1" }));
await waitForPort(world.appPort, 60_000);
console.log(
  `\nHarbor is running: http://localhost:${world.appPort}\nDev inbox (every email sent): http://localhost:${world.resendPort}/inbox\nNotification receiver (your own service and Slack, locally): http://localhost:${world.notificationPort}/\n`,
);

const stop = () => {
  for (const child of children) stopProcess(child);
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const child of children)
  child.on("exit", (code) => code && code !== 0 && (console.error("a process stopped; shutting down"), stop()));
