/**
 * Paying through the Stripe stand-in's hosted Checkout, and reading what Stripe has the way
 * Stripe's Dashboard would (the SDK against the stand-in): shared by the billing journeys
 * and the newcomer's journey.
 */
import Stripe from "stripe";
import type { Page } from "@playwright/test";
import { ensureDevVars, localWorld } from "../../../scripts/local-world.ts";
import { expect } from "./fixtures";

const world = localWorld("test");
export const standIn = `http://localhost:${world.stripePort}`;
export const stripe = new Stripe(ensureDevVars().STRIPE_SECRET_KEY!, {
  host: "localhost",
  port: world.stripePort,
  protocol: "http",
});

export const CARD_YEAR = new Date().getUTCFullYear() + 3;
const EXPIRY = `12 / ${String(CARD_YEAR % 100).padStart(2, "0")}`;
export const GOOD_CARD = "4242 4242 4242 4242";
/** Attaches, then every charge fails (card_declined). */
export const FAILING_CARD = "4000 0000 0000 0341";

export async function enterCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiration (MM / YY)").fill(EXPIRY);
  await page.getByLabel("CVC").fill("123");
  await page.getByLabel("Name on card").fill("Billing Tester");
}

/** The stand-in's customer Harbor made for this email. */
export async function customerOf(email: string): Promise<Stripe.Customer> {
  const { data } = await stripe.customers.list({ email, limit: 1 });
  expect(data, `a Stripe customer for ${email}`).toHaveLength(1);
  return data[0]!;
}

export async function subscriptionOf(customer: string): Promise<Stripe.Subscription> {
  const { data } = await stripe.subscriptions.list({ customer, status: "all", limit: 1 });
  expect(data).toHaveLength(1);
  return data[0]!;
}

/**
 * From the confirm page through the stand-in's Checkout to the welcome page. The confirm
 * page must be open already.
 */
export async function payOnCheckout(page: Page, planName: string) {
  await page.getByRole("button", { name: "Continue to payment" }).click();
  await expect(page).toHaveURL(new RegExp(`^${standIn}/c/pay/cs_`));
  await expect(page.getByText(`Subscribe to Harbor ${planName}`)).toBeVisible();
  await enterCard(page, GOOD_CARD);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/account\/billing\/welcome\?session_id=cs_/);
  await expect(page.getByTestId("welcome-plan")).toHaveText(`You're on the ${planName} plan`);
}
