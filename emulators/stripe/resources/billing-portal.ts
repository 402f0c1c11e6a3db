/** `/v1/billing_portal/configurations` and `/sessions` (contract §4.5–4.6). */
import type Stripe from "stripe";
import { customerDoc, priceDoc, subscriptionDoc } from "../billing/lookups.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import type { Params } from "../http/form-params.ts";
import { page } from "../http/lists.ts";
import { accept, acceptNested, arr, bool, mergeMetadata, obj, oneOf, required, str, strings } from "../http/params.ts";
import { noPortalFeatures, portalConfiguration, portalSession, type PortalFeatures } from "../objects/hosted-shapes.ts";
import type { StripeWorld } from "../world.ts";

export interface PortalSessionNotes {
  /** The stand-in's clock when the session was made: its link works for `portalSessionTtlSeconds` until first opened. */
  issuedAt: number;
  /** When the link was first opened: it then works for an hour. */
  visitedAt?: number | null;
}

const FEATURE_KEYS = ["customer_update", "invoice_history", "payment_method_update", "subscription_cancel", "subscription_update", "subscription_pause"] as const;

/** Applies `features[…]` parameters to a configuration's features. */
export function applyFeatures(current: PortalFeatures, params: Params | undefined): PortalFeatures {
  const f = structuredClone(current);
  if (!params) return f;
  acceptNested(params, "features", FEATURE_KEYS);
  const p = (k: string) => obj(params, k);
  const cu = p("customer_update");
  if (cu) {
    acceptNested(cu, "features[customer_update]", ["enabled", "allowed_updates"]);
    f.customer_update.enabled = bool(cu, "enabled") ?? f.customer_update.enabled;
    if (cu.allowed_updates !== undefined) f.customer_update.allowed_updates = (strings(cu, "allowed_updates") ?? []) as Stripe.BillingPortal.Configuration.Features.CustomerUpdate.AllowedUpdate[];
  }
  const ih = p("invoice_history");
  if (ih) f.invoice_history.enabled = bool(ih, "enabled") ?? f.invoice_history.enabled;
  const pmu = p("payment_method_update");
  if (pmu) f.payment_method_update.enabled = bool(pmu, "enabled") ?? f.payment_method_update.enabled;
  const sc = p("subscription_cancel");
  if (sc) {
    acceptNested(sc, "features[subscription_cancel]", ["enabled", "mode", "proration_behavior", "cancellation_reason"]);
    f.subscription_cancel.enabled = bool(sc, "enabled") ?? f.subscription_cancel.enabled;
    f.subscription_cancel.mode = oneOf(sc, "mode", ["at_period_end", "immediately"]) ?? f.subscription_cancel.mode;
    const proration = oneOf(sc, "proration_behavior", ["always_invoice", "create_prorations", "none"]);
    if (proration === "always_invoice") throw errors.invalid("features[subscription_cancel][proration_behavior]", "always_invoice is not supported for subscription cancellations.");
    f.subscription_cancel.proration_behavior = proration ?? f.subscription_cancel.proration_behavior;
    const reason = obj(sc, "cancellation_reason");
    if (reason) {
      f.subscription_cancel.cancellation_reason.enabled = bool(reason, "enabled") ?? f.subscription_cancel.cancellation_reason.enabled;
      if (reason.options !== undefined) f.subscription_cancel.cancellation_reason.options = (strings(reason, "options") ?? []) as Stripe.BillingPortal.Configuration.Features.SubscriptionCancel.CancellationReason.Option[];
    }
  }
  const su = p("subscription_update");
  if (su) {
    acceptNested(su, "features[subscription_update]", ["enabled", "default_allowed_updates", "products", "proration_behavior", "schedule_at_period_end", "billing_cycle_anchor", "trial_update_behavior"]);
    f.subscription_update.enabled = bool(su, "enabled") ?? f.subscription_update.enabled;
    if (su.default_allowed_updates !== undefined) f.subscription_update.default_allowed_updates = (strings(su, "default_allowed_updates") ?? []) as Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.DefaultAllowedUpdate[];
    const products = arr(su, "products");
    if (products) {
      f.subscription_update.products = products.map((x) => {
        const entry = x as Params;
        return { adjustable_quantity: { enabled: false, maximum: null, minimum: 1 }, prices: strings(entry, "prices") ?? [], product: required(entry, "product") };
      });
    }
    f.subscription_update.proration_behavior = oneOf(su, "proration_behavior", ["always_invoice", "create_prorations", "none"]) ?? f.subscription_update.proration_behavior;
    const sape = obj(su, "schedule_at_period_end");
    if (sape) {
      const conditions = arr(sape, "conditions") ?? [];
      f.subscription_update.schedule_at_period_end = {
        conditions: conditions.map((c) => ({ type: oneOf(c as Params, "type", ["decreasing_item_amount", "shortening_interval"]) ?? "decreasing_item_amount" })),
      };
    }
    const anchor = str(su, "billing_cycle_anchor");
    if (anchor !== undefined) f.subscription_update.billing_cycle_anchor = (anchor || null) as Stripe.BillingPortal.Configuration.Features.SubscriptionUpdate.BillingCycleAnchor | null;
  }
  const sp = p("subscription_pause");
  if (sp) f.subscription_pause.enabled = bool(sp, "enabled") ?? f.subscription_pause.enabled;
  return f;
}

