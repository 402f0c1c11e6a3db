/**
 * `npm run bench`: prints numbers, asserts nothing. Against the production build served
 * locally by workerd (`wrangler dev` on the build output) and the local stand-ins:
 *   - the built Worker's size, raw and gzip; the JavaScript each page loads (gzip)
 *   - p50/p99 of the profile page over 500 requests
 *   - create → Ready time over 20 workspaces (p50, max), split into the infra stand-in's
 *     scripted boot and Harbor's overhead on top (webhook → queue → coordinator → page)
 *   - p50/p99 of the workspace list for an account with 5 and with 100 workspaces
 *   - the reconciler's wall time and D1 queries for 1,000 and 10,000 due workspaces
 *   - the deployments page against the same OpenBerth call made directly; a 10 MB upload
 *   - billing (scripts/bench/billing.ts): payment completed → workspace Ready again over 10
 *     unpaid accounts (p50, max, against the 10 s goal); the Stripe webhook's answer time
 *     (p50/p99); Stripe calls and D1 queries per sync; the hourly events pass and the daily
 *     resync over 10,000 subscribed accounts
 *   - email (scripts/bench/email.ts): cause → inbox p50/p99 over 20 sign-ups, emails sent a
 *     second with 1,000 queued at once, D1 queries per email
 *   - the coordinator under load (a build with test controls): events applied per second for
 *     one workspace (1,000 at once) and across 100 workspaces, p50/p99 of one applyInfraEvent
 * Data for the workspace list, the reconciler, the safety net and the coordinator load is
 * seeded directly into the local D1.
 */
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { tarGz } from "../emulators/openberth/testing/tar-gz-builder.ts";
import { startStandIns } from "../emulators/start-all.ts";
import { localWorld, ROOT } from "./local-world.ts";
import { createBenchServer } from "./lib/bench-server.ts";
import { queryD1, seedDueWorkspaces, seedWorkspacesFor } from "./lib/bench-seed.ts";
import { signInOverHttp } from "./lib/http-sign-in.ts";
import { benchBilling } from "./bench/billing.ts";
import { benchEmail } from "./bench/email.ts";
import { prepareLocal } from "./lib/prepare-local.ts";
import { assertPortsFree, run } from "./lib/processes.ts";

const world = localWorld("bench");
const BUILD = "build-bench";
const appUrl = `http://localhost:${world.appPort}`;

await assertPortsFree({
  app: world.appPort,
  "Google stand-in": world.googlePort,
  infra: world.infraPort,
  OpenBerth: world.openberthPort,
  Stripe: world.stripePort,
  Resend: world.resendPort,
});
rmSync(path.join(ROOT, ".local/bench"), { recursive: true, force: true });
await prepareLocal(world);
console.log("Building the production bundle…");
await run("npx", ["react-router", "build"], { quiet: true, env: { HARBOR_PROFILE: "bench", HARBOR_BUILD_DIR: BUILD } });

// ── Worker size ──────────────────────────────────────────────────────────────
const serverJs = listFiles(path.join(ROOT, BUILD, "server")).filter((f) => f.endsWith(".js"));
const raw = serverJs.reduce((n, f) => n + statSync(f).size, 0);
const gz = gzipSync(Buffer.concat(serverJs.map((f) => readFileSync(f)))).length;
console.log(`\nWorker bundle: ${kb(raw)} raw, ${kb(gz)} gzip (${serverJs.length} files)`);

