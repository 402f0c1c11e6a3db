/**
 * What the contract leaves open (inferred or guessed behaviour, account settings in
 * Stripe's Dashboard) and the fault controls, with their defaults. Both are kept in the
 * store, changed through /__control/settings and /__control/faults, and reset together.
 */
export type FinalOutcome = "cancel" | "unpaid" | "past_due" | "pause";

export interface Settings {
  /** Seconds from a renewal invoice's creation to its finalisation and first attempt (Stripe: about an hour). */
  finalizationDelaySeconds: number;
  /** Retry times, seconds after the first failed attempt (Smart Retries' times are not published). */
  retryScheduleSeconds: number[];
  /** "If all retries fail" (Billing settings). */
  finalOutcome: FinalOutcome;
  /** Webhook retry delays in ms after each failed attempt (test mode: 3 retries over a few hours). */
  webhookRetryScheduleMs: number[];
  /** How long a portal session's link works before its first visit, and after it. */
  portalSessionTtlSeconds: number;
  /** Checkout sessions expire after this unless `expires_at` says otherwise (Stripe: 24 h). */
  checkoutExpirySeconds: number;
  /** A Checkout-made subscription's first event: "active" (inferred for this version) or "incomplete" then an update to "active". */
  subscriptionCreatedStatus: "active" | "incomplete";
  /** Whether a card added in the portal pays an open invoice at once (open question 1). */
  portalCardUpdatePaysOpenInvoice: boolean;
  /** Whether a card added in the portal also becomes the subscriptions' own default (open question 1). */
  portalCardUpdateSetsSubscriptionDefault: boolean;
  /** A portal cancellation with a reason sends a second `customer.subscription.updated` carrying it (seen in the wild). */
  cancelFeedbackSecondEvent: boolean;
  /** The name the hosted pages show ("Return to …"). */
  businessName: string;
}

export interface Faults {
  duplicateDeliveries: boolean;
  deliveryDelayMs: number;
  reorderDeliveries: boolean;
  dropNextDeliveries: number;
  failNextRequests: { count: number; status: number; type: string; code?: string; message?: string } | null;
  requestDelayMs: number;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  finalizationDelaySeconds: 3600,
  retryScheduleSeconds: [3 * 86400, 5 * 86400, 7 * 86400, 14 * 86400],
  finalOutcome: "unpaid",
  webhookRetryScheduleMs: [1000, 5000, 30000],
  portalSessionTtlSeconds: 300,
  checkoutExpirySeconds: 86400,
  subscriptionCreatedStatus: "active",
  portalCardUpdatePaysOpenInvoice: false,
  portalCardUpdateSetsSubscriptionDefault: true,
  cancelFeedbackSecondEvent: true,
  businessName: "Harbor",
}) as Settings;

export const DEFAULT_FAULTS: Faults = Object.freeze({
  duplicateDeliveries: false,
  deliveryDelayMs: 0,
  reorderDeliveries: false,
  dropNextDeliveries: 0,
  failNextRequests: null,
  requestDelayMs: 0,
}) as Faults;

const OUTCOMES: readonly FinalOutcome[] = ["cancel", "unpaid", "past_due", "pause"];

/** Applies a control's JSON to the settings; unknown keys and wrong types are refused with a reason. */
export function mergeSettings(current: Settings, patch: Record<string, unknown>): Settings {
  const next: Settings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_SETTINGS)) throw new Error(`unknown setting ${key}`);
    const expected = DEFAULT_SETTINGS[key as keyof Settings];
    if (Array.isArray(expected)) {
      if (!Array.isArray(value) || !value.every((n) => typeof n === "number" && n >= 0)) throw new Error(`${key} must be a list of numbers`);
    } else if (key === "finalOutcome") {
      if (!OUTCOMES.includes(value as FinalOutcome)) throw new Error(`finalOutcome must be one of ${OUTCOMES.join(", ")}`);
    } else if (key === "subscriptionCreatedStatus") {
      if (value !== "active" && value !== "incomplete") throw new Error("subscriptionCreatedStatus must be active or incomplete");
    } else if (typeof value !== typeof expected) {
      throw new Error(`${key} must be a ${typeof expected}`);
    }
    (next as unknown as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function mergeFaults(current: Faults, patch: Record<string, unknown>): Faults {
  const next: Faults = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in DEFAULT_FAULTS)) throw new Error(`unknown fault ${key}`);
    if (key === "failNextRequests") {
      if (value !== null && (typeof value !== "object" || typeof (value as { count?: unknown }).count !== "number")) {
        throw new Error("failNextRequests must be null or { count, status, type, code?, message? }");
      }
      next.failNextRequests = value as Faults["failNextRequests"];
    } else if (typeof value !== typeof DEFAULT_FAULTS[key as keyof Faults]) {
      throw new Error(`${key} must be a ${typeof DEFAULT_FAULTS[key as keyof Faults]}`);
    } else {
      (next as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return next;
}
