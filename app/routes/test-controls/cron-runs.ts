import type { Route } from "./+types/cron-runs";
import { getRequestContext } from "../../../server/bindings/request-context";
import { listRecentCronRuns } from "../../../server/repositories/cron-runs";
import { assertTestControls } from "../../.server/test-controls/guard";

/** GET: the latest cron runs, newest first. */
export async function loader({ context }: Route.LoaderArgs) {
  assertTestControls();
  return Response.json({ runs: await listRecentCronRuns(getRequestContext(context).db) });
}