const standIns = await startStandIns(world);
const server = createBenchServer(BUILD, world.appPort, world.stateDir);
try {
  await server.start();
  const cookie = await signInOverHttp(appUrl, "ada@example.com");

  // ── JavaScript per page, first visit ───────────────────────────────────────
  console.log("\nJavaScript loaded on a first visit (gzip):");
  const clientDir = path.join(ROOT, BUILD, "client");
  for (const [page, headers] of [
    ["/", {}],
    ["/sign-in", {}],
    ["/workspaces", { Cookie: cookie }],
    ["/workspaces/new", { Cookie: cookie }],
    ["/account", { Cookie: cookie }],
  ] as const) {
    const html = await (await fetch(`${appUrl}${page}`, { headers })).text();
    const files = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!));
    const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).join("");
    const bytes =
      [...files].reduce((n, f) => n + gzipSync(readFileSync(path.join(clientDir, f))).length, 0) + gzipSync(inline).length;
    console.log(`  ${page.padEnd(16)} ${kb(bytes)} (${files.size} files + inline)`);
  }

  // ── Profile page latency ───────────────────────────────────────────────────
  const profile = await latency(`${appUrl}/account`, cookie, 500);
  console.log(`\nProfile page (/account), 500 sequential requests: p50 ${profile.p50} ms, p99 ${profile.p99} ms`);

  // ── Create → Ready ─────────────────────────────────────────────────────────
  const readyTimes: number[] = [];
  const created: { cookie: string; path: string; startedAt: number; readyAt: number }[] = [];
  for (let i = 0; i < 20; i++) {
    const person = await signInOverHttp(appUrl, `creator-${i}@example.com`);
    const started = performance.now();
    const startedAt = Date.now();
    const res = await fetch(`${appUrl}/workspaces/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: person, Origin: appUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "create", name: `Bench ${i}`, region: "eu-west", requestId: randomToken() }),
    });
    const location = res.headers.get("location");
    if (res.status !== 302 || !location) throw new Error(`create answered ${res.status}`);
    for (;;) {
      const page = await (await fetch(`${appUrl}${location}`, { headers: { Cookie: person } })).text();
      if (page.includes('class="status status-ok"')) break;
      if (performance.now() - started > 30_000) throw new Error("workspace never became ready");
      await new Promise((r) => setTimeout(r, 25));
    }
    readyTimes.push(performance.now() - started);
    created.push({ cookie: person, path: location, startedAt, readyAt: Date.now() });
  }
  readyTimes.sort((a, b) => a - b);
  console.log(
    `\nCreate → Ready over 20 workspaces: p50 ${readyTimes[10]!.toFixed(0)} ms, max ${readyTimes.at(-1)!.toFixed(0)} ms`,
  );
  await printReadySplit(created);

  // ── The OpenBerth dashboard: proxy overhead, and a 10 MB upload ─────────────
  {
    const { cookie: owner, path: workspacePath } = created[0]!;
    const workspaceId = (
      await queryD1<{ id: string }>(world.stateDir, `SELECT id FROM workspaces WHERE slug = '${workspacePath.split("/").pop()}'`)
    )[0]!.id;
    const { keys } = (await (await fetch(`http://localhost:${world.infraPort}/__control/admin-keys`)).json()) as {
      keys: { workspaceId: string; adminKey: string; resourceId: string }[];
    };
    const key = keys.find((k) => k.workspaceId === workspaceId)!;
    const endpoint = `http://localhost:${world.openberthPort}/i/${key.resourceId}`;
    for (const name of ["bench-a", "bench-b"]) {
      await fetch(`${appUrl}${workspacePath}/deployments/new`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: owner, Origin: appUrl, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "paste", name, fileName: "index.html", code: `<p>${name}</p>`, ttl: "24h" }),
      });
    }
    const page = await latency(`${appUrl}${workspacePath}/deployments`, owner, 300);
    const direct = await latency(`${endpoint}/api/deployments`, "", 300, { Authorization: `Bearer ${key.adminKey}` });
    console.log(
      `\nDeployments page: p50 ${page.p50} ms, p99 ${page.p99} ms; the same OpenBerth call made directly: p50 ${direct.p50} ms, p99 ${direct.p99} ms`,
    );

    const archive = tenMegabyteArchive();
    const form = new FormData();
    form.set("intent", "upload");
    form.set("name", "bench-upload");
    form.set("ttl", "24h");
    form.set("file", new File([new Uint8Array(archive)], "site.tar.gz"));
    const started = performance.now();
    const upload = await fetch(`${appUrl}${workspacePath}/deployments/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: owner, Origin: appUrl },
      body: form,
    });
    const accepted = performance.now() - started;
    const location = upload.headers.get("location");
    if (upload.status !== 302 || !location) throw new Error(`upload answered ${upload.status}`);
    for (;;) {
      if ((await (await fetch(`${appUrl}${location}`, { headers: { Cookie: owner } })).text()).includes(">Live<")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    console.log(
      `10 MB archive (${(archive.length / 1024 / 1024).toFixed(1)} MiB, incompressible): accepted in ${accepted.toFixed(0)} ms, live after ${(performance.now() - started).toFixed(0)} ms`,
    );
  }

  // ── Workspace list with 5 and 100 workspaces (seeded) ──────────────────────
  const five = await signInOverHttp(appUrl, "five@example.com");
  const hundred = await signInOverHttp(appUrl, "hundred@example.com");
  await server.stop();
  await seedWorkspacesFor(world.stateDir, "five@example.com", 5);
  await seedWorkspacesFor(world.stateDir, "hundred@example.com", 100);
  await server.start();
  for (const [label, cookieFor] of [
    ["5 workspaces", five],
    ["100 workspaces", hundred],
  ] as const) {
    const list = await latency(`${appUrl}/workspaces`, cookieFor, 300);
    console.log(`Workspace list, ${label}: p50 ${list.p50} ms, p99 ${list.p99} ms (${list.bytes} bytes)`);
  }

  // ── Reconciler over 1,000 and 10,000 due workspaces (seeded) ───────────────
  for (const due of [1_000, 10_000]) {
    await server.stop();
    await seedDueWorkspaces(world.stateDir, due);
    await server.start();
    const fired = await fetch(`${appUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    if (!fired.ok) throw new Error(`cron answered ${fired.status}`);
    const [run] = await queryD1<{ started_at: number; finished_at: number; detail: string }>(
      world.stateDir,
      "SELECT started_at, finished_at, detail FROM cron_runs WHERE job = 'reconcile' ORDER BY started_at DESC LIMIT 1",
    );
    const detail = JSON.parse(run!.detail) as { due: number; duePages: number; dueQueries: number; queries: number };
    console.log(
      `Reconciler, ${due.toLocaleString("en")} due workspaces seeded: ${run!.finished_at - run!.started_at} ms; ${detail.due} due in ${detail.duePages} pages, ${detail.dueQueries} D1 queries for the due pass, ${detail.queries} in all`,
    );
  }
  // ── Billing: payment → Ready, the webhook, per sync, the safety net (scripts/bench/billing.ts) ──
  await server.stop();
  await benchBilling(world, BUILD);
  // ── Email: cause → inbox, 1,000 queued, D1 queries per email (scripts/bench/email.ts) ──
  await benchEmail(world, BUILD);

  // ── The coordinator under load (needs the test controls: another build) ──────
  console.log("\nBuilding a bundle with the local test controls for the coordinator load…");
  await run("npx", ["react-router", "build"], {
    quiet: true,
    env: { HARBOR_PROFILE: "bench", HARBOR_TEST_CONTROLS: "1", HARBOR_BUILD_DIR: `${BUILD}-controls` },
  });
  await seedDueWorkspaces(world.stateDir, 101);
  const controls = createBenchServer(`${BUILD}-controls`, world.appPort, world.stateDir);
  await controls.start();
  try {
    const load = async (workspaceIds: string[], eventsPerWorkspace: number) => {
      const res = await fetch(`${appUrl}/__test/coordinator-load`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: appUrl },
        body: JSON.stringify({ workspaceIds, eventsPerWorkspace }),
      });
      if (!res.ok) throw new Error(`coordinator load answered ${res.status}`);
      return (await res.json()) as { events: number; wallMs: number; perSecond: number; p50: number; p99: number };
    };
    const ids = Array.from({ length: 101 }, (_, i) => `ws_due_${String(i).padStart(6, "0")}`);
    const one = await load([ids[100]!], 1_000);
    console.log(
      `Coordinator, 1 workspace, ${one.events} events at once: ${one.perSecond}/s (${one.wallMs} ms); one applyInfraEvent p50 ${one.p50} ms, p99 ${one.p99} ms`,
    );
    const many = await load(ids.slice(0, 100), 10);
    console.log(
      `Coordinator, 100 workspaces × 10 events at once: ${many.perSecond}/s (${many.wallMs} ms); one applyInfraEvent p50 ${many.p50} ms, p99 ${many.p99} ms`,
    );
  } finally {
    await controls.stop();
  }
} finally {
  await server.stop();
  await standIns.close();
}
process.exit(0);

