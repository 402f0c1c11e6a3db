// The words of pricing, billing and plan changes. Plain words only: "plan", "card",
// "payment" — never the payment provider's terms.
import type { Plan } from "../plans/catalog";
import { deploymentLimit } from "../plans/catalog";
import type { BillingState } from "../billing/billing-state";
import { formatProcessorCores, formatSize, listWithAnd, regionName } from "./common";

/** "€9.00 a month": amounts come from the payment provider, in its smallest unit. */
export function formatPrice(amount: number | null, currency: string, interval: string | null, intervalCount = 1): string {
  if (amount === null) return PRICING_PAGE.priceAtCheckout;
  const money = new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(amount / 100);
  if (!interval) return money;
  const every = intervalCount > 1 ? `every ${intervalCount} ${interval}s` : `a ${interval}`;
  return `${money} ${every}`;
}

/** Every entitlement of a plan, in plain words, in the order the pricing page lists them. */
export function planFeatures(plan: Plan): string[] {
  const e = plan.entitlements;
  const limit = deploymentLimit(plan);
  return [
    e.maxWorkspaces === 1 ? "1 workspace" : `Up to ${e.maxWorkspaces} workspaces`,
    `Runs in ${listWithAnd(e.regions.map(regionName))}`,
    limit === null ? "As many sites and apps as you like in each workspace" : `Up to ${limit} sites and apps in each workspace`,
    `Up to ${formatSize(e.maxMemoryPerDeployment)} of memory and ${formatProcessorCores(e.maxCpusPerDeployment)} for each site`,
    `${formatSize(e.monthlyNetworkQuotaPerDeployment)} of visitor traffic a month for each site`,
    e.apiRateLimitPerMinute === null
      ? "Use Harbor from your own tools: not included"
      : `Use Harbor from your own tools (up to ${e.apiRateLimitPerMinute} requests a minute)`,
    e.customDomains ? "Your own web addresses" : "Addresses on Harbor's domain",
    e.prioritySupport ? "Priority help from our team" : "Help by email",
    ...(e.trialDays !== null ? [`${e.trialDays} days free, no card needed`] : []),
  ];
}

export const PRICING_PAGE = Object.freeze({
  title: "Plans and prices",
  heading: "Plans and prices",
  intro: "Start with a free trial, no card needed. Choose a plan whenever you're ready.",
  trialNote:
    "Choosing a plan during your free trial starts it at once: your trial ends that day and your first payment is taken then.",
  priceAtCheckout: "Price shown at checkout",
  free: "Free",
  current: "Your plan",
  currentPlan: "Current plan",
  startTrial: "Start free trial",
  upgrade: (name: string) => `Choose ${name}`,
  changePlan: (name: string) => `Switch to ${name}`,
  checkoutCancelled: "You didn't finish choosing a plan, so nothing has changed and you haven't been charged.",
  hasPlan: "You already have a plan. To move to another one, use Change plan.",
  priceUnavailable: "We couldn't load that plan's price just now. Please try again in a minute.",
  unknownPlan: "That plan isn't available. Please choose one of the plans below.",
  vatNote:
    "Prices include any tax where it applies. You can cancel whenever you like; your plan runs to the end of the month you paid for.",
});

export const UPGRADE_PAGE = Object.freeze({
  title: (name: string) => `Choose ${name}`,
  heading: (name: string) => `Choose the ${name} plan`,
  price: (price: string) => `${price}, taken today and then every month.`,
  trialEnds: "Your free trial ends today and this plan starts at once.",
  bringsBack: "These paused workspaces will be switched back on:",
  alreadyDeleted: "These were paused for too long and have been deleted; they can't come back:",
  staysPaused: (max: number) =>
    `This plan includes ${max === 1 ? "1 workspace" : `${max} workspaces`}, so these stay paused (you can choose which to keep afterwards):`,
  continue: "Continue to payment",
  back: "Back to plans",
  payingNext: "You'll enter your card on our payment partner's secure page, then come straight back here.",
});

export const WELCOME_PAGE = Object.freeze({
  title: "Thank you",
  heading: (name: string) => `You're on the ${name} plan`,
  body: "Thank you! Your payment went through and your plan is active now.",
  notYet: "Thank you! We're confirming your payment; this page will show your plan in a moment.",
  notFound: "We couldn't find that payment. If you were charged, it will show on your billing page shortly.",
  toWorkspaces: "Go to your workspaces",
  toBilling: "See billing",
});

/** One line about where the plan stands, by billing state. */
export const BILLING_STATUS: Readonly<Record<BillingState, string>> = Object.freeze({
  trial: "Free trial",
  active: "Active",
  past_due: "Payment problem",
  cancelling: "Ends soon",
  ended: "Ended",
});

