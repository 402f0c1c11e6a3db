/**
 * `npm run bench`: prints numbers, asserts nothing.
 *   - the built Worker's size, raw and gzip
 *   - the JavaScript each page loads on a first visit (gzip)
 *   - p50/p99 latency of the profile page over 500 requests against the production
 *     build served locally by workerd (`wrangler dev` on the build output)
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { startStandIns } from "../emulators/start-all.ts";
import { localWorld, ROOT } from "./local-world.ts";
import { signInOverHttp } from "./lib/http-sign-in.ts";
import { prepareLocal } from "./lib/prepare-local.ts";
import { assertPortsFree, run, start, stop, waitForPort } from "./lib/processes.ts";

const world = localWorld("bench");
const BUILD = "build-bench";
const appUrl = `http://localhost:${world.appPort}`;

await assertPortsFree({ app: world.appPort, "Google stand-in": world.googlePort });
rmSync(path.join(ROOT, ".local/bench"), { recursive: true, force: true });
await prepareLocal(world);
console.log("Building the production bundle…");
await run("npx", ["react-router", "build"], { quiet: true, env: { HARBOR_PROFILE: "bench", HARBOR_BUILD_DIR: BUILD } });

// ── Worker size ──────────────────────────────────────────────────────────────
const serverDir = path.join(ROOT, BUILD, "server");
const serverJs = listFiles(serverDir).filter((f) => f.endsWith(".js"));
const raw = serverJs.reduce((n, f) => n + statSync(f).size, 0);
const gz = gzipSync(Buffer.concat(serverJs.map((f) => readFileSync(f)))).length;
console.log(`\nWorker bundle: ${kb(raw)} raw, ${kb(gz)} gzip (${serverJs.length} files)`);

// ── Serve it ─────────────────────────────────────────────────────────────────
const standIns = await startStandIns(world);
const server = start("app", "npx", [
  "wrangler",
  "dev",
  "-c",
  `${BUILD}/server/wrangler.json`,
  "--port",
  String(world.appPort),
  "--ip",
  "127.0.0.1",
  "--persist-to",
  world.stateDir,
  "--log-level",
  "error",
  "--show-interactive-dev-session=false",
]);
server.stdout?.removeAllListeners("data");
try {
  await waitForPort(world.appPort, 60_000);
  const cookie = await signInOverHttp(appUrl, "ada@example.com");

  // ── JavaScript per page, first visit ───────────────────────────────────────
  console.log("\nJavaScript loaded on a first visit (gzip):");
  const clientDir = path.join(ROOT, BUILD, "client");
  for (const [page, headers] of [
    ["/", {}],
    ["/sign-in", {}],
    ["/account", { Cookie: cookie }],
  ] as const) {
    const html = await (await fetch(`${appUrl}${page}`, { headers })).text();
    const files = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
    const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
    const bytes =
      [...files].reduce((n, f) => n + gzipSync(readFileSync(path.join(clientDir, f))).length, 0) + gzipSync(inline).length;
    console.log(`  ${page.padEnd(10)} ${kb(bytes)} (${files.size} files + inline)`);
  }

  // ── Profile page latency ───────────────────────────────────────────────────
  const N = 500;
  for (let i = 0; i < 20; i++) await (await fetch(`${appUrl}/account`, { headers: { Cookie: cookie } })).text();
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const res = await fetch(`${appUrl}/account`, { headers: { Cookie: cookie } });
    await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`profile page answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  console.log(
    `\nProfile page (/account, signed in), ${N} sequential requests: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${times.at(-1)!.toFixed(1)} ms`,
  );
} finally {
  stop(server);
  await standIns.close();
}
process.exit(0);

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}
function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
