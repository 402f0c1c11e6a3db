import { data } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/d1-faults";
import { assertTestControls, readInput } from "../../.server/test-controls/guard";
import { clearD1Faults, d1FaultsStatus, setD1Faults } from "../../../server/test-controls/d1-faults";

/**
 * GET: the D1 faults in force. POST (JSON): {delayMs?: [min, max], seed?, failMatching?,
 * failTimes?} replaces them; `{}` clears them (app/.server/test-controls/d1-faults.ts).
 */
export function loader() {
  assertTestControls();
  return Response.json(d1FaultsStatus());
}

const input = z
  .object({
    delayMs: z
      .tuple([z.number().min(0).max(60_000), z.number().min(0).max(60_000)])
      .refine(([min, max]) => min <= max, "min > max"),
    seed: z.number().int(),
    failMatching: z.string().min(1).max(1_000),
    failTimes: z.number().int().min(0),
  })
  .partial()
  .strict();

export async function action({ request }: Route.ActionArgs) {
  assertTestControls();
  const parsed = input.safeParse(await readInput(request));
  if (!parsed.success)
    return data({ error: "expected {delayMs?: [min, max], seed?, failMatching?, failTimes?}" }, { status: 400 });
  return Response.json(Object.keys(parsed.data).length === 0 ? clearD1Faults() : setD1Faults(parsed.data));
}
