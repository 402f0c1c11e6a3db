/** `/v1/payment_methods` (contract §4.10), with Stripe's test ids (`pm_card_visa`…) and tokens (`tok_visa`…). */
import type Stripe from "stripe";
import { checkEnteredCard, testPaymentMethodCard } from "../billing/cards.ts";
import { customerDoc, paymentMethodDoc, type PaymentMethodDoc } from "../billing/lookups.ts";
import { attachMethod, createCardMethod, detachMethod } from "../billing/payment-methods.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { page } from "../http/lists.ts";
import { accept, obj, required, str } from "../http/params.ts";
import type { StripeWorld } from "../world.ts";

const TOKENS: Record<string, string> = {
  tok_visa: "pm_card_visa",
  tok_mastercard: "pm_card_mastercard",
  tok_chargeCustomerFail: "pm_card_chargeCustomerFail",
  tok_chargeDeclined: "pm_card_chargeDeclined",
  tok_chargeDeclinedInsufficientFunds: "pm_card_visa_chargeDeclinedInsufficientFunds",
};

/** A stored payment method, or a fresh one cloned from a test id (as Stripe does for `pm_card_*`). */
export function resolvePaymentMethod(world: StripeWorld, id: string, at: number, param = "payment_method"): PaymentMethodDoc {
  const card = testPaymentMethodCard(id, at);
  if (card) return createCardMethod(world, card, at);
  return paymentMethodDoc(world, id, param);
}

export const paymentMethodRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/payment_methods",
    handler: ({ world, params, now }) => {
      accept(params, ["type", "card", "billing_details", "metadata"]);
      if (required(params, "type") !== "card") throw errors.invalid("type", "The stand-in makes card payment methods only.");
      const card = obj(params, "card");
      if (!card) throw errors.missing("card");
      const token = str(card, "token", "card[");
      if (token) {
        const testId = TOKENS[token];
        if (!testId) throw errors.notFound("token", token, "card[token]");
        return resolvePaymentMethod(world, testId, now).object;
      }
      const check = checkEnteredCard({ cardNumber: str(card, "number"), cardExpiry: `${str(card, "exp_month") ?? ""}/${str(card, "exp_year") ?? ""}`, cardCvc: str(card, "cvc") }, now);
      if (!check.ok) throw errors.card({ code: check.field === "cardNumber" ? "incorrect_number" : check.field === "cardExpiry" ? "invalid_expiry_year" : "invalid_cvc", message: check.message });
      return createCardMethod(world, check.card, now).object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/payment_methods/:id",
    handler: ({ world, path }) => paymentMethodDoc(world, path.id!, "payment_method").object,
  },
  {
    method: "POST",
    pattern: "/v1/payment_methods/:id/attach",
    handler: ({ world, path, params }) => {
      accept(params, ["customer"]);
      const customer = customerDoc(world, required(params, "customer"));
      const at = world.nowFor(customer.id);
      const pm = resolvePaymentMethod(world, path.id!, at);
      attachMethod(world, pm, customer.id, at);
      return pm.object;
    },
  },
  {
    method: "POST",
    pattern: "/v1/payment_methods/:id/detach",
    handler: ({ world, path, params, now }) => {
      accept(params, []);
      const pm = paymentMethodDoc(world, path.id!, "payment_method");
      detachMethod(world, pm, pm.object.customer ? world.nowFor(pm.object.customer as string) : now);
      return pm.object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/payment_methods",
    handler: ({ world, params }) => {
      accept(params, ["customer", "type", "limit", "starting_after", "ending_before"]);
      const customer = str(params, "customer");
      const type = str(params, "type");
      return page(
        world.store.all<Stripe.PaymentMethod>("payment_method").filter((d) => (!customer || d.object.customer === customer) && (!type || d.object.type === type) && d.object.customer !== null),
        params,
        "/v1/payment_methods",
      );
    },
  },
];
