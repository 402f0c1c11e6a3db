import AxeBuilder from "@axe-core/playwright";
import { recordTraffic } from "./traffic";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";

/**
 * Every test fails on an unexpected console error or uncaught page error (a CSP
 * violation shows up here too), and can check a page with axe.
 */
export const test = base.extend<{
  traffic: void;
  consoleErrors: string[];
  /** URLs a test expects to answer with an error status (e.g. the not-found page). */
  allowHttpErrors: RegExp[];
  expectAccessible: (page: Page) => Promise<void>;
}>({
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
  expectAccessible: async ({ browser }, use) => {
    await use(async (page: Page) => {
      // axe runs inside the page. With JavaScript off it cannot, so check the same
      // server-rendered markup (scripts removed) in a scratch page that allows it.
      const jsOff = test.info().project.use.javaScriptEnabled === false;
      let target = page;
      let scratch: BrowserContext | null = null;
      if (jsOff) {
        const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
        scratch = await browser.newContext({ javaScriptEnabled: true });
        target = await scratch.newPage();
        await target.route(page.url(), (route) => route.fulfill({ body: html, contentType: "text/html" }));
        await target.goto(page.url());
      }
      try {
        const results = await new AxeBuilder({ page: target }).analyze();
        const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
      } finally {
        await scratch?.close();
      }
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

/** Signs in through our form and the Google stand-in's account chooser (a typed-in person). */
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
  await signInAs(page, { email: uniqueEmail(label), name: `${label} tester` });
  await page.goto("/workspaces/new");
  await page.getByLabel("Name").fill(`${label} space`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator(".status")).toHaveText("Ready", { timeout: 15_000 });
  return new URL(page.url()).pathname;
}
