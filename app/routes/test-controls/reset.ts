import type { Route } from "./+types/reset";
import { resetClock } from "../../../domain/clock";
import { getRequestContext } from "../../.server/context";
import { assertTestControls } from "../../.server/test-controls/guard";

/** POST: empties every table (not the migrations log) and puts the clock back. */
export async function action({ context }: Route.ActionArgs) {
  assertTestControls();
  const { env } = getRequestContext(context);
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>();
  await env.DB.batch([
    env.DB.prepare("PRAGMA defer_foreign_keys = ON"),
    ...tables.results.map((t) => env.DB.prepare(`DELETE FROM "${t.name.replaceAll('"', '""')}"`)),
  ]);
  resetClock();
  return Response.json({ reset: tables.results.map((t) => t.name) });
}
