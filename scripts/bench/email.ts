/**
 * Email numbers for `npm run bench` (printed, never asserted), against the production build
 * under `wrangler dev` and the Resend stand-in:
 *
 *   1. cause → inbox (p50/p99 over 20 sign-ups over HTTP): from the account's creation (its
 *      created_at in D1, the statement that also writes the welcome row) to the moment the
 *      Resend stand-in accepted the email (its own created_at)
 *   2. throughput: 1,000 accounts seeded straight into D1 (the trigger writes 1,000 welcome
 *      rows, none queued); the 5-minute cron's email sweep queues them; emails sent per
 *      second from the first cron call to the last row sent. The stand-in's rate limit is
 *      raised for this part: against real Resend the team's limit (10 requests a second by
 *      default) bounds it, and the consumer backs off on its 429s (retry-after)
 *   3. D1 queries per email, from the consumer's `email.sent` lines
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, type LocalWorld } from "../local-world.ts";
import { signInOverHttp } from "../lib/http-sign-in.ts";
import { createBenchServer } from "../lib/bench-server.ts";
import { openLocalD1 } from "./local-d1.ts";

const SIGN_UPS = 20;
const QUEUED = 1_000;

export async function benchEmail(world: LocalWorld, buildDir: string): Promise<void> {
  const appUrl = `http://localhost:${world.appPort}`;
  const resendUrl = `http://localhost:${world.resendPort}`;
  const control = async (name: string, body: unknown) => {
    const res = await fetch(`${resendUrl}/__control/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`resend control ${name}: ${res.status}`);
  };
  const server = createBenchServer(buildDir, world.appPort, world.stateDir, { keepLogs: true });
  const began = performance.now();
  console.log("\nEmail (outbox → email queue → Resend SDK → the Resend stand-in):");
  await server.start();
  try {
    // ── 1. Cause → inbox ─────────────────────────────────────────────────────────
    const tag = Date.now().toString(36);
    const waits: number[] = [];
    for (let i = 0; i < SIGN_UPS; i++) {
      const email = `bench-mail-${tag}-${i}@example.com`;
      await signInOverHttp(appUrl, email);
      const accepted = await waitFor(async () => {
        const res = await fetch(`${resendUrl}/inbox.json?to=${encodeURIComponent(email)}`);
        const { data } = (await res.json()) as { data: { created_at: string }[] };
        return data[0] ? Date.parse(data[0].created_at) : null;
      }, 10_000);
      const d1 = openLocalD1(world.stateDir);
      const created = d1.get<{ created_at: number }>("SELECT created_at FROM accounts WHERE email = ?", email)!.created_at;
      d1.close();
      waits.push(accepted - created);
    }
    console.log(
      `  Cause → inbox (account created → Resend accepted its welcome email), ${SIGN_UPS} sign-ups one after another: p50 ${pct(waits, 50).toFixed(0)} ms, p99 ${pct(waits, 99).toFixed(0)} ms`,
    );

    // ── 2. 1,000 queued ──────────────────────────────────────────────────────────
    await server.stop();
    seedAccounts(world.stateDir, tag, QUEUED);
    await server.start();
    await control("settings", { rateLimitPerSecond: 100_000 });
    const linesBefore = server.lines.length;
    const t0 = performance.now();
    // The sweep queues at most 500 due rows a run: two runs queue them all.
    for (let i = 0; i < 2; i++)
      await (await fetch(`${appUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("*/5 * * * *")}`)).text();
    await waitFor(
      async () => {
        const d1 = openLocalD1(world.stateDir);
        const row = d1.get<{ n: number }>(
          "SELECT count(*) AS n FROM email_outbox WHERE dedupe_key LIKE ? AND status = 'sent'",
          `welcome/seeded-${tag}-%`,
        );
        d1.close();
        return row && row.n >= QUEUED ? true : null;
      },
      300_000,
      250,
    ).catch((error: unknown) => {
      const d1 = openLocalD1(world.stateDir);
      console.log(
        "  (not all sent:",
        JSON.stringify(
          d1.all(
            "SELECT status, detail, count(*) AS n FROM email_outbox WHERE dedupe_key LIKE ? GROUP BY 1, 2",
            `welcome/seeded-${tag}-%`,
          ),
        ),
        ")",
      );
      console.log(server.lines.filter((l) => l.level === "error" || l.level === "warn").slice(-5));
      d1.close();
      throw error;
    });
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `  ${QUEUED.toLocaleString("en")} emails queued at once (the sweep, then the consumer): all sent in ${seconds.toFixed(1)} s, ${(QUEUED / seconds).toFixed(0)} emails a second (the stand-in's rate limit lifted; Resend's default team limit is 10 requests a second)`,
    );

    // ── 3. D1 queries per email ──────────────────────────────────────────────────
    const sent = server.lines
      .slice(linesBefore)
      .filter((l) => l.event === "email.sent")
      .map((l) => Number(l.queries));
    console.log(
      `  D1 queries per email (email.sent, ${sent.length} sends): min ${Math.min(...sent)}, median ${pct(sent, 50)}, max ${Math.max(...sent)}`,
    );
    await control("settings", { rateLimitPerSecond: 10 });
    console.log(`  (email part: ${((performance.now() - began) / 1000).toFixed(0)} s wall)`);
  } finally {
    await server.stop();
  }
}

/** `count` accounts on the trial, inserted straight into D1: the trigger writes each one's welcome row. */
function seedAccounts(stateDir: string, tag: string, count: number): void {
  const ends = Date.now() + 14 * 24 * 60 * 60 * 1000;
  const rows = Array.from(
    { length: count },
    (_, i) =>
      `INSERT INTO accounts (id, email, name, trial_started_at, trial_ends_at) VALUES ('seeded-${tag}-${i}', 'seeded-${tag}-${i}@example.com', 'Seeded ${i}', ${Date.now()}, ${ends});`,
  );
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bench-email-")), "seed.sql");
  writeFileSync(file, rows.join("\n"));
  execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file, "--yes"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, CI: "1" },
  });
}

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number, everyMs = 25): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > until) throw new Error("bench: condition not met in time");
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

// `node scripts/bench/email.ts`: this part alone, with its own build and stand-ins.
if (import.meta.main) {
  const { rmSync } = await import("node:fs");
  const { localWorld } = await import("../local-world.ts");
  const { startStandIns } = await import("../../emulators/start-all.ts");
  const { prepareLocal } = await import("../lib/prepare-local.ts");
  const { run } = await import("../lib/processes.ts");
  const world = localWorld("bench");
  rmSync(path.join(ROOT, ".local/bench"), { recursive: true, force: true });
  await prepareLocal(world);
  await run("npx", ["react-router", "build"], { quiet: true, env: { HARBOR_PROFILE: "bench", HARBOR_BUILD_DIR: "build-bench" } });
  const standIns = await startStandIns(world);
  try {
    await benchEmail(world, "build-bench");
  } finally {
    await standIns.close();
  }
}
