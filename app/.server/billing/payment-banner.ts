/** The banner a billing owner sees while a payment is owed: Stripe is retrying, or it gave up. */
import { PAYMENT_BANNER } from "../../../domain/vocabulary";
import type { Account } from "../auth/session";

export function paymentBanner(account: Pick<Account, "billingState" | "endedReason">): string | null {
  if (account.billingState === "past_due") return PAYMENT_BANNER.retrying;
  if (account.billingState === "ended" && account.endedReason === "payment_failed") return PAYMENT_BANNER.paused;
  return null;
}