export const BILLING_PAGE = Object.freeze({
  title: "Billing",
  heading: "Billing",
  planHeading: "Your plan",
  plan: "Plan",
  status: "Status",
  renews: (date: string, amount: string) => `Renews on ${date} for ${amount}.`,
  renewsOn: (date: string) => `Renews on ${date}.`,
  endsOn: (date: string) => `Your plan ends on ${date}. Your workspaces keep running until then.`,
  trialEndsOn: (date: string) => `Your free trial ends on ${date}.`,
  trialEnded: "Your free trial has ended. Choose a plan to switch your workspaces back on.",
  ended: "Your plan has ended. Choose a plan to switch your workspaces back on.",
  paymentFailed:
    "Your last payment didn't go through, so your workspaces are paused. Update your card and we'll take the payment straight away.",
  pastDue:
    "Your last payment didn't go through. We'll try again in a few days; your workspaces keep running meanwhile. Update your card to pay now.",
  cardHeading: "Card",
  card: (brand: string, last4: string, month: number, year: number) =>
    `${brand.charAt(0).toUpperCase()}${brand.slice(1)} ending in ${last4}, expires ${String(month).padStart(2, "0")}/${year}`,
  noCard: "No card on file.",
  invoicesHeading: "Recent invoices",
  noInvoices: "No invoices yet.",
  invoiceLine: (date: string, amount: string) => `${date} · ${amount}`,
  invoicePaid: "Paid",
  invoiceOpen: "Not paid yet",
  invoiceOther: "Closed",
  viewInvoice: "View invoice",
  invoicesUnavailable: "We couldn't load your invoices just now. Please try again in a minute.",
  upgrade: "See plans",
  changePlan: "Change plan",
  manage: "Manage billing",
  manageHint: "Update your card or billing details, see every invoice, or cancel or renew your plan.",
  fixPayment: "Update card and pay",
  portalUnavailable: "We couldn't open billing management just now. Please try again in a minute.",
  noCustomer: "You haven't paid for a plan yet, so there is nothing to manage here.",
  pausedHeading: "Paused workspaces",
  dataKeptUntil: (date: string) => `Data kept until ${date}.`,
  planChanged: (name: string) => `You're now on the ${name} plan.`,
  backFromManage: "Your billing details are up to date.",
});

export const CHANGE_PLAN_PAGE = Object.freeze({
  title: "Change plan",
  heading: "Change plan",
  current: (name: string) => `You're on the ${name} plan.`,
  choose: "Choose a plan",
  to: (name: string, price: string) => `${name} · ${price}`,
  showChanges: "Show what changes",
  allows: (name: string) => `What the ${name} plan includes`,
  whatStops: "What would stop",
  nothingStops: "Nothing you use today would stop.",
  pausedRegion: (name: string, region: string) => `${name} would be paused: the plan doesn't include ${region}.`,
  pausedOverLimit: (name: string) => `${name} would be paused: the plan includes fewer workspaces.`,
  overDeployments: (name: string, count: number, limit: number) =>
    `${name} has ${count} sites and apps; the plan includes ${limit}. They keep running, but you can't add more until you're under ${limit}.`,
  overSize: (name: string, count: number) =>
    `${count === 1 ? "1 site" : `${count} sites`} in ${name} ${count === 1 ? "uses" : "use"} more memory or processor than the plan allows. ${count === 1 ? "It keeps" : "They keep"} running as ${count === 1 ? "it is" : "they are"}; changes to ${count === 1 ? "it" : "them"} must fit the plan.`,
  chooseToKeep: (max: number) => `Choose ${max === 1 ? "the workspace" : `up to ${max} workspaces`} to keep running`,
  keepHint: "The others are paused, not deleted: their data is kept for 14 days, and you can swap which one runs at any time.",
  notChoosable: (name: string) => `${name} can't be kept on this plan`,
  upgradeNote: (price: string) => `You'll be charged the difference for the rest of this month now, then ${price}.`,
  downgradeNote:
    "The change happens now. What you've paid for the rest of this month on your current plan is credited to your next payment.",
  confirm: (name: string) => `Switch to ${name}`,
  keepAll: "Nothing is paused: every workspace fits the new plan.",
  noPlanYet: "You don't have a paid plan yet. Choose one on the plans page.",
  paymentOwed: "Your last payment didn't go through. Update your card on the billing page first; then you can change plan.",
  declined: "Your card was declined, so your plan hasn't changed. Update your card on the billing page and try again.",
  samePlan: "You're already on that plan.",
  badChoice: "Please choose which workspaces to keep from the list, no more than the plan includes.",
  unknownPlan: "Please choose one of the plans listed.",
  swapHeading: "Swap which workspace runs",
  swap: "Save choice",
  swapped: "Saved. The workspaces you chose are switching on; the others are pausing.",
});

/** A banner on every dashboard page while a payment is being retried. */
export const PAYMENT_BANNER = Object.freeze({
  retrying:
    "Your last payment didn't go through. Your workspaces keep running while we try again; update your card to fix it now.",
  paused: "Your last payment didn't go through, so your workspaces are paused. Update your card to switch them back on.",
  action: "Update card",
});

/** The line on a paused workspace: when its data will be deleted. */
export const GRACE_LINE = Object.freeze({
  dataKeptUntil: (date: string) => `Its data is kept until ${date}; after that it is deleted.`,
  whatStillWorks: "You can still open it, rename it and look around; its sites are offline until it's switched back on.",
  seePlans: "See plans",
  changePlan: "Change plan",
  swap: "Choose which workspace runs",
  updateCard: "Update card",
});

/** The link under a refusal a bigger plan would lift. */
export const PLAN_LINK = Object.freeze({ label: "See plans and prices" });
