/**
 * The Stripe stand-in's hosted pages (emulators/stripe, contract §7): Checkout with a bad
 * number, a decline and 3-D Secure; the Customer Portal's cancel / don't cancel, card
 * update, invoice history and return link; and a portal feature turned off in the
 * configuration disappearing. Harbor has no billing yet, so the test sets things up with
 * the real `stripe` SDK against the stand-in and drives only its pages.
 */
import Stripe from "stripe";
import { ensureDevVars, localWorld } from "../../scripts/local-world.ts";
import { expect, test, uniqueEmail } from "./support/fixtures";

const world = localWorld("test");
const standIn = `http://localhost:${world.stripePort}`;
const stripe = new Stripe(ensureDevVars().STRIPE_SECRET_KEY!, { host: "localhost", port: world.stripePort, protocol: "http" });

const EXPIRY = `12 / ${String((new Date().getUTCFullYear() + 3) % 100).padStart(2, "0")}`;
const AUTH_FAILED = "We are unable to authenticate your payment method. Please choose a different payment method and try again.";

/** A date as the hosted pages print it ("3 March 2027"). */
function day(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

async function enterCard(page: import("@playwright/test").Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM / YY)").fill(EXPIRY);
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Hosted Pages Tester");
}

test("checkout, customer portal and hosted invoice on the Stripe stand-in", async ({ page, expectAccessible }) => {
  const reset = await page.request.post(`${standIn}/__control/reset`);
  expect(reset.ok()).toBe(true);

  const {
    data: [hobby],
  } = await stripe.prices.list({ lookup_keys: ["price_hobby_01"] });
  expect(hobby).toBeDefined();
  const email = uniqueEmail("stripe-pages");
  const customer = await stripe.customers.create({ email, name: "Hosted Pages Tester" });
  const cancelUrl = `${standIn}/healthz?checkout=cancelled`;
  const session = await stripe.checkout.sessions.create({
    mode: "subscription",
    customer: customer.id,
    line_items: [{ price: hobby!.id, quantity: 1 }],
    success_url: `${standIn}/healthz?session={CHECKOUT_SESSION_ID}`,
    cancel_url: cancelUrl,
  });
  const checkoutUrl = session.url!;
  // Accessibility findings are collected and asserted at the end, so one finding does not
  // hide how the rest of the journey went.
  const axeFindings: string[] = [];
  const checkAccessible = (where: string) =>
    expectAccessible(page).catch((e: Error) => {
      const rules = [...e.message.matchAll(/"([\w-]+: [^"]*)"/g)].map((m) => m[1]!);
      axeFindings.push(...(rules.length ? rules : [e.message]).map((finding) => `${where} · ${finding}`));
    });
  const subscribe = page.getByRole("button", { name: "Subscribe" });
  const alert = page.getByRole("alert");

  await test.step("checkout shows what is bought and the card form", async () => {
    await page.goto(checkoutUrl);
    await expect(page.getByText("Subscribe to Harbor Hobby")).toBeVisible();
    await expect(page.locator(".price")).toContainText("€9.00");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page.getByLabel("Email")).not.toBeEditable();
    for (const label of ["Card number", "Expiration (MM / YY)", "CVC", "Name on card"])
      await expect(page.getByLabel(label)).toBeEditable();
    await expect(subscribe).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to Harbor" })).toHaveAttribute("href", cancelUrl);
    await checkAccessible("checkout");
  });

  await test.step("an invalid number is refused on the page", async () => {
    await enterCard(page, "4242 4242 4242 4241");
    await subscribe.click();
    await expect(alert).toHaveText("Your card number is invalid.");
    await expect(page.getByLabel("Card number")).toHaveAttribute("aria-invalid", "true");
    expect(new URL(page.url()).pathname).toBe(new URL(checkoutUrl).pathname);
  });

  await test.step("a decline is shown inline and the session stays open", async () => {
    await enterCard(page, "4000 0000 0000 9995");
    await subscribe.click();
    await expect(alert).toHaveText("Your card has insufficient funds.");
    await expect(subscribe).toBeVisible();
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  await test.step("3-D Secure: a failed authentication returns to the form", async () => {
    await enterCard(page, "4000 0025 0000 3155");
    await subscribe.click();
    await expect(page).toHaveURL(`${checkoutUrl}/authenticate`);
    await expect(page.getByRole("button", { name: "Complete" })).toBeVisible();
    await page.getByRole("button", { name: "Fail" }).click();
    await expect(alert).toHaveText(AUTH_FAILED);
    await expect(subscribe).toBeVisible();
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("open");
  });

  await test.step("3-D Secure completed: redirected to success_url with the session id", async () => {
    await enterCard(page, "4000 0025 0000 3155");
    await subscribe.click();
    await expect(page).toHaveURL(`${checkoutUrl}/authenticate`);
    await page.getByRole("button", { name: "Complete" }).click();
    await expect(page).toHaveURL(`${standIn}/healthz?session=${session.id}`);
  });

  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["subscription"] });
  expect(done.status).toBe("complete");
  expect(done.payment_status).toBe("paid");
  const sub = done.subscription as Stripe.Subscription;
  expect(sub.status).toBe("active");
  expect(sub.items.data[0]!.price.id).toBe(hobby!.id);
  const periodEnd = sub.items.data[0]!.current_period_end;

  const returnUrl = `${standIn}/healthz?from=portal`;
  const portal = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: returnUrl });
  const planCard = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Current plan" }) });

  await test.step("portal: the current plan and its renewal", async () => {
    await page.goto(portal.url);
    await expect(planCard).toContainText("Harbor Hobby");
    await expect(planCard).toContainText("€9.00");
    await expect(planCard).toContainText(`Your plan renews on ${day(periodEnd)}.`);
    await checkAccessible("portal");
  });

  await test.step("portal: cancel with a reason, then don't cancel", async () => {
    await planCard.getByRole("link", { name: "Cancel plan" }).click();
    await page.getByLabel("It's too expensive").check();
    await page.getByRole("button", { name: "Cancel plan" }).click();
    await expect(page.getByRole("status")).toHaveText("Your plan has been cancelled.");
    await expect(planCard).toContainText(`Your plan will be cancelled on ${day(periodEnd)}.`);
    await expect(planCard.getByRole("link", { name: "Cancel plan" })).toHaveCount(0);
    const cancelled = await stripe.subscriptions.retrieve(sub.id);
    expect(cancelled.cancel_at).toBe(periodEnd); // flexible billing mode: cancel_at, not cancel_at_period_end
    expect(cancelled.cancel_at_period_end).toBe(false);
    expect(cancelled.cancellation_details?.feedback).toBe("too_expensive");

    await planCard.getByRole("button", { name: "Don't cancel" }).click();
    await expect(page.getByRole("status")).toHaveText("Your plan will renew.");
    await expect(planCard).toContainText(`Your plan renews on ${day(periodEnd)}.`);
    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.cancel_at).toBeNull();
    expect(renewed.cancel_at_period_end).toBe(false);
  });

  await test.step("portal: update the payment method", async () => {
    const paymentCard = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Payment method" }) });
    await expect(paymentCard).toContainText("VISA •••• 3155");
    await paymentCard.getByRole("link", { name: "Update payment method" }).click();
    await enterCard(page, "5555 5555 5555 4444");
    await page.getByRole("button", { name: "Add" }).click();
    await expect(page.getByRole("status")).toHaveText("Your payment method has been updated.");
    await expect(paymentCard).toContainText(`MASTERCARD •••• 4444 · Expires 12/${new Date().getUTCFullYear() + 3}`);
    const updated = await stripe.customers.retrieve(customer.id, { expand: ["invoice_settings.default_payment_method"] });
    const pm = (updated as Stripe.Customer).invoice_settings.default_payment_method as Stripe.PaymentMethod;
    expect(pm.card?.brand).toBe("mastercard");
    expect(pm.card?.last4).toBe("4444");
  });

  await test.step("portal: invoice history links the paid hosted invoice", async () => {
    const history = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Invoice history" }) });
    await expect(history.getByRole("row")).toHaveCount(1);
    await expect(history.getByRole("row")).toContainText("€9.00");
    await expect(history.getByRole("row")).toContainText("Paid");
    await expect(page.getByRole("link", { name: "Return to Harbor" })).toHaveAttribute("href", returnUrl);
    await history.getByRole("link", { name: "View invoice" }).click();
    await expect(page).toHaveURL(new RegExp(`^${standIn}/i/in_`));
    await expect(page.getByRole("heading", { name: "Invoice from Harbor" })).toBeVisible();
    await expect(page.getByText(/^Paid on /)).toBeVisible();
    await expect(page.getByRole("button", { name: /^Pay/ })).toHaveCount(0);
  });

  await test.step("portal: a feature turned off in the configuration is not offered", async () => {
    const {
      data: [config],
    } = await stripe.billingPortal.configurations.list({ is_default: true });
    expect(config).toBeDefined();
    await stripe.billingPortal.configurations.update(config!.id, { features: { subscription_cancel: { enabled: false } } });
    try {
      const restricted = await stripe.billingPortal.sessions.create({ customer: customer.id, return_url: returnUrl });
      await page.goto(restricted.url);
      await expect(planCard).toContainText("Harbor Hobby");
      await expect(planCard.getByRole("link", { name: "Update plan" })).toBeVisible();
      await expect(page.getByRole("link", { name: "Cancel plan" })).toHaveCount(0);
      // Nor does its address open the form.
      await page.goto(`${restricted.url}/cancel`);
      await expect(planCard).toBeVisible();
      await expect(page.getByRole("button", { name: "Cancel plan" })).toHaveCount(0);
    } finally {
      await stripe.billingPortal.configurations.update(config!.id, { features: { subscription_cancel: { enabled: true } } });
    }
  });

  expect(axeFindings, "serious or critical axe findings on the hosted pages").toEqual([]);
});
