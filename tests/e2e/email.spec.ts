/**
 * Lifecycle emails, end to end: Harbor's outbox and queue send them through the Resend SDK
 * to the Resend stand-in, and a person reads them in its dev inbox and follows the one
 * button back into Harbor. The welcome email after a real first sign-in; the trial reminder
 * 3 days before the trial ends (once, however often the hourly cron fires); and the
 * payment-failed email after a renewal fails, whose button opens Stripe's card update.
 *
 * Nothing here sends email or relays webhooks itself: the inbox is only read.
 */
import Stripe from "stripe";
import type { Page } from "@playwright/test";
import { ensureDevVars, localWorld } from "../../scripts/local-world.ts";
import { expect, fireCron, moveClock, signInAs, test, uniqueEmail } from "./support/fixtures";

const world = localWorld("test");
const appOrigin = `http://localhost:${world.appPort}`;
const resend = `http://localhost:${world.resendPort}`;
const stripeStandIn = `http://localhost:${world.stripePort}`;
const stripe = new Stripe(ensureDevVars().STRIPE_SECRET_KEY!, { host: "localhost", port: world.stripePort, protocol: "http" });

const DAY_MS = 24 * 60 * 60 * 1000;
const DAY_S = DAY_MS / 1000;
const EXPIRY = `12 / ${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;
const GOOD_CARD = "4242 4242 4242 4242";
/** Attaches, then every charge fails (card_declined). */
const FAILING_CARD = "4000 0000 0000 0341";

interface InboxEmail {
  id: string;
  subject: string;
  to: string[];
  html: string | null;
  text: string | null;
}

/** Email dates are written in the account's zone (UTC for new accounts): "3 March 2027". */
function emailDay(at: number | string): string {
  return new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** What the dev inbox holds for one address (its JSON twin of `/inbox?to=`), newest first. */
async function inboxFor(page: Page, to: string): Promise<InboxEmail[]> {
  const res = await page.request.get(`${resend}/inbox.json?to=${encodeURIComponent(to)}`);
  expect(res.ok()).toBe(true);
  return ((await res.json()) as { data: InboxEmail[] }).data;
}

/** Subjects in the inbox for `to` that match. */
async function subjectsFor(page: Page, to: string, subject: RegExp): Promise<string[]> {
  return (await inboxFor(page, to)).map((e) => e.subject).filter((s) => subject.test(s));
}

/** Waits until exactly one email matching `subject` has arrived for `to`. */
async function waitForEmail(page: Page, to: string, subject: RegExp, timeout = 15_000) {
  await expect.poll(() => subjectsFor(page, to, subject), { timeout, intervals: [250, 500, 1000] }).toHaveLength(1);
}

/**
 * The one button of an email's HTML: where it goes and its words (read from the markup the
 * inbox shows in its sandboxed frame, where no script, Playwright's included, may run).
 */
function emailButton(html: string): { href: string; label: string } {
  const buttons = [...html.matchAll(/<a\b([^>]*\bdata-email-button\b[^>]*)>([\s\S]*?)<\/a>/gi)];
  expect(buttons, "exactly one button").toHaveLength(1);
  const [, attributes, inner] = buttons[0]!;
  const href = /\bhref="([^"]*)"/.exec(attributes!)?.[1] ?? "";
  const label = inner!
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/[\s\u200b-\u200f\ufeff]+/g, " ")
    .trim();
  return { href: href.replaceAll("&amp;", "&"), label };
}

/**
 * Opens the dev inbox searched by address, as a person would, and the message whose subject
 * matches; checks its one button's words and returns where it leads (read from the HTML).
 * The inbox is another tab of the same browser: it is the stand-in's page, not Harbor's, so
 * Harbor's console checks (on the test's page) are not about it — Chromium reports every
 * look Playwright takes into the message's sandboxed frame as a blocked script.
 */
async function openEmailButton(page: Page, to: string, subject: RegExp, button: string): Promise<string> {
  const inbox = await page.context().newPage();
  try {
    await inbox.goto(`${resend}/inbox`);
    await inbox.getByLabel("Recipient").fill(to);
    await inbox.getByRole("button", { name: "Search" }).click();
    await expect(inbox).toHaveURL(`${resend}/inbox?to=${encodeURIComponent(to)}`);
    await inbox.getByRole("link", { name: subject }).click();
    await expect(inbox.getByRole("heading", { level: 1, name: subject })).toBeVisible();
    await expect(inbox.getByRole("cell", { name: to, exact: true })).toBeVisible();
    // The plain-text part has the same button's words.
    await expect(inbox.locator("pre")).toContainText(button);
    const html = await inbox.locator('iframe[title="HTML part"]').getAttribute("srcdoc");
    expect(html, "the message's HTML part").toBeTruthy();
    const found = emailButton(html!);
    expect(found.label).toBe(button);
    return found.href;
  } finally {
    await inbox.close();
  }
}

/** The stand-in's customer Harbor made for this email. */
async function customerOf(email: string): Promise<Stripe.Customer> {
  const { data } = await stripe.customers.list({ email, limit: 1 });
  expect(data, `a Stripe customer for ${email}`).toHaveLength(1);
  return data[0]!;
}

async function enterCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM / YY)").fill(EXPIRY);
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Email Tester");
}

test.describe("lifecycle emails in the dev inbox", () => {
  test("a new account's welcome email leads to creating a first workspace", async ({ page }) => {
    const email = uniqueEmail("welcome");
    await signInAs(page, { email, name: "Wendy Welcome" });

    const subject = /^Welcome to Harbor: your free trial runs until \d{1,2} [A-Z][a-z]+ \d{4}$/;
    await waitForEmail(page, email, subject);
    const href = await openEmailButton(page, email, subject, "Create your first workspace");
    expect(href).toBe(`${appOrigin}/workspaces/new`);

    // The same browser, still signed in from the sign-in above.
    await page.goto(href);
    await expect(page).toHaveURL(`${appOrigin}/workspaces/new`);
    await expect(page.getByRole("heading", { level: 1, name: "New workspace" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Create workspace" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Wendy Welcome");
  });

  test.describe("with the app's clock moved", () => {
    test.afterEach(async ({ page }) => moveClock(page, { reset: true }));

    test("3 days before the trial ends, one reminder whose button leads to the plans", async ({ page, login }) => {
      const email = uniqueEmail("reminder");
      const account = await login({ email, name: "Rita Reminder" });
      expect(account.trialEndsAt).not.toBeNull();
      const trialEnds = emailDay(account.trialEndsAt!);
      const threeDays = new RegExp(`^Your Harbor free trial ends in 3 days, on ${trialEnds}$`);
      const oneDay = new RegExp(`^Your Harbor free trial ends tomorrow, ${trialEnds}$`);

      await test.step("11 days on, the hourly cron (fired twice) sends the 3-day reminder", async () => {
        await moveClock(page, { advanceMs: 11 * DAY_MS + 60_000 });
        await fireCron(page, "0 * * * *");
        await fireCron(page, "0 * * * *");
        await waitForEmail(page, email, threeDays);
      });

      await test.step("its button leads to the pricing page", async () => {
        const href = await openEmailButton(page, email, threeDays, "Choose a plan");
        expect(href).toBe(`${appOrigin}/pricing`);
        await page.goto(href);
        await expect(page.getByRole("heading", { level: 1, name: "Plans and prices" })).toBeVisible();
        await expect(page.getByTestId("plan-trial@1")).toContainText("Your plan");
      });

      await test.step("a day before the end, the 1-day reminder; the 3-day one was still sent once", async () => {
        // The later email is the marker that whatever the second cron run queued has been
        // handled: the 3-day reminder must not have been sent again meanwhile.
        await moveClock(page, { advanceMs: 2 * DAY_MS });
        await fireCron(page, "0 * * * *");
        await waitForEmail(page, email, oneDay);
        expect(await subjectsFor(page, email, threeDays)).toHaveLength(1);
        expect(await subjectsFor(page, email, /free trial ends/)).toHaveLength(2);
      });
    });
  });

  test("a failed renewal's email opens Stripe's card update", async ({ page, login }) => {
    test.setTimeout(60_000);
    const email = uniqueEmail("card-failed");
    await login({ email, name: "Fay Failed" });

    await test.step("on Hobby, paid with a good card in Checkout", async () => {
      await page.goto("/account/billing/upgrade?plan=hobby@1");
      await page.getByRole("button", { name: "Continue to payment" }).click();
      await expect(page).toHaveURL(new RegExp(`^${stripeStandIn}/c/pay/cs_`));
      await enterCard(page, GOOD_CARD);
      await page.getByRole("button", { name: "Subscribe" }).click();
      await expect(page).toHaveURL(/\/account\/billing\/welcome\?session_id=cs_/);
      await expect(page.getByTestId("welcome-plan")).toHaveText("You're on the Hobby plan");
    });

    await test.step("in the portal, the card becomes one whose charges fail", async () => {
      await page.goto("/account/billing");
      await page.getByRole("button", { name: "Manage billing" }).click();
      await expect(page).toHaveURL(new RegExp(`^${stripeStandIn}/p/session/bps_`));
      const paymentCard = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Payment method" }) });
      await paymentCard.getByRole("link", { name: "Update payment method" }).click();
      await enterCard(page, FAILING_CARD);
      await page.getByRole("button", { name: "Add" }).click();
      await expect(page.getByRole("status")).toHaveText("Your payment method has been updated.");
      // Back on Harbor (which syncs at once) before the renewal: Harbor knows the card the
      // renewal will be tried with, so the failure is the renewal's own, attempt 1.
      await page.getByRole("link", { name: "Return to Harbor" }).click();
      await expect(page).toHaveURL(/\/account\/billing\?notice=returned$/);
      await expect(page.getByTestId("billing-card")).toHaveText(/^Visa ending in 0341, /);
    });

    await test.step("past the renewal on a test clock, the payment fails", async () => {
      const customer = await customerOf(email);
      const { now } = (await (await page.request.get(`${stripeStandIn}/__control/clock`)).json()) as { now: number };
      const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now, name: email });
      const attached = await page.request.post(`${stripeStandIn}/__control/test-clocks/attach`, {
        data: { customer: customer.id, testClock: clock.id },
      });
      expect(attached.ok(), await attached.text()).toBe(true);
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: now + 31 * DAY_S + 2 * 3600 });
      await expect
        .poll(async () => (await stripe.testHelpers.testClocks.retrieve(clock.id)).status, { timeout: 15_000, intervals: [100] })
        .toBe("ready");
      const { data } = await stripe.subscriptions.list({ customer: customer.id, status: "all", limit: 1 });
      expect(data[0]?.status).toBe("past_due");
    });

    const subject = /^Your Harbor payment of €9\.00 didn't go through$/;
    await test.step("the payment-failed email arrives", () => waitForEmail(page, email, subject, 20_000));

    await test.step("its button opens the Stripe portal's card update", async () => {
      const href = await openEmailButton(page, email, subject, "Update your card");
      expect(href).toBe(`${appOrigin}/account/billing/portal?flow=card`);
      await page.goto(href);
      await expect(page).toHaveURL(new RegExp(`^${stripeStandIn}/p/session/bps_`));
      await expect(page.getByRole("heading", { name: "Add a payment method" })).toBeVisible();
      await expect(page.getByLabel("Card number")).toBeVisible();
      await expect(page.getByRole("button", { name: "Add" })).toBeVisible();
    });
  });
});