/**
 * Where create → Ready goes: before the stand-in's first event (our request, the
 * coordinator's alarm, the provision call), the stand-in's own scripted boot (its first
 * event to "running"), and Harbor's part after it (webhook → queue → coordinator → the
 * page seeing Ready), with the infra-events queue's share (received → processed).
 */
async function printReadySplit(created: { path: string; startedAt: number; readyAt: number }[]) {
  const slugs = created.map((c) => `'${c.path.split("/").pop()}'`).join(", ");
  const events = await queryD1<{
    slug: string;
    infra_state: string;
    occurred_at: number;
    received_at: number;
    processed_at: number | null;
  }>(
    world.stateDir,
    `SELECT w.slug, e.infra_state, e.occurred_at, e.received_at, e.processed_at FROM infra_events e JOIN workspaces w ON w.id = e.workspace_id WHERE w.slug IN (${slugs}) ORDER BY e.sequence`,
  );
  const before: number[] = [];
  const boot: number[] = [];
  const after: number[] = [];
  const queued: number[] = [];
  for (const c of created) {
    const mine = events.filter((e) => e.slug === c.path.split("/").pop());
    const running = mine.find((e) => e.infra_state === "running");
    if (!mine[0] || !running) continue;
    before.push(mine[0].occurred_at - c.startedAt);
    boot.push(running.occurred_at - mine[0].occurred_at);
    after.push(c.readyAt - running.occurred_at);
    for (const e of mine) if (e.processed_at) queued.push(e.processed_at - e.received_at);
  }
  const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  console.log(
    `  split (p50): ${p50(before)} ms until the stand-in's first event, ${p50(boot)} ms the stand-in's scripted boot, ${p50(after)} ms Harbor after "running" (webhook → queue → coordinator → page)`,
  );
  console.log(
    `  infra-events queue, received → applied: p50 ${p50(queued)} ms, max ${Math.max(...queued)} ms (the batch timeout is 1 s)`,
  );
}

async function latency(url: string, cookie: string, n: number, extra: Record<string, string> = {}) {
  const headers = { ...(cookie ? { Cookie: cookie } : {}), ...extra };
  for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).text();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    bytes = (await res.text()).length;
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  return { p50: pct(50), p99: pct(99), bytes };
}

/** A gzip tarball of about 10 MB that doesn't compress (random bytes) plus an index.html. */
function tenMegabyteArchive(): Buffer {
  return tarGz([
    { name: "index.html", content: "<h1>big</h1>" },
    { name: "media.bin", content: randomBytes(10 * 1024 * 1024) },
  ]);
}

function randomToken(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return Array.from(crypto.getRandomValues(new Uint8Array(26)), (b) => alphabet[b % 32]).join("");
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

function kb(bytes: number) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}
