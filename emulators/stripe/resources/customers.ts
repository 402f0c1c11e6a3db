/** `/v1/customers` (contract §4.1). */
import type Stripe from "stripe";
import { customerDoc, paymentMethodDoc, type CustomerNotes } from "../billing/lookups.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { matchesSearch, page, parseSearchQuery, searchPage } from "../http/lists.ts";
import { accept, acceptNested, mergeMetadata, obj, str, strings } from "../http/params.ts";
import { customer as customerShape } from "../objects/shapes.ts";
import { changedOnly } from "../billing/subscriptions.ts";

const UPDATABLE = ["email", "name", "description", "phone", "metadata", "invoice_settings", "preferred_locales", "address"] as const;

export const customerRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/customers",
    handler: ({ world, params, now }) => {
      accept(params, [...UPDATABLE, "test_clock", "payment_method"]);
      const clock = str(params, "test_clock");
      if (clock) {
        const c = world.store.get<Stripe.TestHelpers.TestClock>(clock);
        if (!c || c.kind !== "test_clock") throw errors.notFound("test_clock", clock, "test_clock");
      }
      const at = clock ? world.store.get<Stripe.TestHelpers.TestClock>(clock)!.object.frozen_time : now;
      const object = customerShape({
        created: at,
        email: str(params, "email") || null,
        name: str(params, "name") || null,
        description: str(params, "description") || null,
        phone: str(params, "phone") || null,
        metadata: mergeMetadata({}, params),
        preferredLocales: strings(params, "preferred_locales") ?? [],
        testClock: clock || null,
      });
      const doc = world.store.put<Stripe.Customer, CustomerNotes>("customer", object.id, object, {});
      world.emit("customer.created", doc.object, { at });
      return doc.object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/search",
    handler: ({ world, params }) => {
      accept(params, ["query", "limit", "page"]);
      const query = parseSearchQuery(str(params, "query") ?? "");
      const docs = world.store.all<Stripe.Customer, CustomerNotes>("customer").filter((d) => !d.x.deleted && matchesSearch(d.object as unknown as Record<string, unknown>, query));
      const expandList = ([] as unknown[]).concat(params.expand ?? []);
      return searchPage(docs, params, "/v1/customers/search", expandList.includes("total_count"));
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/:id",
    handler: ({ world, path, params }) => {
      accept(params, []);
      const doc = world.store.get<Stripe.Customer, CustomerNotes>(path.id!);
      if (!doc || doc.kind !== "customer") throw errors.notFound("customer", path.id!);
      if (doc.x.deleted) return { id: doc.id, object: "customer", deleted: true } satisfies Stripe.DeletedCustomer;
      return doc.object;
    },
  },
  {
    method: "POST",
    pattern: "/v1/customers/:id",
    handler: ({ world, path, params }) => {
      accept(params, UPDATABLE);
      const doc = customerDoc(world, path.id!, "id");
      const o = doc.object;
      const before = structuredClone(o) as unknown as Record<string, unknown>;
      if (params.email !== undefined) o.email = str(params, "email") || null;
      if (params.name !== undefined) o.name = str(params, "name") || null;
      if (params.description !== undefined) o.description = str(params, "description") || null;
      if (params.phone !== undefined) o.phone = str(params, "phone") || null;
      if (params.preferred_locales !== undefined) o.preferred_locales = strings(params, "preferred_locales") ?? [];
      o.metadata = mergeMetadata(o.metadata, params);
      const settings = obj(params, "invoice_settings");
      if (settings) {
        acceptNested(settings, "invoice_settings", ["default_payment_method", "footer", "custom_fields", "rendering_options"]);
        const pm = str(settings, "default_payment_method", "invoice_settings[");
        if (pm !== undefined) {
          if (pm === "") o.invoice_settings.default_payment_method = null;
          else {
            const method = paymentMethodDoc(world, pm, "invoice_settings[default_payment_method]");
            if (method.object.customer !== o.id) {
              throw errors.invalid("invoice_settings[default_payment_method]", `The customer does not have a payment method with the ID ${pm}. The payment method must be attached to the customer.`, "resource_missing");
            }
            o.invoice_settings.default_payment_method = pm;
          }
        }
        const footer = str(settings, "footer");
        if (footer !== undefined) o.invoice_settings.footer = footer || null;
      }
      world.store.save(doc);
      const previous = changedOnly(before, o);
      if (Object.keys(previous).length > 0) world.emit("customer.updated", o, { at: world.nowFor(o.id), previous });
      return o;
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/customers/:id",
    handler: ({ world, path }) => {
      const doc = customerDoc(world, path.id!, "id");
      const at = world.nowFor(doc.id);
      doc.x.deleted = true;
      world.store.save(doc);
      // Deleting a customer cancels its subscriptions at once (without proration).
      for (const sub of world.store.all<Stripe.Subscription>("subscription")) {
        if (sub.object.customer === doc.id && !["canceled", "incomplete_expired"].includes(sub.object.status)) {
          sub.object.status = "canceled";
          sub.object.canceled_at = at;
          sub.object.ended_at = at;
          world.store.save(sub);
          world.emit("customer.subscription.deleted", sub.object, { at });
        }
      }
      world.emit("customer.deleted", doc.object, { at });
      return { id: doc.id, object: "customer", deleted: true } satisfies Stripe.DeletedCustomer;
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers",
    handler: ({ world, params }) => {
      accept(params, ["email", "limit", "starting_after", "ending_before", "created", "test_clock"]);
      const email = str(params, "email");
      const clock = str(params, "test_clock");
      const docs = world.store
        .all<Stripe.Customer, CustomerNotes>("customer")
        .filter((d) => !d.x.deleted && (email === undefined || d.object.email === email) && (clock === undefined || d.object.test_clock === clock) && inCreated(d.object.created, params.created));
      return page(docs, params, "/v1/customers");
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/:id/payment_methods",
    handler: ({ world, path, params }) => {
      accept(params, ["type", "limit", "starting_after", "ending_before", "allow_redisplay"]);
      customerDoc(world, path.id!, "customer");
      const type = str(params, "type");
      const docs = world.store.all<Stripe.PaymentMethod>("payment_method").filter((d) => d.object.customer === path.id && (!type || d.object.type === type));
      return page(docs, params, `/v1/customers/${path.id}/payment_methods`);
    },
  },
];

/** `created[gte]=…` style filters. */
export function inCreated(created: number, filter: unknown): boolean {
  if (filter === undefined) return true;
  if (typeof filter === "string") return created === Number(filter);
  const f = filter as Record<string, string>;
  if (f.gt !== undefined && !(created > Number(f.gt))) return false;
  if (f.gte !== undefined && !(created >= Number(f.gte))) return false;
  if (f.lt !== undefined && !(created < Number(f.lt))) return false;
  if (f.lte !== undefined && !(created <= Number(f.lte))) return false;
  return true;
}
