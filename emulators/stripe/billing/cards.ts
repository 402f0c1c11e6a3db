/**
 * Stripe's test cards (contract §7.3) and what each does, and the checks the Checkout
 * page makes on what a person typed. A payment method remembers its card's behaviour in
 * the stand-in's notes; payments read it from there.
 */
import { createHash } from "node:crypto";
import type { CardDecline } from "../http/api-error.ts";
import type { CardFacts } from "../objects/shapes.ts";

export interface CardBehaviour {
  /** Refused when first saved (in Checkout: on the first payment). */
  declineOnAttach?: CardDecline;
  /** Every charge fails with this. */
  declineCharges?: CardDecline;
  /** 3-D Secure asked when the customer is there (Checkout, the hosted invoice page). */
  authOnSession?: boolean;
  /** 3-D Secure asked on payments without the customer (renewals, retries). */
  authOffSession?: boolean;
  /** After authenticating, the charge still fails with this. */
  declineAfterAuth?: CardDecline;
}

export const DECLINES = {
  generic: { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." },
  insufficientFunds: { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." },
  lost: { code: "card_declined", decline_code: "lost_card", message: "Your card was declined." },
  stolen: { code: "card_declined", decline_code: "stolen_card", message: "Your card was declined." },
  expired: { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." },
  incorrectCvc: { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." },
  processing: { code: "processing_error", decline_code: "processing_error", message: "An error occurred while processing your card. Try again in a little bit." },
  authenticationFailed: {
    code: "payment_intent_authentication_failure",
    message: "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
  },
  authenticationRequired: { code: "authentication_required", decline_code: "authentication_required", message: "Your card was declined. This transaction requires authentication." },
  liveCard: { code: "card_declined", decline_code: "test_mode_live_card", message: "Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://docs.stripe.com/testing." },
} satisfies Record<string, CardDecline>;

const TEST_CARDS: Record<string, { brand: string; behaviour: CardBehaviour }> = {
  "4242424242424242": { brand: "visa", behaviour: {} },
  "4000056655665556": { brand: "visa", behaviour: {} },
  "5555555555554444": { brand: "mastercard", behaviour: {} },
  "378282246310005": { brand: "amex", behaviour: {} },
  "4000000000000341": { brand: "visa", behaviour: { declineCharges: DECLINES.generic } },
  "4000000000009995": { brand: "visa", behaviour: { declineOnAttach: DECLINES.insufficientFunds, declineCharges: DECLINES.insufficientFunds } },
  "4000000000000002": { brand: "visa", behaviour: { declineOnAttach: DECLINES.generic, declineCharges: DECLINES.generic } },
  "4000000000009987": { brand: "visa", behaviour: { declineOnAttach: DECLINES.lost, declineCharges: DECLINES.lost } },
  "4000000000009979": { brand: "visa", behaviour: { declineOnAttach: DECLINES.stolen, declineCharges: DECLINES.stolen } },
  "4000000000000069": { brand: "visa", behaviour: { declineOnAttach: DECLINES.expired, declineCharges: DECLINES.expired } },
  "4000000000000127": { brand: "visa", behaviour: { declineOnAttach: DECLINES.incorrectCvc, declineCharges: DECLINES.incorrectCvc } },
  "4000000000000119": { brand: "visa", behaviour: { declineOnAttach: DECLINES.processing, declineCharges: DECLINES.processing } },
  "4000002500003155": { brand: "visa", behaviour: { authOnSession: true } },
  "4000000000003220": { brand: "visa", behaviour: { authOnSession: true } },
  "4000002760003184": { brand: "visa", behaviour: { authOnSession: true, authOffSession: true } },
  "4000003800000446": { brand: "visa", behaviour: { authOnSession: true } },
  "4000008260003178": { brand: "visa", behaviour: { authOnSession: true, declineAfterAuth: DECLINES.insufficientFunds, declineCharges: DECLINES.insufficientFunds } },
};

/** The test payment-method ids Stripe's docs use, and the card each stands for. */
export const TEST_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_visa_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_threeDSecure2Required: "4000000000003220",
};

export interface EnteredCard {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardCheck = { ok: true; card: EnteredCard } | { ok: false; field: "cardNumber" | "cardExpiry" | "cardCvc"; message: string };

/** What the Checkout page checks before trying the card (Stripe Elements' own messages). */
export function checkEnteredCard(input: { cardNumber?: string; cardExpiry?: string; cardCvc?: string }, nowSeconds: number): CardCheck {
  const number = (input.cardNumber ?? "").replace(/[\s-]/g, "");
  if (!number) return { ok: false, field: "cardNumber", message: "Your card number is incomplete." };
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) return { ok: false, field: "cardNumber", message: "Your card number is invalid." };
  const expiry = (input.cardExpiry ?? "").replace(/\s/g, "");
  const m = /^(\d{1,2})\/?(\d{2}|\d{4})$/.exec(expiry);
  if (!m) return { ok: false, field: "cardExpiry", message: "Your card's expiration date is incomplete." };
  const expMonth = Number(m[1]);
  const expYear = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (expMonth < 1 || expMonth > 12) return { ok: false, field: "cardExpiry", message: "Your card's expiration date is invalid." };
  const now = new Date(nowSeconds * 1000);
  const nowYear = now.getUTCFullYear();
  if (expYear < nowYear) return { ok: false, field: "cardExpiry", message: "Your card's expiration year is in the past." };
  if (expYear === nowYear && expMonth < now.getUTCMonth() + 1) return { ok: false, field: "cardExpiry", message: "Your card's expiration date is in the past." };
  if (expYear > nowYear + 50) return { ok: false, field: "cardExpiry", message: "Your card's expiration year is invalid." };
  const cvc = (input.cardCvc ?? "").trim();
  const cvcLength = number.startsWith("34") || number.startsWith("37") ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(cvc)) return { ok: false, field: "cardCvc", message: "Your card's security code is incomplete." };
  return { ok: true, card: { number, expMonth, expYear, cvc } };
}

export function luhn(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A card's facts and behaviour: a test number's own, or a refusal for any other (test mode takes test cards only). */
export function cardFor(card: EnteredCard): { facts: CardFacts; behaviour: CardBehaviour } {
  const known = TEST_CARDS[card.number];
  return {
    facts: {
      brand: known?.brand ?? brandOf(card.number),
      last4: card.number.slice(-4),
      expMonth: card.expMonth,
      expYear: card.expYear,
      funding: "credit",
      country: "US",
      fingerprint: createHash("sha256").update(card.number).digest("base64url").slice(0, 16),
    },
    behaviour: known?.behaviour ?? { declineOnAttach: DECLINES.liveCard, declineCharges: DECLINES.liveCard },
  };
}

/** A test payment-method id's card, with a far-off expiry as Stripe's are. */
export function testPaymentMethodCard(id: string, nowSeconds: number): EnteredCard | undefined {
  const number = TEST_PAYMENT_METHODS[id];
  if (!number) return undefined;
  return { number, expMonth: 12, expYear: new Date(nowSeconds * 1000).getUTCFullYear() + 3, cvc: "123" };
}

function brandOf(number: string): string {
  if (number.startsWith("4")) return "visa";
  if (/^5[1-5]/.test(number) || /^2[2-7]/.test(number)) return "mastercard";
  if (/^3[47]/.test(number)) return "amex";
  return "unknown";
}