function configurationDoc(world: StripeWorld, id: string) {
  const doc = world.store.get<Stripe.BillingPortal.Configuration>(id);
  if (!doc || doc.kind !== "portal_configuration") throw errors.notFound("billing_portal.configuration", id, "configuration");
  return doc;
}

export function defaultConfiguration(world: StripeWorld) {
  return world.store.all<Stripe.BillingPortal.Configuration>("portal_configuration").find((d) => d.object.is_default);
}

export const portalRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/billing_portal/configurations",
    handler: ({ world, params, now }) => {
      accept(params, ["business_profile", "default_return_url", "features", "metadata", "name", "login_page"]);
      const features = obj(params, "features");
      if (!features) throw errors.missing("features");
      const profile = obj(params, "business_profile");
      const object = portalConfiguration({
        created: now,
        isDefault: false,
        headline: (profile && str(profile, "headline")) || null,
        defaultReturnUrl: str(params, "default_return_url") || null,
        features: applyFeatures(noPortalFeatures(), features),
        metadata: mergeMetadata({}, params),
        name: str(params, "name") || null,
      });
      world.store.put("portal_configuration", object.id, object, {});
      world.emit("billing_portal.configuration.created", object, { at: now });
      return object;
    },
  },
  {
    method: "POST",
    pattern: "/v1/billing_portal/configurations/:id",
    handler: ({ world, path, params, now }) => {
      accept(params, ["active", "business_profile", "default_return_url", "features", "metadata", "name", "login_page"]);
      const doc = configurationDoc(world, path.id!);
      const o = doc.object;
      const active = bool(params, "active");
      if (active !== undefined) o.active = active;
      const profile = obj(params, "business_profile");
      if (profile && profile.headline !== undefined) o.business_profile.headline = str(profile, "headline") || null;
      if (params.default_return_url !== undefined) o.default_return_url = str(params, "default_return_url") || null;
      o.features = applyFeatures(o.features, obj(params, "features"));
      o.metadata = mergeMetadata(o.metadata, params);
      if (params.name !== undefined) o.name = str(params, "name") || null;
      o.updated = now;
      world.store.save(doc);
      world.emit("billing_portal.configuration.updated", o, { at: now });
      return o;
    },
  },
  {
    method: "GET",
    pattern: "/v1/billing_portal/configurations/:id",
    handler: ({ world, path }) => configurationDoc(world, path.id!).object,
  },
  {
    method: "GET",
    pattern: "/v1/billing_portal/configurations",
    handler: ({ world, params }) => {
      accept(params, ["active", "is_default", "limit", "starting_after", "ending_before"]);
      const active = bool(params, "active");
      const isDefault = bool(params, "is_default");
      return page(
        world.store.all<Stripe.BillingPortal.Configuration>("portal_configuration").filter((d) => (active === undefined || d.object.active === active) && (isDefault === undefined || d.object.is_default === isDefault)),
        params,
        "/v1/billing_portal/configurations",
      );
    },
  },
  {
    method: "POST",
    pattern: "/v1/billing_portal/sessions",
    handler: ({ world, params }) => {
      accept(params, ["customer", "return_url", "configuration", "locale", "flow_data", "on_behalf_of", "after_expiration"]);
      const customer = customerDoc(world, required(params, "customer"));
      const configId = str(params, "configuration");
      const config = configId ? configurationDoc(world, configId) : defaultConfiguration(world);
      if (!config) throw errors.state("No configuration provided and your test mode default configuration has not been created. Provide a configuration or create your default by saving your customer portal settings in test mode at https://dashboard.stripe.com/test/settings/billing/portal.");
      if (!config.object.active) throw errors.invalid("configuration", "The configuration is not active.");
      const returnUrl = str(params, "return_url") || config.object.default_return_url;
      if (!returnUrl) throw errors.missing("return_url");
      const flow = readFlow(world, obj(params, "flow_data"), customer.id, config.object);
      const at = world.nowFor(customer.id);
      const object = portalSession({
        created: at,
        customer: customer.id,
        configuration: config.id,
        returnUrl,
        flow,
        locale: (str(params, "locale") as Stripe.BillingPortal.Session.Locale | undefined) ?? null,
        baseUrl: world.baseUrl,
      });
      world.store.put<Stripe.BillingPortal.Session, PortalSessionNotes>("portal_session", object.id, object, { issuedAt: world.now() });
      world.emit("billing_portal.session.created", object, { at });
      return object;
    },
  },
];

