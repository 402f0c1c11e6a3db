/**
 * Every bad request gets a plain answer: a property-based fuzz of every action, generated
 * from the server build's route list (a route with an action and no spec in specs.ts fails
 * the first test). For every action and intent — and no intent, an unknown one, a doubled
 * one — fast-check sends random and hostile values as the owner, a member, a stranger and
 * someone signed out, and each answer must be: no 5xx; no stack trace or internal word; a
 * refusal (4xx) in plain words; and, when refused (or sent to the wrong address, or by
 * someone with no business there), nothing changed in D1 or on the OpenBerth servers.
 *
 * Runs: FUZZ_BASE_RUNS per case here (npm test); `npm run fuzz` sets VITE_FUZZ_RUNS=20 for
 * twenty times as many. The seed is printed on failure; replay with VITE_FUZZ_SEED=<seed>.
 * The tally per action is printed at the end (with --silent=false) and is in the last
 * test's message.
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import * as build from "virtual:react-router/server-build";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessKeyChangeSchemas } from "../../../app/forms/access-key-forms";
import { notificationSchemas } from "../../../app/forms/notification-forms";
import { sandboxChangeSchemas } from "../../../app/forms/sandbox-forms";
import { peopleSchemas } from "../../../app/forms/people-forms";
import { allTallies, judge, tallyOf, tallyTable } from "./answers";
import { KNOWN_DEFECTS, knownDefectFor } from "./known-defects";
import { describePlan, materialize, type Plan, wrongAddress } from "./plans";
import { ABUSE, EXCLUDED, SPECS, type ActionSpec } from "./specs";
import { buildWorld, differences, type FuzzWorld, repair, snapshot, type Snapshot } from "./world";

/** Cases per intent in `npm test`; `npm run fuzz` multiplies it by VITE_FUZZ_RUNS (20). */
const FUZZ_BASE_RUNS = 6;
const SCALE = Math.max(1, Math.floor(Number(import.meta.env.VITE_FUZZ_RUNS ?? 1)) || 1);
const RUNS = FUZZ_BASE_RUNS * SCALE;
const SEED = Number(import.meta.env.VITE_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);
/** Shrinking replays requests against a world that moved on; off unless asked for. */
const SHRINK = import.meta.env.VITE_FUZZ_SHRINK === "1";

let world: FuzzWorld;
/** The world as it stood after the last case (what a refusal must leave as it is). */
let current: Snapshot;

beforeAll(async () => {
  world = await buildWorld();
  current = await snapshot(world);
  console.log(`[fuzz] seed ${SEED}, ${RUNS} cases per intent (replay with VITE_FUZZ_SEED=${SEED})`);
}, 120_000);

afterAll(() => {
  console.log(`[fuzz] seed ${SEED}\n${tallyTable()}`);
});

// ---------------------------------------------------------------------------------------
// The spec table covers every action and every intent.

