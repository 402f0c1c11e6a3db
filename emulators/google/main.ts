/**
 * Runs the Google stand-in on its own:
 *
 *   npx node emulators/google/main.ts --port 4010 [--host 127.0.0.1] [--client-id harbor-local]
 *
 * --client-id (or GOOGLE_STANDIN_CLIENT_ID) makes it refuse every other client, as Google
 * refuses unknown ones.
 */
import { parseArgs } from "node:util";
import { startGoogleStandIn } from "./google-server.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "client-id": { type: "string" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`google stand-in: --port must be a whole number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}

const standIn = await startGoogleStandIn({ port, host: values.host, clientId: values["client-id"] });
console.log(`google stand-in listening on ${standIn.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    standIn.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("google stand-in: failed to close cleanly", error);
        process.exit(1);
      },
    );
  });
}
