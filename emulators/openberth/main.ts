/**
 * Runs the OpenBerth emulator on its own:
 *
 *   npx node emulators/openberth/main.ts --port 4030 [--state-dir DIR] [--build-delay-ms 400]
 *       [--instance inst_demo --admin-key sc_… [--admin-user-id usr_…]]
 *
 * With --instance, that one instance is registered (the admin key must be given too).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { startOpenBerthHost } from "./host.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4030" },
    "state-dir": { type: "string" },
    "build-delay-ms": { type: "string" },
    instance: { type: "string" },
    "admin-key": { type: "string" },
    "admin-user-id": { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`openberth emulator: ${message}`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
const buildDelayMs = values["build-delay-ms"] === undefined ? undefined : Number(values["build-delay-ms"]);
if (buildDelayMs !== undefined && !(buildDelayMs >= 0)) fail("--build-delay-ms must be a number ≥ 0");
if (values.instance && !values["admin-key"]?.startsWith("sc_")) fail("--instance needs --admin-key sc_…");

const host = await startOpenBerthHost({ port, stateDir: values["state-dir"] ?? null, buildDelayMs });
if (values.instance && values["admin-key"]) {
  host.register({
    instanceId: values.instance,
    adminKey: values["admin-key"],
    adminUserId: values["admin-user-id"] ?? `usr_${randomBytes(8).toString("hex")}`,
  });
  console.log(
    `openberth emulator listening on ${host.url} (instance ${values.instance} at ${host.endpointFor(values.instance)})`,
  );
} else {
  console.log(`openberth emulator listening on ${host.url}`);
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("openberth emulator: failed to close cleanly", error);
        process.exit(1);
      },
    );
  });
}
