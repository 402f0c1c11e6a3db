import AxeBuilder from "@axe-core/playwright";
import { recordTraffic } from "./traffic";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

/** A person to sign in directly; anything left out is made up (a fresh email each time). */
export interface Person {
  email?: string;
  name?: string;
  /** A plan id from the catalog (domain/plans/catalog.ts); new accounts start on the signup plan. */
  planId?: string;
}

/** The account the session test control signed in, as it answers it. */
export interface SignedInAccount {
  id: string;
  email: string;
  name: string;
  planId: string;
  trialStartedAt: string | null;
  trialEndsAt: string | null;
}

/**
 * Every test fails on an unexpected console error or uncaught page error (a CSP
 * violation shows up here too), and can check a page with axe.
 */
export const test = base.extend<
  {
    traffic: void;
    consoleErrors: string[];
    /** URLs a test expects to answer with an error status (e.g. the not-found page). */
    allowHttpErrors: RegExp[];
    expectAccessible: (page: Page) => Promise<void>;
    /**
     * Signs a person in for tests that are not about signing in: the account is created (or
     * reused) as a first Google sign-in would, and the page's browser context gets a real
     * session cookie (POST /__test/session). sign-in.spec.ts keeps the real way in.
     */
    login: (person?: Person) => Promise<SignedInAccount>;
  },
  {
    /** One JavaScript-enabled page per worker where axe checks pages rendered without JavaScript. */
    axeScratchPage: () => Promise<Page>;
  }
>({
  allowHttpErrors: [[], { option: true }],
  // Everything the browser received goes to the leak check (tests/e2e/leak-check).
  traffic: [
    async ({ page, context }, use, testInfo) => {
      const recorder = recordTraffic(page, context, `${testInfo.project.name} › ${testInfo.titlePath.join(" › ")}`);
      await use();
      await recorder.save();
    },
    { auto: true },
  ],
  consoleErrors: [
    async ({ page, allowHttpErrors }, use) => {
      const errors: string[] = [];
      const failedLoads: string[] = [];
      page.on("console", (msg) => {
        // "Failed to load resource" carries no URL; the response listener below names it.
        if (msg.type() === "error" && !msg.text().startsWith("Failed to load resource")) errors.push(msg.text());
      });
      page.on("pageerror", (err) => errors.push(err.message));
      page.on("response", (res) => {
        // A page or form answer may be a deliberate 4xx (a refused form, a 404 page); a
        // missing script, style or image never is; a 5xx never is.
        const kind = res.request().resourceType();
        const deliberate = (kind === "document" || kind === "fetch") && res.status() < 500;
        if (res.status() >= 400 && !deliberate && !allowHttpErrors.some((re) => re.test(res.url()))) {
          failedLoads.push(`${res.status()} ${res.url()}`);
        }
      });
      const jsOff = test.info().project.use.javaScriptEnabled === false;
      page.on("requestfailed", (req) => {
        const reason = req.failure()?.errorText ?? "";
        // A navigation that replaces a pending request aborts it; with JavaScript off,
        // Chromium refuses module scripts (reported as "csp"). Neither is a fault.
        if (reason === "net::ERR_ABORTED" || (jsOff && reason === "csp" && req.resourceType() === "script")) return;
        failedLoads.push(`failed ${req.url()} (${reason})`);
      });
      await use(errors);
      expect(errors, "unexpected console errors").toEqual([]);
      expect(failedLoads, "unexpected failed loads").toEqual([]);
    },
    { auto: true },
  ],
  login: async ({ page }, use) => {
    await use((person) => loginWith(page.request, person));
  },
  // Made on first use and kept for the worker's life (a context per check cost ~0.3 s each).
  axeScratchPage: [
    async ({ browser }, use) => {
      const scratch: { page?: Promise<Page> } = {};
      await use(() => (scratch.page ??= browser.newContext({ javaScriptEnabled: true }).then((c) => c.newPage())));
      if (scratch.page) await (await scratch.page).context().close();
    },
    { scope: "worker" },
  ],
  expectAccessible: async ({ axeScratchPage }, use) => {
    await use(async (page: Page) => {
      // axe runs inside the page. With JavaScript off it cannot, so check the same
      // server-rendered markup (scripts removed) in a scratch page that allows it.
      const jsOff = test.info().project.use.javaScriptEnabled === false;
      let target = page;
      if (jsOff) {
        const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
        target = await axeScratchPage();
        await target.unrouteAll();
        await target.route(page.url(), (route) => route.fulfill({ body: html, contentType: "text/html" }));
        await target.goto(page.url());
      }
      const results = await new AxeBuilder({ page: target }).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
    });
  },
});

export { expect };

export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.com`;
}

/** Local test control: move the app's clock (the Worker reads time through one function). */
export async function moveClock(page: Page, body: { advanceMs: number } | { reset: true }) {
  const res = await page.request.post("/__test/clock", { data: body });
  expect(res.ok()).toBe(true);
}

/**
 * Creates (or reuses) the account and a session for it through the session test control;
 * `request` is a page's or a context's (`page.request`, `context.request`), whose cookie
 * jar the browser shares, so the browser is signed in afterwards.
 */
export async function loginWith(request: APIRequestContext, person: Person = {}): Promise<SignedInAccount> {
  const email = person.email ?? uniqueEmail("person");
  const name = person.name ?? "Test Person";
  const res = await request.post("/__test/session", { data: { email, name, ...(person.planId && { planId: person.planId }) } });
  expect(res.status(), await res.text()).toBe(200);
  return ((await res.json()) as { account: SignedInAccount }).account;
}

/**
 * Signs in the real way: our form and the Google stand-in's account chooser (a typed-in
 * person). For tests about signing in; every other test uses `login`.
 */
export async function signInAs(page: Page, person: { email: string; name: string }) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Google" }).click();
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Name").fill(person.name);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
}

/** Fires one of the Worker's crons through its local trigger URL. */
export async function fireCron(page: Page, cron: "*/5 * * * *" | "0 * * * *") {
  const res = await page.request.get(`/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(cron)}`);
  expect(res.ok()).toBe(true);
}

/** A signed-in new person with one ready workspace; returns the workspace's address. */
export async function readyWorkspace(page: Page, label: string): Promise<string> {
  await loginWith(page.request, { email: uniqueEmail(label), name: `${label} tester` });
  await page.goto("/workspaces/new");
  // Creating a workspace with the form, and the page following it until it is ready, is
  // workspaces.spec.ts's journey. Here it is only the way in: the filled-in form is sent as
  // the browser would send it, and readiness is checked over HTTP every 200 ms instead of
  // through the page's own 1–2 s refresh.
  await page.getByLabel("Name").fill(`${label} space`);
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create workspace" }) });
  const fields = await form.evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)] as const));
  const created = await page.request.post("/workspaces/new", {
    form: Object.fromEntries(fields),
    headers: { Origin: new URL(page.url()).origin }, // as the browser sends it (the app refuses forms without)
    maxRedirects: 0,
  });
  expect(created.status(), await created.text()).toBe(302);
  const path = new URL(created.headers()["location"]!, page.url()).pathname;
  const status = async () => /class="status status-[\w-]+">([^<]*)</.exec(await (await page.request.get(path)).text())?.[1];
  await expect.poll(status, { timeout: 15_000, intervals: [200] }).toBe("Ready");
  await page.goto(path);
  await expect(page.locator(".status")).toHaveText("Ready");
  return path;
}
