/**
 * Billing numbers for `npm run bench` (printed, never asserted), against the production
 * build under `wrangler dev` and the Stripe stand-in, which pushes its webhooks to the
 * served app (emulators/start-all.ts): nothing here calls a sync; everything goes
 * webhook → billing queue → sync → coordinators, as in production.
 *
 *   1. payment completed → workspace Ready again (p50/max over 10 accounts): each a Hobby
 *      customer with one Ready EU workspace, card failing, its test clock moved until the
 *      subscription is unpaid and the workspace paused; the timer starts at the call the
 *      portal's card update makes (the customer's default card set to a good one) and stops
 *      when the workspace page shows Ready (polled every 100 ms)
 *   2. the webhook's answer time (p50/p99) over 300 signed deliveries of real event bodies:
 *      first deliveries, their duplicates, and replays of events processed long ago
 *   3. Stripe calls and D1 queries per sync, from the consumer's `billing.sync_done` lines
 *   4. the safety net over 10,000 seeded subscribed accounts: the hourly events pass and
 *      the daily resync, wall time and D1 queries from their cron_runs detail
 *
 * `node scripts/bench/billing.ts` runs this part alone (its own build and stand-ins).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { ensureDevVars, localWorld, ROOT, type LocalWorld } from "../local-world.ts";
import { signInOverHttp } from "../lib/http-sign-in.ts";
import { createBenchServer, type LogLine } from "../lib/bench-server.ts";
import { openLocalD1, type LocalD1 } from "./local-d1.ts";

const DAY_S = 24 * 60 * 60;
const ACCOUNTS = 10;
const GOAL_MS = 10_000;
const SEEDED = 10_000;

interface Payer {
  i: number;
  cookie: string;
  accountId: string;
  customerId: string;
  subscriptionId: string;
  clockId: string;
  workspaceId: string;
  workspacePath: string;
}

export async function benchBilling(world: LocalWorld, buildDir: string): Promise<void> {
  const appUrl = `http://localhost:${world.appPort}`;
  const stripeUrl = `http://localhost:${world.stripePort}`;
  const secrets = ensureDevVars();
  const stripe = new Stripe(secrets.STRIPE_SECRET_KEY!, {
    host: "localhost",
    port: world.stripePort,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  const control = async <T = unknown>(name: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${stripeUrl}/__control/${name}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`stripe control ${name}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };

  const server = createBenchServer(buildDir, world.appPort, world.stateDir, { keepLogs: true });
  const began = performance.now();
  await server.start();
  const d1 = openLocalD1(world.stateDir);
  try {
    console.log("\nBilling (Stripe stand-in webhooks → billing queue → sync → coordinators):");

    // ── 1. Payment completed → workspace Ready again ─────────────────────────────
    const setupStarted = performance.now();
    // Set up side by side (the setup is not measured)…
    const payers = await Promise.all(
      Array.from({ length: ACCOUNTS }, (_, i) => new Promise((r) => setTimeout(r, i * 150)).then(() => unpaidPayer(i))),
    );
    const setupMs = performance.now() - setupStarted;
    // …and measure one at a time, each with the billing queue and the deliveries idle.
    const runs: { total: number; billing: number }[] = [];
    for (const p of payers) {
      const good = await stripe.paymentMethods.attach("pm_card_visa", { customer: p.customerId });
      await quiet();
      const started = performance.now();
      await stripe.customers.update(p.customerId, { invoice_settings: { default_payment_method: good.id } });
      let billingAt = NaN;
      for (;;) {
        if (Number.isNaN(billingAt) && accountRow(p.accountId)?.billing_state === "active") billingAt = performance.now();
        const page = await (await fetch(`${appUrl}${p.workspacePath}`, { headers: { Cookie: p.cookie } })).text();
        if (page.includes('class="status status-ok"')) break;
        if (performance.now() - started > 60_000) throw new Error(`payer ${p.i}: workspace not Ready 60 s after the new card`);
        await sleep(100);
      }
      const total = performance.now() - started;
      runs.push({ total, billing: Number.isNaN(billingAt) ? total : billingAt - started });
    }
    const totals = runs.map((r) => r.total);
    console.log(
      `  Payment completed → workspace Ready again, ${ACCOUNTS} accounts: p50 ${ms(p50(totals))}, max ${ms(Math.max(...totals))} (goal ≤ ${GOAL_MS / 1000} s)`,
    );
    console.log(
      `    of which new default card → account active in D1 (webhook → queue → sync paid the open invoice): p50 ${ms(p50(runs.map((r) => r.billing)))}, max ${ms(Math.max(...runs.map((r) => r.billing)))}; setup of the ${ACCOUNTS} unpaid accounts took ${(setupMs / 1000).toFixed(1)} s (not measured)`,
    );

    // ── 2. The webhook's answer time ─────────────────────────────────────────────
    await quiet();
    const delivered = (await control<{ data: { id: string; type: string }[] }>("events")).data;
    // Events Harbor has not seen: made while our endpoint is switched off (as if lost).
    const endpoint = (await stripe.webhookEndpoints.list({ limit: 100 })).data.find((e) =>
      e.url.startsWith(`${appUrl}/webhooks/stripe`),
    );
    if (!endpoint) throw new Error("the stand-in has no endpoint for the app");
    await stripe.webhookEndpoints.update(endpoint.id, { disabled: true });
    try {
      for (let i = 0; i < 100; i++)
        await stripe.customers.update(payers[i % payers.length]!.customerId, { metadata: { bench_note: String(i) } });
    } finally {
      await stripe.webhookEndpoints.update(endpoint.id, { disabled: false });
    }
    const seen = new Set(delivered.map((e) => e.id));
    const fresh = (await control<{ data: { id: string }[] }>("events")).data.filter((e) => !seen.has(e.id)).map((e) => e.id);
    // Replays: events from the setup above that Harbor has processed already.
    const processed = new Set(
      d1.all<{ id: string }>("SELECT event_id AS id FROM stripe_webhook_events WHERE processed_at IS NOT NULL").map((r) => r.id),
    );
    const old = spread(
      delivered.map((e) => e.id).filter((id) => processed.has(id)),
      100,
    );
    // First deliveries, each repeated five deliveries later, and old events replayed.
    const plan: { id: string; kind: "first" | "repeat" | "old" }[] = [];
    for (let i = 0; i < fresh.length; i++) {
      plan.push({ id: fresh[i]!, kind: "first" });
      if (old[i]) plan.push({ id: old[i]!, kind: "old" });
      if (i >= 5) plan.push({ id: fresh[i - 5]!, kind: "repeat" });
    }
    for (const id of fresh.slice(-5)) plan.push({ id, kind: "repeat" });
    const secret = secrets.STRIPE_WEBHOOK_SECRET!;
    const bodies = new Map<string, string>();
    for (const id of new Set(plan.map((p) => p.id)))
      bodies.set(id, await (await fetch(`${stripeUrl}/__control/events/${id}/raw`)).text());
    const signed = await Promise.all(
      plan.map(async (p) => ({
        ...p,
        body: bodies.get(p.id)!,
        signature: await stripe.webhooks.generateTestHeaderStringAsync({ payload: bodies.get(p.id)!, secret }),
      })),
    );
    const answers: { kind: string; ms: number }[] = [];
    const linesBefore = server.lines.length;
    for (const s of signed) {
      const t0 = performance.now();
      const res = await fetch(`${appUrl}/webhooks/stripe`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": s.signature },
        body: s.body,
      });
      await res.text();
      answers.push({ kind: s.kind, ms: performance.now() - t0 });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status} for ${s.id}`);
    }
    const of = (kind?: string) => answers.filter((a) => !kind || a.kind === kind).map((a) => a.ms);
    console.log(
      `  Webhook answer, ${answers.length} signed deliveries one after another: p50 ${ms1(p50(of()))}, p99 ${ms1(pct(of(), 99))}` +
        ` (first deliveries ×${of("first").length}: p50 ${ms1(p50(of("first")))}, p99 ${ms1(pct(of("first"), 99))};` +
        ` their duplicates ×${of("repeat").length}: p50 ${ms1(p50(of("repeat")))};` +
        ` old events replayed ×${of("old").length}: p50 ${ms1(p50(of("old")))})`,
    );
    await quiet();
    // The Worker's own view of the same requests (its http.request line: handler time, D1 queries).
    const inside = server.lines
      .slice(linesBefore)
      .filter((l) => l.event === "http.request" && l.path === "/webhooks/stripe")
      .slice(0, answers.length);
    if (inside.length > 0)
      console.log(
        `    inside the Worker (http.request lines, ${inside.length}): p50 ${p50(inside.map((l) => Number(l.ms)))} ms, p99 ${pct(
          inside.map((l) => Number(l.ms)),
          99,
        )} ms; D1 queries per answer ${Math.min(...inside.map((l) => Number(l.queries)))}–${Math.max(...inside.map((l) => Number(l.queries)))}`,
      );
    // The stand-in's own deliveries over the whole billing part (its log has no timings).
    const attempts = (await control<{ data: { status: number | null }[] }>("deliveries")).data;
    const refused = attempts.filter((a) => a.status === null || a.status < 200 || a.status >= 300).length;
    console.log(`    the stand-in's pushes to the app: ${attempts.length} attempts, ${refused} not answered 2xx`);

    // ── 3. Stripe calls and D1 queries per sync ──────────────────────────────────
    const syncs = server.lines.filter((l) => l.event === "billing.sync_done" && l.outcome === "synced");
    const paying = new Set(server.lines.filter((l) => l.event === "billing.open_invoice_paid").map(messageKey));
    const stat = (xs: LogLine[], field: "stripeCalls" | "queries") => {
      const v = xs.map((l) => Number(l[field]));
      return `${Math.min(...v)}/${p50(v)}/${Math.max(...v)}`;
    };
    const payingSyncs = syncs.filter((l) => paying.has(messageKey(l)));
    console.log(
      `  Per sync (billing.sync_done, ${syncs.length} syncs by the queue consumer above), min/median/max: ${stat(syncs, "stripeCalls")} Stripe calls, ${stat(syncs, "queries")} D1 queries` +
        (payingSyncs.length
          ? `; the ${payingSyncs.length} that paid an open invoice: ${stat(payingSyncs, "stripeCalls")} Stripe calls, ${stat(payingSyncs, "queries")} D1 queries`
          : "") +
        " (the coordinators' own D1 writes not included)",
    );
    const unknown = server.lines.filter((l) => l.event === "billing.sync_done" && l.outcome !== "synced").length;
    if (unknown) console.log(`    (${unknown} more syncs found no account for their customer)`);

    // ── 4. The safety net over 10,000 subscribed accounts ────────────────────────
    await server.stop();
    d1.close();
    seedSubscribedAccounts(world.stateDir, SEEDED);
    await server.start();
    const fire = async (cron: string) => {
      const t0 = performance.now();
      const res = await fetch(`${appUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
      await res.text();
      if (!res.ok) throw new Error(`cron ${cron} answered ${res.status}`);
      return performance.now() - t0;
    };
    const hourlyMs = await fire("0 * * * *");
    // The resync queues 10,000 syncs of customers the stand-in doesn't know. The stand-in
    // holds its answers back meanwhile, so the consumer waits on its first one instead of
    // competing with the cron for the one workerd thread; the queue (in memory) goes with
    // the server, stopped right after.
    await control("faults", { requestDelayMs: 120_000 });
    let dailyMs: number;
    try {
      dailyMs = await fire("30 3 * * *");
    } finally {
      await control("faults", { requestDelayMs: 0 });
    }
    await server.stop();
    const after = openLocalD1(world.stateDir);
    try {
      const last = (job: string) =>
        after.get<{ started_at: number; finished_at: number; outcome: string; detail: string }>(
          "SELECT started_at, finished_at, outcome, detail FROM cron_runs WHERE job = ? ORDER BY started_at DESC LIMIT 1",
          job,
        );
      const resync = last("billing-resync");
      const events = last("billing-events");
      if (!resync || !events) throw new Error("no cron_runs rows for the billing jobs");
      const rd = JSON.parse(resync.detail) as { queued: number; pages: number; queries: number; error?: string };
      const ed = JSON.parse(events.detail) as { eventsSeen: number; customersQueued: number; queries: number; error?: string };
      console.log(
        `  Daily resync (30 3 * * *), ${SEEDED.toLocaleString("en")} subscribed accounts seeded: ${resync.finished_at - resync.started_at} ms (${resync.outcome}); ${rd.error ?? `${rd.queued} queued in ${rd.pages} pages, ${rd.queries} D1 queries`}; the cron call answered in ${ms(dailyMs)}`,
      );
      console.log(
        `  Hourly events pass (billing-events in 0 * * * *): ${events.finished_at - events.started_at} ms (${events.outcome}); ${ed.error ?? `${ed.eventsSeen} Stripe events read, ${ed.customersQueued} customers queued, ${ed.queries} D1 queries`}; the whole hourly cron answered in ${ms(hourlyMs)}`,
      );
      console.log(
        "    (seeded customer ids are unknown to the stand-in: the 10,000 queued syncs are dropped with the server, not run)",
      );
    } finally {
      after.close();
    }
    console.log(`  (billing part: ${((performance.now() - began) / 1000).toFixed(0)} s wall)`);
  } finally {
    try {
      d1.close();
    } catch {
      // closed already
    }
    await server.stop();
  }

  // ── helpers (closures over the world above) ────────────────────────────────────

  function accountRow(accountId: string) {
    return d1.get<{ billing_state: string; subscription_status: string | null }>(
      "SELECT billing_state, subscription_status FROM accounts WHERE id = ?",
      accountId,
    );
  }

  /** Nothing waiting: no delivery due or in flight, every recorded event processed, the queue's batch window passed. */
  async function quiet(timeoutMs = 30_000) {
    const until = performance.now() + timeoutMs;
    for (;;) {
      await control("deliveries/settle", { timeoutMs: 10_000 });
      const n = d1.get<{ n: number }>("SELECT count(*) AS n FROM stripe_webhook_events WHERE processed_at IS NULL")!.n;
      if (n === 0) {
        await sleep(300);
        const again = d1.get<{ n: number }>("SELECT count(*) AS n FROM stripe_webhook_events WHERE processed_at IS NULL")!.n;
        if (again === 0) return;
      }
      if (performance.now() > until) throw new Error(`${n} Stripe events still unprocessed after ${timeoutMs / 1000} s`);
      await sleep(100);
    }
  }

  async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000, everyMs = 150) {
    const until = performance.now() + timeoutMs;
    while (!(await check())) {
      if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
      await sleep(everyMs);
    }
  }

  /** A Hobby customer with one Ready EU workspace, its card failing, its test clock moved until unpaid and paused. */
  async function unpaidPayer(i: number): Promise<Payer> {
    const email = `payer-${i}@example.com`;
    const cookie = await signInOverHttp(appUrl, email);
    const form = { Cookie: cookie, Origin: appUrl, "Content-Type": "application/x-www-form-urlencoded" };

    // Checkout, as a browser: our upgrade form → the hosted page → the success address.
    const upgrade = await fetch(`${appUrl}/account/billing/upgrade`, {
      method: "POST",
      redirect: "manual",
      headers: form,
      body: new URLSearchParams({ plan: "hobby@1" }),
    });
    const checkoutUrl = upgrade.headers.get("location");
    if (upgrade.status !== 302 || !checkoutUrl) throw new Error(`payer ${i}: upgrade answered ${upgrade.status}`);
    const paid = await fetch(checkoutUrl, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        cardNumber: "4242 4242 4242 4242",
        cardExpiry: "12 / 40",
        cardCvc: "123",
        cardholderName: "Bench Payer",
      }),
    });
    const success = paid.headers.get("location");
    if (paid.status !== 303 || !success) throw new Error(`payer ${i}: Checkout answered ${paid.status}`);
    const welcome = await fetch(`${appUrl}${new URL(success).pathname}${new URL(success).search}`, {
      headers: { Cookie: cookie },
    });
    await welcome.text();
    if (welcome.status !== 200) throw new Error(`payer ${i}: welcome page answered ${welcome.status}`);

    // One EU workspace, Ready.
    const created = await fetch(`${appUrl}/workspaces/new`, {
      method: "POST",
      redirect: "manual",
      headers: form,
      body: new URLSearchParams({ intent: "create", name: `Paying ${i}`, region: "eu-west", requestId: randomToken() }),
    });
    const workspacePath = created.headers.get("location");
    if (created.status !== 302 || !workspacePath) throw new Error(`payer ${i}: create answered ${created.status}`);
    await waitFor(`payer ${i}'s workspace to be Ready`, async () =>
      (await (await fetch(`${appUrl}${workspacePath}`, { headers: { Cookie: cookie } })).text()).includes(
        'class="status status-ok"',
      ),
    );
    const account = d1.get<{ id: string; stripe_customer_id: string; stripe_subscription_id: string }>(
      "SELECT id, stripe_customer_id, stripe_subscription_id FROM accounts WHERE email = ?",
      email,
    );
    const workspace = d1.get<{ id: string }>("SELECT id FROM workspaces WHERE slug = ?", workspacePath.split("/").pop()!);
    if (!account?.stripe_customer_id || !account.stripe_subscription_id || !workspace)
      throw new Error(`payer ${i}: no customer, subscription or workspace in D1`);

    // Its own test clock, then a card that is declined (the sync points the subscription at it).
    const { now } = await control<{ now: number }>("clock");
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now });
    await control("test-clocks/attach", { customer: account.stripe_customer_id, testClock: clock.id });
    const bad = await stripe.paymentMethods.attach("pm_card_chargeCustomerFail", { customer: account.stripe_customer_id });
    await stripe.customers.update(account.stripe_customer_id, { invoice_settings: { default_payment_method: bad.id } });
    await waitFor(`payer ${i}'s subscription to take the failing card`, async () => {
      const sub = await stripe.subscriptions.retrieve(account.stripe_subscription_id);
      const pm = typeof sub.default_payment_method === "string" ? sub.default_payment_method : sub.default_payment_method?.id;
      return pm === bad.id;
    });

    // The renewal fails (past due), every retry fails (unpaid): paused.
    await advance(clock.id, 31 * DAY_S + 2 * 3600);
    await waitFor(`payer ${i} to be past due`, () => accountRow(account.id)?.subscription_status === "past_due");
    await advance(clock.id, 30 * DAY_S);
    await waitFor(
      `payer ${i}'s workspace to be paused`,
      () => d1.get<{ s: string }>("SELECT lifecycle_state AS s FROM workspaces WHERE id = ?", workspace.id)?.s === "suspended",
    );
    const row = accountRow(account.id);
    if (row?.subscription_status !== "unpaid") throw new Error(`payer ${i}: paused but ${row?.subscription_status}`);
    return {
      i,
      cookie,
      accountId: account.id,
      customerId: account.stripe_customer_id,
      subscriptionId: account.stripe_subscription_id,
      clockId: clock.id,
      workspaceId: workspace.id,
      workspacePath,
    };
  }

  async function advance(clockId: string, seconds: number) {
    const clock = await stripe.testHelpers.testClocks.retrieve(clockId);
    await stripe.testHelpers.testClocks.advance(clockId, { frozen_time: clock.frozen_time + seconds });
    await waitFor(
      `test clock ${clockId}`,
      async () => (await stripe.testHelpers.testClocks.retrieve(clockId)).status === "ready",
    );
  }
}

