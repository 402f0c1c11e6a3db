/** `node emulators/main.ts --profile dev`: run every stand-in until interrupted. */
import { parseArgs } from "node:util";
import { isProfile, localWorld } from "../scripts/local-world.ts";
import { startStandIns } from "./start-all.ts";

const { values } = parseArgs({ options: { profile: { type: "string", default: "dev" } } });
if (!isProfile(values.profile)) throw new Error(`unknown profile ${values.profile}`);
const world = localWorld(values.profile);
const running = await startStandIns(world);
console.log(
  `stand-ins ready: Google sign-in ${running.google.url} · infra service ${running.infra.url} · OpenBerth servers ${running.openberth.url} · Stripe ${running.stripe.url} · Resend ${running.resend.url} (dev inbox ${running.resend.url}/inbox)`,
);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await running.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
