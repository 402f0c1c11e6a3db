/**
 * Defects the fuzz suite found and application code has not fixed yet. Each is reproduced
 * by one `it.fails` in actions.test.ts (so the suite stays green while the defect is
 * visible, and turns red — "expected to fail" — the day it is fixed: then delete its
 * entry); the fuzz properties count a case that matches one as "known defect" instead of
 * failing on it. Keep the matchers narrow: a new problem must not hide behind an old one.
 */
import { expect } from "vitest";
import { refusalMessage } from "./answers";
import { JARGON, STACK } from "./hostile";
import type { Plan } from "./plans";
import type { FuzzWorld } from "./world";

export interface KnownDefect {
  id: string;
  /** What is wrong, in a line: request → answer. */
  title: string;
  /** The actions it shows in ("*": any — it is not about one route's own code). */
  routes: "*" | readonly string[];
  /** Whether this case's problems are this defect (and nothing else). */
  matches(plan: Plan, problems: readonly string[]): boolean;
  /** Sends the request and asserts the right behaviour: fails while the defect is there. */
  reproduce(world: FuzzWorld): Promise<void>;
}

const only = (problems: readonly string[], pattern: RegExp) => problems.length > 0 && problems.every((p) => pattern.test(p));

// None open. The last four (React Router's internal words in the data of our 405/404 pages;
// Better Auth's empty 404s and library wording) were fixed in server/http/route-target.ts
// and server/auth/plain-refusals.ts, and are tested in hostile-requests.test.ts.
export const KNOWN_DEFECTS: KnownDefect[] = [];

export function knownDefectFor(route: string, plan: Plan, problems: readonly string[]): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((d) => (d.routes === "*" || d.routes.includes(route)) && d.matches(plan, problems));
}