/** `count` accounts with a Stripe customer and subscription (ids the stand-in doesn't know), straight into the local D1. */
function seedSubscribedAccounts(stateDir: string, count: number): void {
  const rows: string[] = [];
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, "0");
    rows.push(
      `('acct_billing_seed_${n}', 'billing-seed-${n}@example.com', 1, 'Billing seed ${n}', 'hobby@1', 'active', 'active', 'cus_benchseed${n}', 'sub_benchseed${n}', ${now + 20 * DAY_S * 1000}, ${now})`,
    );
  }
  const statements: string[] = [];
  for (let i = 0; i < rows.length; i += 500)
    statements.push(
      `INSERT INTO accounts (id, email, email_verified, name, plan_id, billing_state, subscription_status, stripe_customer_id, stripe_subscription_id, current_period_end, billing_synced_at) VALUES ${rows.slice(i, i + 500).join(",\n")};`,
    );
  const file = path.join(mkdtempSync(path.join(tmpdir(), "bench-billing-")), "seed.sql");
  writeFileSync(file, statements.join("\n"));
  execFileSync("npx", ["wrangler", "d1", "execute", "DB", "--local", "--persist-to", stateDir, "--file", file, "--yes"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, CI: "1" },
  });
}

function messageKey(l: LogLine): string {
  return `${l.traceId}/${l.messageId}`;
}

/** `n` items spread evenly over `xs`. */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

function p50(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

function ms(x: number) {
  return `${x.toFixed(0)} ms`;
}

function ms1(x: number) {
  return `${x.toFixed(1)} ms`;
}

function sleep(msec: number) {
  return new Promise((r) => setTimeout(r, msec));
}

function randomToken(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return Array.from(crypto.getRandomValues(new Uint8Array(26)), (b) => alphabet[b % 32]).join("");
}
