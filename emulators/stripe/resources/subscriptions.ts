/** `/v1/subscriptions`, `/v1/subscription_items`, `/v1/subscription_schedules` (contract §4.7–4.8). */
import type Stripe from "stripe";
import { currentItem, customerDoc, paymentMethodDoc, priceDoc, subscriptionDoc, type SubscriptionDoc } from "../billing/lookups.ts";
import { endSubscription } from "../billing/invoicing.ts";
import { changedOnly, creditUnusedTime, releaseSchedule, scheduleCancel, startFromApi, switchPrice, type ProrationBehavior } from "../billing/subscriptions.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { matchesSearch, page, parseSearchQuery, searchPage } from "../http/lists.ts";
import { accept, acceptNested, arr, bool, int, mergeMetadata, obj, oneOf, required, str } from "../http/params.ts";
import type { Params } from "../http/form-params.ts";
import type { StripeWorld } from "../world.ts";

const STATUSES = ["active", "all", "canceled", "ended", "incomplete", "incomplete_expired", "past_due", "paused", "trialing", "unpaid"] as const;
const PRORATIONS = ["always_invoice", "create_prorations", "none"] as const;
const PAYMENT_BEHAVIORS = ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"] as const;

function defaultMethod(world: StripeWorld, customerId: string, id: string | undefined, param: string) {
  if (!id) return undefined;
  const pm = paymentMethodDoc(world, id, param);
  if (pm.object.customer !== customerId) {
    throw errors.invalid(param, `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, "resource_missing");
  }
  return pm;
}

function readCancelAt(value: string | undefined, sub: Stripe.Subscription, at: number): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === "") return null;
  if (value === "max_period_end" || value === "min_period_end" || value === "max_billed_until") return currentItem(sub).current_period_end;
  if (!/^\d+$/.test(value)) throw errors.invalid("cancel_at", `Invalid cancel_at: ${value}`);
  const n = Number(value);
  if (n <= at) throw errors.invalid("cancel_at", "cancel_at must be in the future.");
  return n;
}

function updateSubscription(world: StripeWorld, sub: SubscriptionDoc, params: Params): Stripe.Subscription {
  const o = sub.object;
  const at = world.nowFor(o.customer as string);
  const ended = o.status === "canceled" || o.status === "incomplete_expired";
  const allowed = ["items", "proration_behavior", "proration_date", "payment_behavior", "cancel_at_period_end", "cancel_at", "cancellation_details", "default_payment_method", "metadata", "description", "billing_cycle_anchor", "pause_collection", "off_session"];
  accept(params, allowed);
  if (ended && Object.keys(params).some((k) => !["metadata", "cancellation_details", "expand"].includes(k))) {
    throw errors.state("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const anchor = str(params, "billing_cycle_anchor");
  if (anchor && anchor !== "unchanged") throw errors.invalid("billing_cycle_anchor", "This stand-in keeps billing cycle anchors unchanged.");
  const before = structuredClone(o) as unknown as Record<string, unknown>;

  const pmId = str(params, "default_payment_method");
  if (pmId !== undefined) o.default_payment_method = pmId === "" ? null : defaultMethod(world, o.customer as string, pmId, "default_payment_method")!.id;
  o.metadata = mergeMetadata(o.metadata, params);
  if (params.description !== undefined) o.description = str(params, "description") || null;
  const pause = params.pause_collection;
  if (pause !== undefined) {
    if (pause === "") o.pause_collection = null;
    else {
      const p = obj(params, "pause_collection")!;
      acceptNested(p, "pause_collection", ["behavior", "resumes_at"]);
      o.pause_collection = { behavior: oneOf(p, "behavior", ["keep_as_draft", "mark_uncollectible", "void"], "pause_collection[") ?? "void", resumes_at: int(p, "resumes_at") ?? null };
    }
  }
  const details = obj(params, "cancellation_details");
  acceptNested(details, "cancellation_details", ["comment", "feedback"]);
  world.store.save(sub);
  const simple = changedOnly(before, o);
  if (Object.keys(simple).length > 0 && params.items === undefined && params.cancel_at === undefined && params.cancel_at_period_end === undefined) {
    world.emit("customer.subscription.updated", o, { at, previous: simple });
  }

  const cancelAtPeriodEnd = bool(params, "cancel_at_period_end");
  const cancelAt = readCancelAt(str(params, "cancel_at"), o, at);
  const feedback = details ? { ...(str(details, "comment") !== undefined && { comment: str(details, "comment") || null }), ...(str(details, "feedback") !== undefined && { feedback: (str(details, "feedback") || null) as Stripe.Subscription.CancellationDetails.Feedback | null }) } : undefined;
  if (cancelAtPeriodEnd !== undefined && cancelAt !== undefined && cancelAtPeriodEnd && cancelAt !== null) {
    throw errors.invalid("cancel_at", "You may only specify one of these parameters: cancel_at, cancel_at_period_end.");
  }
  if (cancelAtPeriodEnd === true) scheduleCancel(world, sub, null, true, at, feedback);
  else if (cancelAt !== undefined && cancelAt !== null) scheduleCancel(world, sub, cancelAt, false, at, feedback);
  else if (cancelAtPeriodEnd === false || cancelAt === null) scheduleCancel(world, sub, null, false, at);
  else if (feedback && Object.keys(feedback).length > 0) {
    const prev = structuredClone(o.cancellation_details);
    o.cancellation_details = { ...(o.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }), ...feedback } as Stripe.Subscription.CancellationDetails;
    world.store.save(sub);
    world.emit("customer.subscription.updated", o, { at, previous: { cancellation_details: prev } });
  }

  const items = arr(params, "items");
  if (items) {
    if (items.length !== 1) throw errors.invalid("items", "This stand-in changes the one item of a subscription (Harbor's plans have one).");
    const item = items[0] as Params;
    acceptNested(item, "items[0]", ["id", "price", "quantity", "deleted"]);
    const itemId = str(item, "id", "items[0][");
    if (itemId && itemId !== currentItem(o).id) throw errors.notFound("subscription item", itemId, "items[0][id]");
    if (!itemId) throw errors.invalid("items[0][id]", "This stand-in changes the existing item: pass its id (items[0][id]).");
    const priceId = str(item, "price", "items[0][");
    const next = priceId ? priceDoc(world, priceId, "items[0][price]").object : currentItem(o).price;
    if (next.currency !== o.currency) throw errors.invalid("items[0][price]", "The price's currency must match the subscription's.");
    const proration = (oneOf(params, "proration_behavior", PRORATIONS) ?? "create_prorations") as ProrationBehavior;
    switchPrice(world, sub, next, {
      proration,
      prorationDate: int(params, "proration_date") ?? at,
      at,
      quantity: int(item, "quantity", "items[0]["),
      paymentBehavior: oneOf(params, "payment_behavior", PAYMENT_BEHAVIORS) ?? "allow_incomplete",
    });
  }
  return subscriptionDoc(world, sub.id).object;
}

export const subscriptionRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/subscriptions",
    handler: ({ world, params }) => {
      accept(params, ["customer", "items", "default_payment_method", "metadata", "payment_behavior", "proration_behavior", "description", "off_session", "collection_method", "cancel_at_period_end"]);
      const customer = customerDoc(world, required(params, "customer"));
      const at = world.nowFor(customer.id);
      const items = arr(params, "items");
      if (!items || items.length === 0) throw errors.missing("items");
      if (items.length > 1) throw errors.invalid("items", "This stand-in makes subscriptions with one item.");
      const item = items[0] as Params;
      acceptNested(item, "items[0]", ["price", "quantity"]);
      const price = priceDoc(world, required(item, "price", "items[0]["), "items[0][price]").object;
      const pmId = str(params, "default_payment_method");
      const method = pmId ? defaultMethod(world, customer.id, pmId, "default_payment_method") : (() => {
        const id = customer.object.invoice_settings.default_payment_method;
        return typeof id === "string" ? paymentMethodDoc(world, id) : undefined;
      })();
      const sub = startFromApi(world, {
        customer: customer.id,
        price,
        quantity: int(item, "quantity", "items[0][") ?? 1,
        method,
        metadata: mergeMetadata({}, params),
        description: str(params, "description") ?? null,
        at,
        paymentBehavior: oneOf(params, "payment_behavior", PAYMENT_BEHAVIORS) ?? "allow_incomplete",
      });
      if (bool(params, "cancel_at_period_end")) scheduleCancel(world, sub, null, true, at);
      return subscriptionDoc(world, sub.id).object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions/search",
    handler: ({ world, params }) => {
      accept(params, ["query", "limit", "page"]);
      const query = parseSearchQuery(str(params, "query") ?? "");
      const expandList = ([] as unknown[]).concat(params.expand ?? []);
      return searchPage(
        world.store.all<Stripe.Subscription>("subscription").filter((d) => matchesSearch(d.object as unknown as Record<string, unknown>, query)),
        params,
        "/v1/subscriptions/search",
        expandList.includes("total_count"),
      );
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions/:id",
    handler: ({ world, path }) => subscriptionDoc(world, path.id!).object,
  },
  {
    method: "POST",
    pattern: "/v1/subscriptions/:id",
    handler: ({ world, path, params }) => updateSubscription(world, subscriptionDoc(world, path.id!), params),
  },
  {
    method: "DELETE",
    pattern: "/v1/subscriptions/:id",
    handler: ({ world, path, params }) => {
      accept(params, ["invoice_now", "prorate", "cancellation_details"]);
      const sub = subscriptionDoc(world, path.id!);
      if (sub.object.status === "canceled" || sub.object.status === "incomplete_expired") {
        throw errors.state("This subscription has already been canceled.");
      }
      const at = world.nowFor(sub.object.customer as string);
      const details = obj(params, "cancellation_details");
      if (details) {
        acceptNested(details, "cancellation_details", ["comment", "feedback"]);
        sub.object.cancellation_details = { ...(sub.object.cancellation_details ?? { reason: null, feedback_option: null }), comment: str(details, "comment") || null, feedback: (str(details, "feedback") || null) as Stripe.Subscription.CancellationDetails.Feedback | null } as Stripe.Subscription.CancellationDetails;
      }
      if (bool(params, "prorate")) creditUnusedTime(world, sub, at);
      sub.object.canceled_at = at;
      endSubscription(world, sub, at, "cancellation_requested");
      return subscriptionDoc(world, sub.id).object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscriptions",
    handler: ({ world, params }) => {
      accept(params, ["customer", "status", "price", "test_clock", "limit", "starting_after", "ending_before", "created", "collection_method"]);
      const customer = str(params, "customer");
      const status = oneOf(params, "status", STATUSES);
      const priceId = str(params, "price");
      const clock = str(params, "test_clock");
      const ended = new Set(["canceled", "incomplete_expired"]);
      return page(
        world.store.all<Stripe.Subscription>("subscription").filter((d) => {
          const s = d.object.status;
          const statusOk = status === "all" || (status === undefined ? !ended.has(s) : status === "ended" ? ended.has(s) : s === status);
          return statusOk && (!customer || d.object.customer === customer) && (!priceId || d.object.items.data.some((i) => i.price.id === priceId)) && (!clock || d.object.test_clock === clock);
        }),
        params,
        "/v1/subscriptions",
      );
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscription_items/:id",
    handler: ({ world, path }) => findItem(world, path.id!).item,
  },
  {
    method: "POST",
    pattern: "/v1/subscription_items/:id",
    handler: ({ world, path, params }) => {
      accept(params, ["price", "quantity", "proration_behavior", "proration_date", "metadata", "payment_behavior"]);
      const { sub, item } = findItem(world, path.id!);
      const at = world.nowFor(sub.object.customer as string);
      if (params.metadata !== undefined) {
        item.metadata = mergeMetadata(item.metadata, params);
        world.store.save(sub);
      }
      if (params.price !== undefined || params.quantity !== undefined) {
        const next = params.price !== undefined ? priceDoc(world, required(params, "price")).object : item.price;
        switchPrice(world, sub, next, {
          proration: (oneOf(params, "proration_behavior", PRORATIONS) ?? "create_prorations") as ProrationBehavior,
          prorationDate: int(params, "proration_date") ?? at,
          at,
          quantity: int(params, "quantity"),
          paymentBehavior: oneOf(params, "payment_behavior", PAYMENT_BEHAVIORS) ?? "allow_incomplete",
        });
      }
      return findItem(world, path.id!).item;
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscription_items",
    handler: ({ world, params }) => {
      accept(params, ["subscription", "limit", "starting_after", "ending_before"]);
      const sub = subscriptionDoc(world, required(params, "subscription"), "subscription");
      return { object: "list", data: sub.object.items.data, has_more: false, url: "/v1/subscription_items" };
    },
  },
  {
    method: "GET",
    pattern: "/v1/subscription_schedules/:id",
    handler: ({ world, path }) => scheduleDoc(world, path.id!).object,
  },
  {
    method: "POST",
    pattern: "/v1/subscription_schedules/:id/release",
    handler: ({ world, path, params }) => {
      accept(params, ["preserve_cancel_date"]);
      const schedule = scheduleDoc(world, path.id!);
      if (schedule.object.status !== "active" && schedule.object.status !== "not_started") {
        throw errors.state(`You cannot release a subscription schedule that is currently in the \`${schedule.object.status}\` status.`);
      }
      const sub = subscriptionDoc(world, schedule.object.subscription as string);
      return releaseSchedule(world, sub, world.nowFor(sub.object.customer as string));
    },
  },
  {
    method: "POST",
    pattern: "/v1/subscription_schedules/:id/cancel",
    handler: ({ world, path, params }) => {
      accept(params, ["invoice_now", "prorate"]);
      const schedule = scheduleDoc(world, path.id!);
      if (schedule.object.status !== "active" && schedule.object.status !== "not_started") {
        throw errors.state(`You cannot cancel a subscription schedule that is currently in the \`${schedule.object.status}\` status.`);
      }
      const sub = subscriptionDoc(world, schedule.object.subscription as string);
      endSubscription(world, sub, world.nowFor(sub.object.customer as string), "cancellation_requested");
      return scheduleDoc(world, path.id!).object;
    },
  },
];

function findItem(world: StripeWorld, id: string): { sub: SubscriptionDoc; item: Stripe.SubscriptionItem } {
  for (const sub of world.store.all<Stripe.Subscription>("subscription")) {
    const item = sub.object.items.data.find((i) => i.id === id);
    if (item) return { sub: sub as SubscriptionDoc, item };
  }
  throw errors.notFound("subscription item", id);
}

function scheduleDoc(world: StripeWorld, id: string) {
  const doc = world.store.get<Stripe.SubscriptionSchedule>(id);
  if (!doc || doc.kind !== "subscription_schedule") throw errors.notFound("subscription schedule", id);
  return doc;
}