const routeSources = import.meta.glob("../../../app/routes/*.{ts,tsx}", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;
/** Schema maps that actions pass to readIntentForm by name. */
const NAMED_SCHEMAS: Record<string, Record<string, unknown>> = {
  accessKeyChangeSchemas,
  sandboxChangeSchemas,
  notificationSchemas,
  peopleSchemas,
};

/** The intents a route's action reads (its readIntentForm map) and its forms send (hidden intent inputs). */
function intentsOf(routeId: string): { intents: string[]; unknownMap?: string } {
  const source = routeSources[`../../../app/${routeId}.tsx`] ?? routeSources[`../../../app/${routeId}.ts`] ?? "";
  const intents = new Set([...source.matchAll(/name="intent" value="([^"]+)"/g)].map((m) => m[1]!));
  const inline = /readIntentForm\(request,\s*\{([\s\S]*?)\}\s*\)/.exec(source);
  if (inline) for (const m of inline[1]!.matchAll(/(?:^|[,{\s])"?([\w-]+)"?\s*:/g)) intents.add(m[1]!);
  const named = /readIntentForm\(request,\s*(\w+)\s*\)/.exec(source)?.[1];
  if (named) {
    if (!NAMED_SCHEMAS[named]) return { intents: [...intents], unknownMap: named };
    for (const key of Object.keys(NAMED_SCHEMAS[named])) intents.add(key);
  }
  return { intents: [...intents] };
}

describe("the fuzz spec table", () => {
  const routes = build.routes as Record<string, { path?: string; module: { action?: unknown } } | undefined>;
  const withAction = Object.entries(routes)
    .filter(([, r]) => typeof r?.module.action === "function")
    .map(([id]) => id)
    .sort();

  it("has a spec for every route with an action (or a reason it is left out)", () => {
    const specified = new Set([...SPECS.map((s) => s.route), ...EXCLUDED.map((e) => e.route)]);
    expect(
      withAction.filter((id) => !specified.has(id)),
      "routes with an action but no fuzz spec: add one to tests/integration/fuzz/specs.ts",
    ).toEqual([]);
    expect(
      [...specified].filter((id) => !withAction.includes(id)),
      "specs for routes that have no action (any more)",
    ).toEqual([]);
    for (const e of EXCLUDED)
      expect(routes[e.route]?.path, `only test controls may be left out (${e.route})`).toMatch(/^__test\//);
  });

  it("has a case for every intent each action reads or its forms send", () => {
    const missing: string[] = [];
    for (const spec of SPECS) {
      const { intents, unknownMap } = intentsOf(spec.route);
      if (unknownMap)
        missing.push(`${spec.route}: readIntentForm(request, ${unknownMap}) — add it to NAMED_SCHEMAS in actions.test.ts`);
      for (const intent of intents) if (!(intent in spec.cases)) missing.push(`${spec.route}: intent "${intent}"`);
    }
    expect(missing, "intents without a fuzz case in tests/integration/fuzz/specs.ts").toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// The fuzz itself.

/** Stable per case, so each property draws its own values from the one seed. */
function seedFor(name: string): number {
  let h = SEED >>> 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return h & 0x7fffffff;
}

/** Never answers yes to deleting the target workspace: the world must outlive the suite. */
function keepTheWorld(spec: ActionSpec, plan: Plan): Plan {
  if (plan.body.kind !== "form" || !WORKSPACE_DELETERS.has(spec.route)) return plan;
  const entries = plan.body.entries.map(([k, v]): (typeof plan.body.entries)[number] =>
    k === "confirmed" && v.kind === "text" && v.text === "yes" ? [k, { kind: "text", text: "yes-not" }] : [k, v],
  );
  return { ...plan, body: { ...plan.body, entries } };
}
/** The routes whose "delete" is the workspace itself. */
const WORKSPACE_DELETERS = new Set(["routes/workspace", "routes/workspace-settings"]);

/** Why a case must leave everything as it was, if it must. */
function mustStayBecause(spec: ActionSpec, plan: Plan, outcome: string): string | null {
  if (outcome !== "accepted") return `it was refused`;
  if (plan.method !== "POST") return `it was a ${plan.method}`;
  // The infra service's webhook is not a form: it carries no Origin, its signature is what counts.
  if (plan.origin !== "ours" && spec.scope !== "webhook")
    return `the form came from ${plan.origin === "none" ? "nowhere" : "another site"}`;
  if (wrongAddress(plan, spec.about)) return "it was sent to an address that is not the target's own";
  if (spec.scope === "workspace" && (plan.who === "stranger" || plan.who === "nobody"))
    return `it came from ${plan.who === "nobody" ? "someone signed out" : "a stranger"}`;
  return null;
}

async function runCase(spec: ActionSpec, caseName: string, generated: Plan): Promise<void> {
  const tally = tallyOf(spec.route);
  tally.cases++;
  const plan = keepTheWorld(spec, generated);
  const path = spec.path(plan, world);
  const m = await materialize(plan, world, path, { disposable: spec.disposableSession });
  const res = await m.client.fetch(m.url, m.init);
  const body = await res.text();
  const verdict = judge(res, body, m.echoes, spec.redirectOrigins?.() ?? []);

  const after = await snapshot(world, { server: spec.scope === "workspace" });
  const because = mustStayBecause(spec, plan, verdict.outcome);
  const before = Object.fromEntries(Object.keys(after).map((k) => [k, current[k]]));
  const changes = because ? differences(before, after) : [];
  const problems = [...verdict.problems, ...(changes.length > 0 ? [`changed although ${because}: ${changes.join("; ")}`] : [])];

  const known = problems.length > 0 ? knownDefectFor(spec.route, plan, problems) : undefined;
  if (verdict.outcome === "accepted") tally.accepted++;
  if (verdict.outcome === "refused") tally.refused++;
  if (known) tally.knownDefect++;
  else {
    if (verdict.outcome === "server error") tally.serverErrors++;
    if (verdict.problems.some((p) => p.startsWith("refused with"))) tally.refusedWithoutMessage++;
    if (verdict.problems.some((p) => p.startsWith("stack trace") || p.startsWith("internal word"))) tally.leaks++;
    if (changes.length > 0) tally.changedWhenRefused++;
  }

  // The next case starts from the world as it is now, put back where a fixture went.
  if (verdict.outcome === "accepted" || changes.length > 0) {
    await repair(world);
    current = await snapshot(world);
  } else {
    Object.assign(current, after);
  }

  if (problems.length === 0 || known) return;
  throw new Error(
    `${spec.route} · ${caseName}\n  request: ${describePlan(plan, m.url)}\n  answer: ${res.status}${verdict.message ? ` "${verdict.message}"` : ""}\n  ${problems.join("\n  ")}`,
  );
}

for (const spec of SPECS) {
  describe(`fuzz ${spec.route}`, () => {
    for (const [caseName, plans] of Object.entries(spec.cases)) {
      it(
        caseName === ABUSE ? caseName : `intent ${caseName}`,
        async () => {
          const seed = seedFor(`${spec.route} ${caseName}`);
          const details = await fc.check(
            fc.asyncProperty(plans, (plan) => runCase(spec, caseName, plan)),
            { seed, numRuns: RUNS, endOnFailure: !SHRINK },
          );
          if (details.failed) {
            const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
            throw new Error(
              `${error}\n  fast-check seed ${details.seed}, path "${details.counterexamplePath}" after ${details.numRuns} runs; ` +
                `replay the suite with VITE_FUZZ_SEED=${SEED}`,
            );
          }
        },
        Math.max(30_000, RUNS * 4_000),
      );
    }
  });
}

// ---------------------------------------------------------------------------------------
// Defects found and not fixed yet: each one reproduced, expected to fail until it is fixed.

if (KNOWN_DEFECTS.length > 0)
  describe("known defects (expected to fail until fixed)", () => {
    for (const defect of KNOWN_DEFECTS) it.fails(`${defect.id}: ${defect.title}`, () => defect.reproduce(world), 30_000);
  });

// ---------------------------------------------------------------------------------------

it("tally: no 5xx, no refusal without a message, no leak, nothing changed on a refusal", () => {
  const totals = allTallies().reduce(
    (sum, [, t]) => ({
      serverErrors: sum.serverErrors + t.serverErrors,
      refusedWithoutMessage: sum.refusedWithoutMessage + t.refusedWithoutMessage,
      leaks: sum.leaks + t.leaks,
      changedWhenRefused: sum.changedWhenRefused + t.changedWhenRefused,
    }),
    { serverErrors: 0, refusedWithoutMessage: 0, leaks: 0, changedWhenRefused: 0 },
  );
  // Cases that matched a known defect are counted in its own column, not in these.
  expect(totals, `seed ${SEED}\n${tallyTable()}`).toEqual({
    serverErrors: 0,
    refusedWithoutMessage: 0,
    leaks: 0,
    changedWhenRefused: 0,
  });
});
