import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/clock";
import { advanceClock, getClockOffset, now, resetClock, setClockOffset } from "../../../domain/clock";
import { assertTestControls, readInput } from "../../.server/test-controls/guard";

/** GET: the app's "now". POST: {advanceMs} | {setTo: ISO date} | {reset: true}. */
export function loader() {
  assertTestControls();
  return Response.json({ now: now().toISOString(), offsetMs: getClockOffset() });
}

const input = z.union([
  z.object({ advanceMs: z.coerce.number().finite() }),
  z.object({ setTo: z.iso.datetime() }),
  z.object({ reset: z.union([z.literal(true), z.literal("true")]) }),
]);

export async function action({ request }: Route.ActionArgs) {
  assertTestControls();
  const parsed = input.safeParse(await readInput(request));
  if (!parsed.success) return data({ error: "expected advanceMs, setTo or reset" }, { status: 400 });
  const body = parsed.data;
  if ("advanceMs" in body) advanceClock(body.advanceMs);
  else if ("setTo" in body) setClockOffset(new Date(body.setTo).getTime() - Date.now());
  else resetClock();
  return Response.json({ now: now().toISOString(), offsetMs: getClockOffset() });
}
