/**
 * Rules with one home (README, "Where each rule lives"): a copy of one of them anywhere
 * else in the app fails here with the file and the line, before the copies can disagree.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SCANNED = ["app", "domain", "server", "workers", "drizzle"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const FILES = SCANNED.flatMap((dir) => sourceFiles(path.join(ROOT, dir))).map((file) => ({
  file: path.relative(ROOT, file),
  lines: readFileSync(file, "utf8").split("\n"),
}));

/** Lines matching `pattern` outside `home` (comments included: a copy in a comment drifts too). */
function copiesOf(pattern: RegExp, home: string): string[] {
  return FILES.filter(({ file }) => file !== home).flatMap(({ file, lines }) =>
    lines.flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe("each rule has one home", () => {
  it.each([
    ["is this a trial (isTrialPlan, trialPlanIds)", /family\s*===\s*["']trial["']|["']trial@/, "domain/plans/catalog.ts"],
    ["the trial countdown (trialCountdown)", /\btrialStatus\(/, "domain/trial.ts"],
    ["the OpenBerth id format (isOpenBerthId)", /0-9a-v/, "domain/openberth/ids.ts"],
    ["the access key name format (ACCESS_KEY_NAME)", /A-Za-z0-9\]\[A-Za-z0-9\._-\]/, "domain/openberth/ids.ts"],
    ["who put a deployment online (deploymentStatus)", /Harbor dashboard|Someone with an access key/, "domain/vocabulary/common.ts"],
    [
      "whether a deployment is online (deploymentStatus)",
      /status === "running" \|\| \w+\.status === "updating"/,
      "domain/openberth/deployment-status.ts",
    ],
    ["live refresh for a workspace (isChanging)", /(?<!function )\bisTransitional\(/, "domain/lifecycle/lifecycle-decisions.ts"],
  ])("%s", (_rule, pattern, home) => {
    expect(copiesOf(pattern, home)).toEqual([]);
  });

  it("the check sees a copy", () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(copiesOf(/export function isTrialPlan/, "nowhere")).toHaveLength(1);
  });
});