const FLOW_TYPES = ["payment_method_update", "subscription_cancel", "subscription_update", "subscription_update_confirm", "subscription_pause", "customer_update"] as const;

function readFlow(world: StripeWorld, data: Params | undefined, customerId: string, config: Stripe.BillingPortal.Configuration): Stripe.BillingPortal.Session.Flow | null {
  if (!data) return null;
  acceptNested(data, "flow_data", ["type", "after_completion", "subscription_cancel", "subscription_update", "subscription_update_confirm", "subscription_pause"]);
  const type = oneOf(data, "type", FLOW_TYPES, "flow_data[");
  if (!type) throw errors.missing("flow_data[type]");
  const after = obj(data, "after_completion");
  const afterType = (after && oneOf(after, "type", ["redirect", "hosted_confirmation", "portal_homepage"], "flow_data[after_completion][")) || "portal_homepage";
  const redirectUrl = after && obj(after, "redirect") ? str(obj(after, "redirect"), "return_url") : undefined;
  if (afterType === "redirect" && !redirectUrl) throw errors.missing("flow_data[after_completion][redirect][return_url]");
  const confirmation = after && obj(after, "hosted_confirmation") ? str(obj(after, "hosted_confirmation"), "custom_message") : undefined;
  const subFor = (key: string) => {
    const section = obj(data, key);
    if (!section) throw errors.missing(`flow_data[${key}]`);
    const id = required(section, "subscription", `flow_data[${key}][`);
    const sub = subscriptionDoc(world, id, `flow_data[${key}][subscription]`);
    if (sub.object.customer !== customerId) throw errors.invalid(`flow_data[${key}][subscription]`, "The subscription does not belong to this customer.");
    if (sub.object.status === "canceled") throw errors.invalid(`flow_data[${key}][subscription]`, "This subscription has been canceled.");
    return { id, section };
  };
  if (type === "payment_method_update" && !config.features.payment_method_update.enabled) throw errors.invalid("flow_data[type]", "The payment method update feature is disabled in this configuration.");
  if (type === "subscription_cancel" && !config.features.subscription_cancel.enabled) throw errors.invalid("flow_data[type]", "The subscription cancel feature is disabled in this configuration.");
  if ((type === "subscription_update" || type === "subscription_update_confirm") && !config.features.subscription_update.enabled) throw errors.invalid("flow_data[type]", "The subscription update feature is disabled in this configuration.");
  const flow: Stripe.BillingPortal.Session.Flow = {
    after_completion: {
      hosted_confirmation: afterType === "hosted_confirmation" ? { custom_message: confirmation ?? null } : null,
      redirect: afterType === "redirect" ? { return_url: redirectUrl! } : null,
      type: afterType,
    },
    customer_update: null,
    subscription_cancel: null,
    subscription_pause: null,
    subscription_update: null,
    subscription_update_confirm: null,
    type,
  };
  if (type === "subscription_cancel") flow.subscription_cancel = { retention: null, subscription: subFor("subscription_cancel").id };
  if (type === "subscription_update") flow.subscription_update = { subscription: subFor("subscription_update").id };
  if (type === "subscription_update_confirm") {
    const { id, section } = subFor("subscription_update_confirm");
    const items = arr(section, "items") ?? [];
    if (items.length !== 1) throw errors.invalid("flow_data[subscription_update_confirm][items]", "Exactly one item is supported.");
    const item = items[0] as Params;
    const priceId = required(item, "price", "flow_data[subscription_update_confirm][items][0][");
    priceDoc(world, priceId, "flow_data[subscription_update_confirm][items][0][price]");
    flow.subscription_update_confirm = { discounts: null, items: [{ id: required(item, "id", "flow_data[subscription_update_confirm][items][0]["), price: priceId, quantity: 1 }], subscription: id };
  }
  if (type === "subscription_pause") throw errors.invalid("flow_data[type]", "The subscription pause feature is disabled in this configuration.");
  return flow;
}
