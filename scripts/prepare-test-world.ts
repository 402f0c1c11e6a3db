/**
 * Makes the local test world ready for running one spec by hand (local secrets, the master
 * keyring, migrations; both builds' data folders), for the port slot in HARBOR_PORT_SLOT:
 *   HARBOR_PORT_SLOT=1 node scripts/prepare-test-world.ts && HARBOR_PORT_SLOT=1 npx playwright test …
 * `npm test` does this itself.
 */
import { localWorld } from "./local-world.ts";
import { prepareLocal } from "./lib/prepare-local.ts";

const world = localWorld("test");
await prepareLocal(world);
await prepareLocal(world, `${world.stateDir}-prod`);
console.log(`ready: ${world.stateDir}`);
