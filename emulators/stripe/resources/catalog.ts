/** `/v1/products` and `/v1/prices` (contract §4.2–4.3). Prices get Stripe's own ids; lookup keys find them. */
import type Stripe from "stripe";
import { priceDoc } from "../billing/lookups.ts";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { page } from "../http/lists.ts";
import { accept, acceptNested, bool, int, mergeMetadata, obj, oneOf, required, str, strings } from "../http/params.ts";
import { price as priceShape, product as productShape } from "../objects/shapes.ts";
import type { StripeWorld } from "../world.ts";

export function createProduct(world: StripeWorld, fields: { id?: string; name: string; description?: string | null; metadata?: Stripe.Metadata }, at: number): Stripe.Product {
  const id = fields.id ?? `prod_${Math.random().toString(36).slice(2, 16)}`;
  if (world.store.get(id)) throw errors.invalid("id", `Product already exists.`, "resource_already_exists");
  const object = productShape({ id, name: fields.name, created: at, description: fields.description ?? null, metadata: fields.metadata ?? {} });
  world.store.put("product", id, object, {});
  world.emit("product.created", object, { at });
  return object;
}

export function createPrice(world: StripeWorld, fields: { product: string; unitAmount: number; currency: string; interval: Stripe.Price.Recurring.Interval; intervalCount?: number; lookupKey: string | null; nickname?: string | null; transferLookupKey?: boolean }, at: number): Stripe.Price {
  if (fields.lookupKey) {
    const holder = world.store.all<Stripe.Price>("price").find((p) => p.object.lookup_key === fields.lookupKey);
    if (holder && !fields.transferLookupKey) {
      throw errors.invalid("lookup_key", `A price (\`${holder.id}\`) already uses that lookup key.`, "lookup_key_exists");
    }
    if (holder) {
      holder.object.lookup_key = null;
      world.store.save(holder);
      world.emit("price.updated", holder.object, { at, previous: { lookup_key: fields.lookupKey } });
    }
  }
  const object = priceShape({ ...fields, created: at });
  world.store.put("price", object.id, object, {});
  world.emit("price.created", object, { at });
  return object;
}

export const catalogRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/products",
    handler: ({ world, params, now }) => {
      accept(params, ["id", "name", "description", "metadata", "active"]);
      return createProduct(world, { id: str(params, "id"), name: required(params, "name"), description: str(params, "description") ?? null, metadata: mergeMetadata({}, params) }, now);
    },
  },
  {
    method: "GET",
    pattern: "/v1/products/:id",
    handler: ({ world, path }) => {
      const doc = world.store.get<Stripe.Product>(path.id!);
      if (!doc || doc.kind !== "product") throw errors.notFound("product", path.id!);
      return doc.object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/products",
    handler: ({ world, params }) => {
      accept(params, ["active", "ids", "limit", "starting_after", "ending_before"]);
      const active = bool(params, "active");
      const ids = strings(params, "ids");
      return page(
        world.store.all<Stripe.Product>("product").filter((d) => (active === undefined || d.object.active === active) && (!ids || ids.includes(d.id))),
        params,
        "/v1/products",
      );
    },
  },
  {
    method: "POST",
    pattern: "/v1/prices",
    handler: ({ world, params, now }) => {
      accept(params, ["product", "currency", "unit_amount", "recurring", "lookup_key", "nickname", "transfer_lookup_key", "metadata"]);
      const product = required(params, "product");
      if (world.store.get(product)?.kind !== "product") throw errors.notFound("product", product, "product");
      const recurring = obj(params, "recurring");
      acceptNested(recurring, "recurring", ["interval", "interval_count"]);
      const unitAmount = int(params, "unit_amount");
      if (unitAmount === undefined) throw errors.missing("unit_amount");
      return createPrice(
        world,
        {
          product,
          unitAmount,
          currency: required(params, "currency").toLowerCase(),
          interval: oneOf(recurring, "interval", ["day", "week", "month", "year"], "recurring[") ?? "month",
          intervalCount: int(recurring, "interval_count") ?? 1,
          lookupKey: str(params, "lookup_key") || null,
          nickname: str(params, "nickname") || null,
          transferLookupKey: bool(params, "transfer_lookup_key") ?? false,
        },
        now,
      );
    },
  },
  {
    method: "GET",
    pattern: "/v1/prices/:id",
    handler: ({ world, path }) => priceDoc(world, path.id!, "id").object,
  },
  {
    method: "POST",
    pattern: "/v1/prices/:id",
    handler: ({ world, path, params, now }) => {
      accept(params, ["active", "nickname", "metadata", "lookup_key", "transfer_lookup_key"]);
      const doc = priceDoc(world, path.id!, "id");
      const before = { active: doc.object.active, nickname: doc.object.nickname, metadata: { ...doc.object.metadata } };
      const active = bool(params, "active");
      if (active !== undefined) doc.object.active = active;
      if (params.nickname !== undefined) doc.object.nickname = str(params, "nickname") || null;
      doc.object.metadata = mergeMetadata(doc.object.metadata, params);
      world.store.save(doc);
      world.emit("price.updated", doc.object, { at: now, previous: before });
      return doc.object;
    },
  },
  {
    method: "GET",
    pattern: "/v1/prices",
    handler: ({ world, params }) => {
      accept(params, ["lookup_keys", "active", "product", "currency", "type", "limit", "starting_after", "ending_before", "recurring"]);
      const keys = strings(params, "lookup_keys");
      if (keys && keys.length > 10) throw errors.invalid("lookup_keys", "You can pass at most 10 lookup keys.");
      const active = bool(params, "active");
      const product = str(params, "product");
      const currency = str(params, "currency");
      return page(
        world.store
          .all<Stripe.Price>("price")
          .filter(
            (d) =>
              (!keys || (d.object.lookup_key !== null && keys.includes(d.object.lookup_key))) &&
              (active === undefined || d.object.active === active) &&
              (!product || d.object.product === product) &&
              (!currency || d.object.currency === currency),
          ),
        params,
        "/v1/prices",
      );
    },
  },
];
