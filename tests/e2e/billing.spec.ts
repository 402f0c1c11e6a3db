/**
 * Billing journeys in the browser, against the Stripe stand-in's hosted pages: choosing a
 * plan during the trial (pricing → confirm → Checkout → welcome), a workspace in a region
 * only the paid plan allows, changing down to Hobby and choosing which workspace keeps
 * running, cancelling and renewing in the Customer Portal; and (with JavaScript) a payment
 * that fails at renewal, the plan ending unpaid, and the card fixed in the portal.
 *
 * The stand-in pushes its webhooks to the app itself (emulators/start-all.ts); nothing here
 * relays events or asks Harbor to sync. The SDK is used only as Stripe's Dashboard would
 * be: to read what Stripe has, and to put a customer on a test clock and move it.
 */
import type { Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./support/fixtures";
import {
  CARD_YEAR,
  customerOf,
  enterCard,
  FAILING_CARD,
  GOOD_CARD,
  payOnCheckout,
  standIn,
  stripe,
  subscriptionOf,
} from "./support/checkout";

const DAY_S = 24 * 60 * 60;

// Dates on Harbor's pages follow the browser's zone; one zone keeps them predictable.
test.use({ timezoneId: "UTC" });

/** A date as Harbor prints it in UTC ("3 March 2027"). */
function day(at: Date | number): string {
  return new Date(at).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** A trial account choosing a plan the short way (the pricing page is the first journey's). */
async function subscribe(page: Page, planId: "hobby@1" | "pro@1", planName: string) {
  await page.goto(`/account/billing/upgrade?plan=${planId}`);
  await expect(page.getByRole("heading", { name: `Choose the ${planName} plan` })).toBeVisible();
  await payOnCheckout(page, planName);
}

/** Creates a workspace with the form (and, unless told not to, follows its page until it is ready); returns its path. */
async function createWorkspace(
  page: Page,
  name: string,
  region: "Europe (EU)" | "United States (US)",
  options = { waitReady: true },
) {
  await page.goto("/workspaces/new");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(region).check();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const path = new URL(page.url()).pathname;
  expect(path).toMatch(/^\/workspaces\/[\w-]+$/);
  if (!options.waitReady) return path;
  await expect(page.locator(".status")).toHaveText("Ready", { timeout: 15_000 });
  await expect(page.getByText(region)).toBeVisible();
  return path;
}

const billingStatus = (page: Page) => page.getByTestId("billing-status");

test.describe("billing", () => {
  // Without JavaScript, paying through Checkout and changing plan is the newcomer journey's.
  test("a trial account chooses Pro, runs a US workspace, then moves to Hobby and chooses which EU one keeps running @js-only", async ({
    page,
    login,
    expectAccessible,
  }) => {
    const email = uniqueEmail("upgrade");
    await login({ email, name: "Uma Upgrade" });

    await test.step("pricing shows the plans and their prices, and the trial note", async () => {
      await page.goto("/pricing");
      await expect(page.getByRole("heading", { name: "Plans and prices", level: 1 })).toBeVisible();
      await expect(page.getByTestId("plan-hobby@1").locator(".price")).toHaveText("€9.00 a month");
      await expect(page.getByTestId("plan-pro@1").locator(".price")).toHaveText("€29.00 a month");
      await expect(page.getByTestId("plan-trial@1").locator(".price")).toHaveText("Free");
      await expect(page.getByTestId("plan-trial@1")).toContainText("Your plan");
      await expect(page.getByTestId("plan-hobby@1").getByRole("link", { name: "Choose Hobby" })).toBeVisible();
      await expect(
        page.getByText("Choosing a plan during your free trial starts it at once: your trial ends that day"),
      ).toBeVisible();
      await expectAccessible(page);
    });

    await test.step("choose Pro: the confirm page, then Checkout with a good card", async () => {
      await page.getByTestId("plan-pro@1").getByRole("link", { name: "Choose Pro" }).click();
      await expect(page).toHaveURL(/\/account\/billing\/upgrade\?plan=pro(%40|@)1$/);
      await expect(page.getByRole("heading", { name: "Choose the Pro plan" })).toBeVisible();
      await expect(page.getByText("€29.00 a month, taken today and then every month.")).toBeVisible();
      await expect(page.getByText("Your free trial ends today and this plan starts at once.")).toBeVisible();
      await payOnCheckout(page, "Pro");
    });

    await test.step("billing shows Pro, active, with its renewal and the card", async () => {
      await page.getByRole("link", { name: "See billing" }).click();
      await expect(page.getByTestId("billing-plan")).toHaveText("Pro");
      await expect(billingStatus(page)).toHaveText("Active");
      const sub = await subscriptionOf((await customerOf(email)).id);
      const periodEnd = sub.items.data[0]!.current_period_end * 1000;
      await expect(page.getByTestId("billing-line")).toHaveText(`Renews on ${day(periodEnd)} for €29.00 a month.`);
      await expect(page.getByTestId("billing-card")).toHaveText(`Visa ending in 4242, expires 12/${CARD_YEAR}`);
      await expect(page.getByTestId("invoices")).toContainText("€29.00");
      await expect(page.getByTestId("invoices")).toContainText("Paid");
      await expectAccessible(page);
    });

    const us = await test.step("a workspace in the US, which Pro allows, becomes Ready", () =>
      createWorkspace(page, "Liberty Works", "United States (US)"));
    // The EU ones need not be Ready for the plan change: they are set up meanwhile.
    const eu = await test.step("and one in the EU", () =>
      createWorkspace(page, "Rhine Works", "Europe (EU)", { waitReady: false }));

    const seine = await test.step("a second EU workspace", () =>
      createWorkspace(page, "Seine Works", "Europe (EU)", { waitReady: false }));

    await test.step("changing to Hobby says what stops and asks which EU workspace to keep; the US one can't be", async () => {
      await page.goto("/account/billing");
      await page.getByRole("link", { name: "Change plan" }).click();
      await expect(page.getByText("You're on the Pro plan.")).toBeVisible();
      await page.getByLabel(/^Hobby · €9\.00 a month/).check();
      await page.getByRole("button", { name: "Show what changes" }).click();
      await expect(page).toHaveURL(/plan=hobby%401/);
      await expect(page.getByRole("heading", { name: "What the Hobby plan includes" })).toBeVisible();
      await expect(page.getByTestId("what-stops").getByRole("listitem")).toContainText([
        "Liberty Works would be paused: the plan doesn't include United States (US).",
      ]);
      const choices = page.getByTestId("keep-choices");
      await expect(page.getByRole("group", { name: "Choose the workspace to keep running" })).toBeVisible();
      await expect(choices.getByRole("checkbox")).toHaveCount(3);
      await expect(choices.getByRole("checkbox", { name: /Liberty Works/ })).toBeDisabled();
      await expect(choices).toContainText("Liberty Works can't be kept on this plan");
      await expect(choices.getByRole("checkbox", { name: /Rhine Works/ })).toBeEnabled();
      await expect(choices.getByRole("checkbox", { name: /Seine Works/ })).toBeEnabled();
      await expectAccessible(page);
      // Keeping the newer one: the choice, not the default (the oldest), decides.
      await choices.getByRole("checkbox", { name: /Rhine Works/ }).uncheck();
      await choices.getByRole("checkbox", { name: /Seine Works/ }).check();
      await page.getByRole("button", { name: "Switch to Hobby" }).click();
    });

    await test.step("billing says Hobby; the others are paused, their data kept for 14 days", async () => {
      await expect(page).toHaveURL(/\/account\/billing\?changed=hobby%401/);
      await expect(page.getByTestId("billing-notice")).toHaveText("You're now on the Hobby plan.");
      await expect(page.getByTestId("billing-plan")).toHaveText("Hobby");
      await expect(billingStatus(page)).toHaveText("Active");
      const paused = page.getByRole("region", { name: "Paused workspaces" });
      const keptUntil = `Data kept until ${day(Date.now() + 14 * DAY_S * 1000)}.`;
      await expect(paused.getByRole("listitem")).toHaveText([`Liberty Works · ${keptUntil}`, `Rhine Works · ${keptUntil}`], {
        useInnerText: true,
      });
      await expect(paused.getByRole("link", { name: "Liberty Works" })).toHaveAttribute("href", us);
      await expectAccessible(page);
      const sub = await subscriptionOf((await customerOf(email)).id);
      expect(sub.items.data[0]!.price.lookup_key).toBe("price_hobby_01");
    });

    await test.step("the US workspace shows Paused and why; the one kept is Ready", async () => {
      await page.getByRole("region", { name: "Paused workspaces" }).getByRole("link", { name: "Liberty Works" }).click();
      await expect(page.locator(".status")).toHaveText("Paused", { timeout: 10_000 });
      await expect(page.getByTestId("status-description")).toHaveText(
        "Your current plan doesn't include this workspace, so it is paused. Your work is kept safe; upgrade your plan, or choose it as one to keep, to switch it back on.",
      );
      const help = page.getByTestId("paused-help");
      await expect(help).toContainText(
        `Its data is kept until ${day(Date.now() + 14 * DAY_S * 1000)}; after that it is deleted.`,
      );
      await expect(help.getByRole("link", { name: "Change plan" })).toBeVisible();
      await expect(page.getByTestId("timeline")).toContainText("Paused because the current plan doesn't include it.");
      await page.goto(eu);
      await expect(page.locator(".status")).toHaveText("Paused", { timeout: 10_000 });
      await page.goto(seine);
      await expect(page.locator(".status")).toHaveText("Ready");
    });
  });

  test("cancel in the portal, the plan ends on a date; don't cancel, it is active again", async ({ page, login }) => {
    const email = uniqueEmail("cancel");
    await login({ email, name: "Cass Cancel" });
    await subscribe(page, "hobby@1", "Hobby");
    const sub = await subscriptionOf((await customerOf(email)).id);
    const periodEnd = sub.items.data[0]!.current_period_end * 1000;
    const manage = page.getByRole("button", { name: "Manage billing" });
    const planCard = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Current plan" }) });

    await test.step("Manage billing opens the portal; cancel there", async () => {
      await page.goto("/account/billing");
      await expect(billingStatus(page)).toHaveText("Active");
      await manage.click();
      await expect(page).toHaveURL(new RegExp(`^${standIn}/p/session/bps_`));
      await expect(planCard).toContainText("Harbor Hobby");
      await planCard.getByRole("link", { name: "Cancel plan" }).click();
      await page.getByRole("button", { name: "Cancel plan" }).click();
      await expect(page.getByRole("status")).toHaveText("Your plan has been cancelled.");
    });

    await test.step("back on Harbor: the plan ends on the period's last day", async () => {
      await page.getByRole("link", { name: "Return to Harbor" }).click();
      await expect(page).toHaveURL(/\/account\/billing\?notice=returned$/);
      await expect(page.getByTestId("billing-notice")).toHaveText("Your billing details are up to date.");
      await expect(billingStatus(page)).toHaveText("Ends soon");
      await expect(page.getByTestId("billing-line")).toHaveText(
        `Your plan ends on ${day(periodEnd)}. Your workspaces keep running until then.`,
      );
    });

    await test.step("portal again: don't cancel; back on Harbor it is active and renews", async () => {
      await manage.click();
      await expect(page).toHaveURL(new RegExp(`^${standIn}/p/session/bps_`));
      await planCard.getByRole("button", { name: "Don't cancel" }).click();
      await expect(page.getByRole("status")).toHaveText("Your plan will renew.");
      await page.getByRole("link", { name: "Return to Harbor" }).click();
      await expect(page).toHaveURL(/\/account\/billing\?notice=returned$/);
      await expect(billingStatus(page)).toHaveText("Active");
      await expect(page.getByTestId("billing-line")).toHaveText(`Renews on ${day(periodEnd)} for €9.00 a month.`);
    });
  });

  test("a failed renewal, the plan ending unpaid, and the card fixed in the portal @js-only", async ({ page, login }) => {
    test.setTimeout(60_000);
    const email = uniqueEmail("dunning");
    await login({ email, name: "Dana Dunning" });
    await subscribe(page, "hobby@1", "Hobby");
    const workspace = await createWorkspace(page, "Dunning Works", "Europe (EU)");
    const customer = await customerOf(email);

    await test.step("in the portal, the card becomes one that attaches but every charge fails", async () => {
      await page.goto("/account/billing");
      await page.getByRole("button", { name: "Manage billing" }).click();
      const paymentCard = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Payment method" }) });
      await paymentCard.getByRole("link", { name: "Update payment method" }).click();
      await enterCard(page, FAILING_CARD);
      await page.getByRole("button", { name: "Add" }).click();
      await expect(page.getByRole("status")).toHaveText("Your payment method has been updated.");
      await page.getByRole("link", { name: "Return to Harbor" }).click();
      await expect(page.getByTestId("billing-card")).toHaveText(/^Visa ending in 0341, /);
    });

    // The customer follows a test clock from now on, starting at the stand-in's present.
    const { now } = (await (await page.request.get(`${standIn}/__control/clock`)).json()) as { now: number };
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: now, name: email });
    const attached = await page.request.post(`${standIn}/__control/test-clocks/attach`, {
      data: { customer: customer.id, testClock: clock.id },
    });
    expect(attached.ok(), await attached.text()).toBe(true);
    const advanceTo = async (frozenTime: number) => {
      await stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: frozenTime });
      await expect
        .poll(async () => (await stripe.testHelpers.testClocks.retrieve(clock.id)).status, { timeout: 15_000, intervals: [100] })
        .toBe("ready");
    };

    await test.step("past the renewal: the payment fails; billing says so, the workspace still runs", async () => {
      await advanceTo(now + 31 * DAY_S + 2 * 3600);
      expect((await subscriptionOf(customer.id)).status).toBe("past_due");
      await expect(async () => {
        await page.goto("/account/billing");
        await expect(billingStatus(page)).toHaveText("Payment problem", { timeout: 500 });
      }).toPass({ timeout: 10_000 });
      await expect(page.getByTestId("billing-problem")).toHaveText(
        "Your last payment didn't go through. We'll try again in a few days; your workspaces keep running meanwhile. Update your card to pay now.",
      );
      await page.goto("/workspaces");
      await expect(page.getByTestId("payment-banner")).toContainText(
        "Your last payment didn't go through. Your workspaces keep running while we try again; update your card to fix it now.",
      );
      // The way to pay now: straight into the portal's card form.
      await page.goto("/account/billing");
      await page.getByRole("button", { name: "Update card and pay" }).click();
      await expect(page).toHaveURL(new RegExp(`^${standIn}/p/session/bps_`));
      await expect(page.getByRole("heading", { name: "Add a payment method" })).toBeVisible();
      await page.goto(workspace);
      await expect(page.locator(".status")).toHaveText("Ready");
      await expect(page.getByTestId("status-description")).toHaveText("Your workspace is up and running.");
    });

    await test.step("every retry fails: the plan ends unpaid and the workspace is paused", async () => {
      await advanceTo(now + 61 * DAY_S + 2 * 3600);
      expect((await subscriptionOf(customer.id)).status).toBe("unpaid");
      await expect(async () => {
        await page.goto(workspace);
        await expect(page.locator(".status")).toHaveText("Paused", { timeout: 500 });
      }).toPass({ timeout: 10_000 });
      await expect(page.getByTestId("status-description")).toHaveText(
        "We couldn't take your last payment, so this workspace is paused. Your work is kept safe; update your payment details to switch it back on.",
      );
      const help = page.getByTestId("paused-help");
      await expect(help).toContainText(
        `Its data is kept until ${day(Date.now() + 14 * DAY_S * 1000)}; after that it is deleted.`,
      );
      await expect(help.getByRole("button", { name: "Update card" })).toBeVisible();
      await page.goto("/workspaces");
      await expect(page.getByTestId("payment-banner")).toContainText(
        "Your last payment didn't go through, so your workspaces are paused. Update your card to switch them back on.",
      );
    });

    await test.step("a good card in the portal: the workspace is Ready within seconds, by the webhook alone", async () => {
      await page.goto("/account/billing");
      await expect(page.getByTestId("billing-problem")).toHaveText(
        "Your last payment didn't go through, so your workspaces are paused. Update your card and we'll take the payment straight away.",
      );
      await expect(billingStatus(page)).toHaveText("Ended");
      await expect(page.getByRole("button", { name: "Update card and pay" })).toBeVisible();
      // The workspace page, open in a second tab. Until it is Ready nobody goes back to Harbor
      // through the portal's return address (which syncs at once): what switches the
      // workspace back on is the stand-in's webhook, the billing queue and the coordinator.
      const watcher = await page.context().newPage();
      await watcher.goto(workspace);
      await expect(watcher.locator(".status")).toHaveText("Paused");

      await page.getByRole("button", { name: "Manage billing" }).click();
      await expect(page).toHaveURL(new RegExp(`^${standIn}/p/session/bps_`));
      await page.getByRole("link", { name: "Update payment method" }).click();
      await enterCard(page, GOOD_CARD);
      const submitted = Date.now();
      await page.getByRole("button", { name: "Add" }).click();
      await expect(page.getByRole("status")).toHaveText("Your payment method has been updated.");

      // The page refreshes itself while the workspace switches back on; while it still shows
      // the pause (nothing changing yet, so no refresh) it is loaded again.
      let first = true;
      await expect(async () => {
        if (!first) await watcher.reload();
        first = false;
        await expect(watcher.locator(".status")).toHaveText("Ready", { timeout: 1_000 });
      }).toPass({ timeout: 30_000, intervals: [0] });
      const elapsed = Date.now() - submitted;
      console.log(`billing: card updated → Ready in ${elapsed} ms`);
      expect(elapsed).toBeLessThan(30_000);
      await expect(watcher.getByTestId("timeline")).toContainText("It's switched back on.");
      await watcher.close();
      expect((await subscriptionOf(customer.id)).status).toBe("active");

      await page.getByRole("link", { name: "Return to Harbor" }).click();
      await expect(page).toHaveURL(/\/account\/billing\?notice=returned$/);
      await expect(billingStatus(page)).toHaveText("Active");
      await expect(page.getByTestId("billing-problem")).toHaveCount(0);
      await expect(page.getByTestId("billing-card")).toHaveText(/^Visa ending in 4242, /);
    });
  });
});
