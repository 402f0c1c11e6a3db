import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/probe";
import { getRequestContext } from "../../../server/bindings/request-context";
import type { InfraEventMessage } from "../../../server/queues/messages";
import { assertTestControls, readInput } from "../../.server/test-controls/guard";

/**
 * The wiring proof: POST (a form) enqueues a diagnostic message carrying this request's
 * trace id; the queue consumer hands it to the coordinator, which stores an effect.
 * GET ?workspaceId= reads the coordinator's effects back.
 */
const input = z.object({ workspaceId: z.string().min(1).max(100), probeId: z.string().min(1).max(100) });

export async function action({ request, context }: Route.ActionArgs) {
  assertTestControls();
  const rc = getRequestContext(context);
  const parsed = input.safeParse(await readInput(request));
  if (!parsed.success) return data({ error: "workspaceId and probeId are required" }, { status: 400 });
  const message: InfraEventMessage = { type: "diagnostic.probe", traceId: rc.traceId, ...parsed.data };
  await rc.env.INFRA_EVENTS.send(message);
  rc.log.info("probe.enqueued", { probeId: parsed.data.probeId });
  return Response.json({ enqueued: true, traceId: rc.traceId }, { status: 202 });
}

export async function loader({ request, context }: Route.LoaderArgs) {
  assertTestControls();
  const workspaceId = new URL(request.url).searchParams.get("workspaceId");
  if (!workspaceId || workspaceId.length > 100) return data({ error: "workspaceId is required" }, { status: 400 });
  const effects = await getRequestContext(context).coordinator(workspaceId).diagnosticEffects();
  return Response.json({ effects });
}
