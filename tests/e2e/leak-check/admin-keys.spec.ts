/**
 * Runs after every browser journey (its project depends on both): no workspace's
 * OpenBerth admin key may appear in anything the browser received — bodies, headers,
 * cookies, redirects, pages built from event streams — or in Harbor's own log lines.
 * It first proves it would catch one.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { localWorld } from "../../../scripts/local-world.ts";
import { TRAFFIC_DIR, type TrafficRecord } from "../support/traffic";
import { findLeaks } from "./find-leaks";

const world = localWorld("test");
const LOG_DIR = path.resolve(import.meta.dirname, "../../../.local/test/logs");

function trafficSources(records: TrafficRecord[]) {
  return records.map((r, i) => ({
    where: `${r.test} · ${r.kind} ${r.url ?? ""} #${i}`,
    text: [r.url, JSON.stringify(r.headers ?? {}), r.body ?? ""].join("\n"),
  }));
}

test("no admin key reached a browser or a log line", async ({ request }) => {
  const { keys } = await (await request.get(`http://localhost:${world.infraPort}/__control/admin-keys`)).json();
  const adminKeys: string[] = keys.map((k: { adminKey: string }) => k.adminKey);
  expect(adminKeys.length, "the journeys created workspaces").toBeGreaterThan(0);

  const records: TrafficRecord[] = existsSync(TRAFFIC_DIR)
    ? readdirSync(TRAFFIC_DIR).flatMap((f) =>
        readFileSync(path.join(TRAFFIC_DIR, f), "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as TrafficRecord),
      )
    : [];
  expect(records.length, "the journeys' traffic was recorded").toBeGreaterThan(50);
  const logs = existsSync(LOG_DIR)
    ? readdirSync(LOG_DIR).map((f) => ({ where: `log ${f}`, text: readFileSync(path.join(LOG_DIR, f), "utf8") }))
    : [];
  expect(
    logs.map((l) => l.text.length).reduce((a, b) => a + b, 0),
    "Harbor's log lines were captured",
  ).toBeGreaterThan(1_000);

  // Self-test: a key planted in a copy of real traffic and of a log line is found.
  const planted = adminKeys[0]!;
  const sample = records.find((r) => r.body && r.body.length > 100)!;
  const plantedRecords = [{ ...sample, body: `${sample.body}<input value="${planted}">` }];
  expect(findLeaks(trafficSources(plantedRecords), adminKeys)).toHaveLength(1);
  expect(findLeaks([{ where: "log", text: `{"event":"x","detail":"Bearer ${planted}"}` }], adminKeys)).toHaveLength(1);

  const leaks = findLeaks([...trafficSources(records), ...logs], adminKeys);
  console.log(
    `leak check: ${adminKeys.length} admin keys, ${records.length} recorded responses/pages, ${logs.length} log files — ${leaks.length} leaks`,
  );
  expect(leaks).toEqual([]);
});
