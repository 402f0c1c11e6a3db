import type { Route } from "./+types/healthz";
import { getRequestContext } from "../../server/bindings/request-context";

/** Liveness for monitors: 200 when D1 answers, 503 when it cannot. */
export async function loader({ context }: Route.LoaderArgs) {
  const { env, log } = getRequestContext(context);
  const headers = { "Cache-Control": "no-store" };
  try {
    await env.DB.prepare("SELECT 1").first();
    return Response.json({ status: "ok", checks: { database: "ok" } }, { headers });
  } catch (error) {
    log.error("health.database_unreachable", { error });
    return Response.json({ status: "unavailable", checks: { database: "unreachable" } }, { status: 503, headers });
  }
}
