import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/coordinator-load";
import { getRequestContext } from "../../../server/bindings/request-context";
import { assertTestControls, readInput } from "../../.server/test-controls/guard";

/**
 * The bench's coordinator load (test builds only): for each workspace, `eventsPerWorkspace`
 * infra events with rising sequences, ALL sent to the coordinators at once (no queue in
 * between). Answers how long it took and how long each applyInfraEvent call took.
 */
const input = z.object({
  workspaceIds: z.array(z.string().min(1).max(100)).min(1).max(1_000),
  eventsPerWorkspace: z.number().int().min(1).max(5_000),
});
const STATES = ["draining", "stopped", "booting", "running"];
const ULID = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const BENCH_TRACE_ID = "be4c4be4c4be4c4be4c4be4c4be4c4b0";

export async function action({ request, context }: Route.ActionArgs) {
  assertTestControls();
  const rc = getRequestContext(context);
  const parsed = input.safeParse(await readInput(request));
  if (!parsed.success) return data({ error: "workspaceIds and eventsPerWorkspace are required" }, { status: 400 });
  const { workspaceIds, eventsPerWorkspace } = parsed.data;
  const calls: (() => Promise<number>)[] = [];
  let serial = Date.now() * 1_000;
  for (const workspaceId of workspaceIds) {
    const stub = rc.coordinator(workspaceId);
    const { record } = await stub.snapshot().catch(() => ({ record: null }));
    const resourceId =
      record?.infraResourceId ??
      `inst_${workspaceId
        .replace(/[^0-9a-z]/g, "")
        .slice(-26)
        .padStart(26, "0")}`;
    const base = record?.infraSequence ?? 1;
    for (let i = 1; i <= eventsPerWorkspace; i++) {
      const event = {
        eventId: eventIdFor(serial++),
        resourceId,
        workspaceId,
        sequence: base + i,
        state: STATES[i % STATES.length]!,
        occurredAt: new Date().toISOString(),
      };
      calls.push(async () => {
        const started = performance.now();
        await stub.applyInfraEvent(event, BENCH_TRACE_ID);
        return performance.now() - started;
      });
    }
  }
  const started = performance.now();
  const latencies = (await Promise.all(calls.map((call) => call()))).sort((a, b) => a - b);
  const wallMs = performance.now() - started;
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return Response.json({
    events: latencies.length,
    wallMs: Math.round(wallMs),
    perSecond: Math.round((latencies.length / wallMs) * 1_000),
    p50: at(0.5),
    p99: at(0.99),
  });
}

function eventIdFor(n: number): string {
  let out = "";
  for (let i = 0; i < 26; i++, n = Math.floor(n / 32)) out = ULID[n % 32] + out;
  return out;
}
