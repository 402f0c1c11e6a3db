/** `/v1/checkout/sessions` (contract §4.4): subscription mode, on Stripe's hosted page. */
import type Stripe from "stripe";
import type { CheckoutNotes, CheckoutSessionDoc } from "../billing/checkout.ts";
import { customerDoc, priceDoc } from "../billing/lookups.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { page } from "../http/lists.ts";
import { accept, acceptNested, arr, bool, int, mergeMetadata, obj, oneOf, required, str } from "../http/params.ts";
import { checkoutLineItem, checkoutSession } from "../objects/hosted-shapes.ts";
import type { StripeWorld } from "../world.ts";
import { inCreated } from "./customers.ts";

const CREATE_PARAMS = [
  "mode", "customer", "customer_email", "line_items", "success_url", "cancel_url", "client_reference_id", "metadata",
  "subscription_data", "allow_promotion_codes", "billing_address_collection", "customer_update", "expires_at", "locale",
  "ui_mode", "payment_method_collection", "automatic_tax", "tax_id_collection", "consent_collection", "submit_type",
] as const;

export function sessionDoc(world: StripeWorld, id: string): CheckoutSessionDoc {
  const doc = world.store.get<Stripe.Checkout.Session, CheckoutNotes>(id);
  if (!doc || doc.kind !== "checkout_session") throw errors.notFound("checkout.session", id);
  return doc;
}

/** A session's line items (only present on the session when expanded). */
export function sessionLineItems(world: StripeWorld, doc: CheckoutSessionDoc): Stripe.ApiList<Stripe.LineItem> {
  const price = priceDoc(world, doc.x.price).object;
  return { object: "list", data: [checkoutLineItem(price, doc.x.quantity)], has_more: false, url: `/v1/checkout/sessions/${doc.id}/line_items` };
}

export const checkoutRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/checkout/sessions",
    handler: ({ world, params }) => {
      accept(params, CREATE_PARAMS);
      const mode = required(params, "mode");
      if (!["payment", "setup", "subscription"].includes(mode)) throw errors.invalid("mode", `Invalid mode: must be one of payment, setup, or subscription`);
      if (mode !== "subscription") throw errors.invalid("mode", "This stand-in makes Checkout sessions in subscription mode only (Harbor's only use).");
      const ui = oneOf(params, "ui_mode", ["hosted_page", "embedded_page", "elements", "form"]);
      if (ui && ui !== "hosted_page") throw errors.invalid("ui_mode", "This stand-in serves the hosted page only (ui_mode=hosted_page).");
      const customerId = str(params, "customer");
      const email = str(params, "customer_email");
      if (customerId && email) throw errors.invalid("customer_email", "You may only specify one of these parameters: customer, customer_email.");
      const customer = customerId ? customerDoc(world, customerId) : null;
      const items = arr(params, "line_items");
      if (!items || items.length === 0) throw errors.missing("line_items");
      if (items.length > 1) throw errors.invalid("line_items", "This stand-in takes one line item per session (Harbor sells one plan at a time).");
      const item = items[0] as Record<string, string>;
      acceptNested(item, "line_items[0]", ["price", "quantity"]);
      const priceId = required(item, "price", "line_items[0][");
      const price = world.store.get<Stripe.Price>(priceId);
      if (!price || price.kind !== "price") throw errors.notFound("price", priceId, "line_items[0][price]");
      if (!price.object.active) throw errors.invalid("line_items[0][price]", `The price specified is inactive. This field only accepts active prices.`);
      if (!price.object.recurring) throw errors.invalid("line_items[0][price]", "You must provide at least one recurring price in `subscription` mode when using prices.");
      const quantity = int(item, "quantity", "line_items[0][") ?? 1;
      if (quantity < 1) throw errors.invalid("line_items[0][quantity]", "Quantity must be greater than 0.");
      const subscriptionData = obj(params, "subscription_data");
      acceptNested(subscriptionData, "subscription_data", ["metadata", "description"]);
      const at = customer ? world.nowFor(customer.id) : world.now();
      const requestedExpiry = int(params, "expires_at");
      if (requestedExpiry !== undefined && (requestedExpiry < at + 1800 || requestedExpiry > at + 86400)) {
        throw errors.invalid("expires_at", "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.");
      }
      const reference = str(params, "client_reference_id");
      if (reference && reference.length > 200) throw errors.invalid("client_reference_id", "client_reference_id must be at most 200 characters.");
      for (const urlParam of ["success_url", "cancel_url"]) {
        const u = str(params, urlParam);
        if (u && !/^https?:\/\//.test(u)) throw errors.invalid(urlParam, "Not a valid URL");
      }
      const object = checkoutSession({
        created: at,
        expiresAt: requestedExpiry ?? at + world.settings.checkoutExpirySeconds,
        customer: customer?.object ?? ({ id: null, email: email ?? null } as unknown as Stripe.Customer),
        price: price.object,
        quantity,
        successUrl: str(params, "success_url") ?? null,
        cancelUrl: str(params, "cancel_url") ?? null,
        clientReferenceId: reference || null,
        metadata: mergeMetadata({}, params),
        allowPromotionCodes: bool(params, "allow_promotion_codes") ?? null,
        billingAddressCollection: oneOf(params, "billing_address_collection", ["auto", "required"]) ?? null,
        locale: (str(params, "locale") as Stripe.Checkout.Session.Locale | undefined) ?? null,
        baseUrl: world.baseUrl,
      });
      if (!customer) {
        object.customer = null;
        object.customer_email = email ?? null;
        object.customer_details = null;
      }
      world.store.put<Stripe.Checkout.Session, CheckoutNotes>("checkout_session", object.id, object, {
        price: price.id,
        quantity,
        subscriptionMetadata: subscriptionData ? mergeMetadata({}, subscriptionData) : {},
        subscriptionDescription: (subscriptionData && str(subscriptionData, "description")) || null,
      });
      return object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions/:id",
    handler: ({ world, path }) => sessionDoc(world, path.id!).object,
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions/:id/line_items",
    handler: ({ world, path, params }) => {
      accept(params, ["limit", "starting_after", "ending_before"]);
      return sessionLineItems(world, sessionDoc(world, path.id!));
    },
  },
  {
    method: "POST",
    pattern: "/v1/checkout/sessions/:id/expire",
    handler: ({ world, path, params }) => {
      accept(params, []);
      const doc = sessionDoc(world, path.id!);
      const o = doc.object;
      if (o.status !== "open") {
        throw errors.state(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${o.status}".`);
      }
      o.status = "expired";
      o.url = null;
      world.store.save(doc);
      world.emit("checkout.session.expired", o, { at: world.nowFor(o.customer as string | null) });
      return o;
    },
  },
  {
    method: "GET",
    pattern: "/v1/checkout/sessions",
    handler: ({ world, params }) => {
      accept(params, ["customer", "subscription", "status", "payment_intent", "created", "limit", "starting_after", "ending_before", "customer_details"]);
      const customer = str(params, "customer");
      const subscription = str(params, "subscription");
      const status = oneOf(params, "status", ["open", "complete", "expired"]);
      return page(
        world.store
          .all<Stripe.Checkout.Session, CheckoutNotes>("checkout_session")
          .filter((d) => (!customer || d.object.customer === customer) && (!subscription || d.object.subscription === subscription) && (!status || d.object.status === status) && inCreated(d.object.created, params.created)),
        params,
        "/v1/checkout/sessions",
      );
    },
  },
];
