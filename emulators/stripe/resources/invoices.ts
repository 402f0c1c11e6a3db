/** `/v1/invoices` (contract §4.9): list, retrieve, preview, pay now, lines, void, uncollectible. */
import type Stripe from "stripe";
import { currentItem, customerDoc, invoiceDoc, paymentMethodDoc, priceDoc, subscriptionDoc } from "../billing/lookups.ts";
import { payInvoiceNow } from "../billing/invoicing.ts";
import { periodEndFrom, periodLine, prorationLines } from "../billing/subscriptions.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import type { Params } from "../http/form-params.ts";
import { page } from "../http/lists.ts";
import { accept, acceptNested, arr, bool, int, obj, oneOf, str } from "../http/params.ts";
import { invoice as invoiceShape, type LineFacts } from "../objects/shapes.ts";
import { newId } from "../ids.ts";
import { inCreated } from "./customers.ts";

export const invoiceRoutes: ApiRoute[] = [
  {
    method: "GET",
    pattern: "/v1/invoices",
    handler: ({ world, params }) => {
      accept(params, ["customer", "subscription", "status", "created", "limit", "starting_after", "ending_before", "collection_method", "due_date"]);
      const customer = str(params, "customer");
      const subscription = str(params, "subscription");
      const status = oneOf(params, "status", ["draft", "open", "paid", "uncollectible", "void"]);
      return page(
        world.store
          .all<Stripe.Invoice>("invoice")
          .filter(
            (d) =>
              (!customer || d.object.customer === customer) &&
              (!subscription || d.object.parent?.subscription_details?.subscription === subscription) &&
              (!status || d.object.status === status) &&
              inCreated(d.object.created, params.created),
          ),
        params,
        "/v1/invoices",
      );
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/create_preview",
    handler: ({ world, params }) => preview(world, params),
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id",
    handler: ({ world, path }) => invoiceDoc(world, path.id!).object,
  },
  {
    method: "GET",
    pattern: "/v1/invoices/:id/lines",
    handler: ({ world, path, params }) => {
      accept(params, ["limit", "starting_after", "ending_before"]);
      return invoiceDoc(world, path.id!).object.lines;
    },
  },
  {
    method: "POST",
    pattern: "/v1/invoices/:id/pay",
    handler: ({ world, path, params }) => {
      accept(params, ["payment_method", "off_session", "paid_out_of_band", "forgive", "source"]);
      const inv = invoiceDoc(world, path.id!);
      const customerId = inv.object.customer as string;
      const at = world.nowFor(customerId);
      if (bool(params, "paid_out_of_band")) throw errors.invalid("paid_out_of_band", "This stand-in takes card payments only.");
      const pmId = str(params, "payment_method");
      const method = pmId ? paymentMethodDoc(world, pmId) : undefined;
      if (method && method.object.customer !== customerId) {
        throw errors.invalid("payment_method", `The payment method must be attached to the invoice's customer.`);
      }
      payInvoiceNow(world, inv, at, method, { onSession: bool(params, "off_session") === false });
      return invoiceDoc(world, path.id!).object;
    },
  },
  closingRoute("void", ["open", "uncollectible"], "void", "voided_at", "invoice.voided", "You can only void open or uncollectible invoices."),
  closingRoute("mark_uncollectible", ["open"], "uncollectible", "marked_uncollectible_at", "invoice.marked_uncollectible", "You can only mark open invoices as uncollectible."),
];

/** Void or mark uncollectible: an invoice leaves collection for good. */
function closingRoute(
  action: string,
  from: Stripe.Invoice.Status[],
  to: Stripe.Invoice.Status,
  stamp: "voided_at" | "marked_uncollectible_at",
  event: string,
  refusal: string,
): ApiRoute {
  return {
    method: "POST",
    pattern: `/v1/invoices/:id/${action}`,
    handler: ({ world, path, params }) => {
      accept(params, []);
      const inv = invoiceDoc(world, path.id!);
      if (!from.includes(inv.object.status!)) throw errors.state(`${refusal} This invoice is ${inv.object.status}.`);
      const at = world.nowFor(inv.object.customer as string);
      inv.object.status = to;
      inv.object.next_payment_attempt = null;
      inv.object.status_transitions[stamp] = at;
      world.store.save(inv);
      world.emit(event, inv.object, { at });
      return inv.object;
    },
  };
}

/**
 * `POST /v1/invoices/create_preview`: the invoice a change would make (with prorations
 * when `subscription_details.items` swaps the price), or the next renewal's.
 */
function preview(world: Parameters<ApiRoute["handler"]>[0]["world"], params: Params): Stripe.Invoice {
  accept(params, ["customer", "subscription", "subscription_details", "automatic_tax", "preview_mode"]);
  const subId = str(params, "subscription");
  const sub = subId ? subscriptionDoc(world, subId, "subscription") : undefined;
  const customerId = str(params, "customer") ?? (sub?.object.customer as string | undefined);
  if (!customerId) throw errors.missing("customer");
  const customer = customerDoc(world, customerId);
  if (sub && sub.object.customer !== customer.id) throw errors.invalid("subscription", "The subscription does not belong to this customer.");
  if (!sub) throw errors.state("This stand-in previews an existing subscription's invoice: pass `subscription`.", "subscription");
  const at = world.nowFor(customer.id);
  const details = obj(params, "subscription_details");
  acceptNested(details, "subscription_details", ["items", "proration_behavior", "proration_date", "cancel_at_period_end", "cancel_at"]);
  const item = currentItem(sub.object);
  const items = details ? arr(details, "items") : undefined;
  const behaviour = details ? oneOf(details, "proration_behavior", ["always_invoice", "create_prorations", "none"], "subscription_details[") : undefined;
  const lines: LineFacts[] = [];
  let nextPrice = item.price;
  let quantity = item.quantity ?? 1;
  if (items && items.length > 0) {
    const change = items[0] as Params;
    acceptNested(change, "subscription_details[items][0]", ["id", "price", "quantity", "deleted"]);
    const changeId = str(change, "id");
    if (changeId && changeId !== item.id) throw errors.notFound("subscription item", changeId, "subscription_details[items][0][id]");
    const priceId = str(change, "price");
    if (priceId) nextPrice = priceDoc(world, priceId, "subscription_details[items][0][price]").object;
    quantity = int(change, "quantity") ?? quantity;
    if ((behaviour ?? "create_prorations") !== "none") {
      const from = (details && int(details, "proration_date")) ?? at;
      lines.push(...prorationLines(world, sub.object, item, item.price, item.quantity ?? 1, nextPrice, quantity, from));
    }
  }
  const immediate = behaviour === "always_invoice";
  if (!immediate) {
    const start = item.current_period_end;
    const next = { ...item, price: nextPrice, quantity };
    lines.push(periodLine(world, sub.object, next, start, periodEndFrom(nextPrice, start)));
  }
  const pending = sub.x.pendingLines ?? [];
  const object = invoiceShape({
    id: newId("upcoming_in"),
    preview: true,
    customer: customer.object,
    created: at,
    currency: sub.object.currency,
    billingReason: immediate ? "subscription_update" : "upcoming",
    subscription: sub.id,
    subscriptionMetadata: { ...sub.object.metadata },
    lines: [...pending, ...lines],
    periodStart: immediate ? at : item.current_period_start,
    periodEnd: immediate ? at : item.current_period_end,
    testClock: (customer.object.test_clock as string | null) ?? null,
    hostedBaseUrl: world.baseUrl,
  });
  object.status = "draft";
  object.next_payment_attempt = immediate ? null : item.current_period_end;
  return object;
}
