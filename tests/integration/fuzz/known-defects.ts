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

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    id: "layout-405-leaks-router-error",
    title:
      "a POST to an address whose route has no action (/workspaces/<slug> without ?index, …/deployments/..) answers our 405 page, " +
      'but its streamed data carries React Router\'s internal "Error: You made a POST request to … but did not provide an `action` for route \"routes/workspace-layout\""',
    routes: "*",
    matches: (_plan, problems) => only(problems, /^stack trace or internal error in the body: .*You made a [A-Z]+ request to/),
    async reproduce(world) {
      const res = await world.people.owner.client.fetch(`/workspaces/${world.target.slug}`, {
        form: { intent: "rename", name: "Nope" },
      });
      const body = await res.text();
      expect(res.status).toBe(405);
      expect(body).not.toMatch(STACK);
    },
  },
  {
    id: "no-route-leaks-router-error",
    title:
      "a POST to an address with a line separator in it (/zz-nowhere/%E2%80%A8: the splat route's pattern doesn't match U+2028/U+2029) answers our 404 page, " +
      'but its streamed data carries React Router\'s internal "Error: No route matches URL \"/zz-nowhere/…\""',
    routes: "*",
    matches: (_plan, problems) => only(problems, /^stack trace or internal error in the body: .*No route matches URL/),
    async reproduce(world) {
      const res = await world.people.owner.client.fetch("/zz-nowhere/%E2%80%A8", { form: { intent: "x" } });
      const body = await res.text();
      expect(res.status).toBe(404);
      expect(body).not.toMatch(STACK);
    },
  },
  {
    id: "auth-404-empty",
    title:
      "POST /api/auth/<an endpoint Better Auth doesn't have> (also /api/auth/, /api/auth/sign-in/oauth2) answers 404 with an empty body and no content type",
    routes: ["routes/api-auth"],
    matches: (_plan, problems) => only(problems, /^refused with 404 and no message/),
    async reproduce(world) {
      const res = await world.people.owner.client.fetch("/api/auth/no-such-endpoint", { json: {} });
      const body = await res.text();
      expect(res.status).toBe(404);
      expect(refusalMessage(body, res.headers.get("content-type") ?? ""), "a message saying what is wrong").toBeTruthy();
    },
  },
  {
    id: "auth-library-words",
    title:
      "Better Auth's own refusals on /api/auth/* are in the library's words: POST /api/auth/revoke-session {} → 400 " +
      '{"message":"[body.token] Invalid input: expected string, received undefined","code":"VALIDATION_ERROR"}; without an Origin → 403 "Missing or null Origin"',
    routes: ["routes/api-auth"],
    matches: (_plan, problems) => only(problems, /^internal word "[^"]*" in: .*(?:\[body|\\"code\\":)/),
    async reproduce(world) {
      const res = await world.people.owner.client.fetch("/api/auth/revoke-session", { json: {} });
      const body = await res.text();
      expect(res.status).toBe(400);
      expect(body).not.toMatch(JARGON);
    },
  },
];

export function knownDefectFor(route: string, plan: Plan, problems: readonly string[]): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((d) => (d.routes === "*" || d.routes.includes(route)) && d.matches(plan, problems));
}
