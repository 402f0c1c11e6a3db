/** `/v1/webhook_endpoints` (contract §4.13): the signing secret is shown once, in the create answer. */
import type Stripe from "stripe";
import { randomBytes } from "node:crypto";
import { errors } from "../http/api-error.ts";
import type { ApiRoute } from "../http/api-router.ts";
import { page } from "../http/lists.ts";
import { accept, bool, mergeMetadata, required, str, strings } from "../http/params.ts";
import { webhookEndpoint } from "../objects/shapes.ts";
import type { StripeWorld } from "../world.ts";

export interface EndpointNotes {
  secret: string;
}

export function addEndpoint(world: StripeWorld, fields: { url: string; enabledEvents: string[]; apiVersion: string | null; description?: string | null; metadata?: Stripe.Metadata; secret?: string }, at: number) {
  const object = webhookEndpoint({ url: fields.url, enabledEvents: fields.enabledEvents, apiVersion: fields.apiVersion, description: fields.description ?? null, metadata: fields.metadata ?? {}, created: at });
  const secret = fields.secret ?? `whsec_${randomBytes(24).toString("base64url")}`;
  world.store.put<Stripe.WebhookEndpoint, EndpointNotes>("webhook_endpoint", object.id, object, { secret });
  return { object, secret };
}

function endpointDoc(world: StripeWorld, id: string) {
  const doc = world.store.get<Stripe.WebhookEndpoint, EndpointNotes>(id);
  if (!doc || doc.kind !== "webhook_endpoint") throw errors.notFound("webhook_endpoint", id);
  return doc;
}

function checkUrl(url: string): void {
  if (!/^https?:\/\/[^\s]+$/.test(url)) throw errors.invalid("url", "Invalid URL: URLs must begin with http:// or https://");
}

export const webhookEndpointRoutes: ApiRoute[] = [
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints",
    handler: ({ world, params, now }) => {
      accept(params, ["url", "enabled_events", "api_version", "description", "metadata", "connect"]);
      const url = required(params, "url");
      checkUrl(url);
      const events = strings(params, "enabled_events");
      if (!events || events.length === 0) throw errors.missing("enabled_events");
      const { object, secret } = addEndpoint(world, { url, enabledEvents: events, apiVersion: str(params, "api_version") || null, description: str(params, "description") || null, metadata: mergeMetadata({}, params) }, now);
      return { ...object, secret };
    },
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints/:id",
    handler: ({ world, path }) => endpointDoc(world, path.id!).object,
  },
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints/:id",
    handler: ({ world, path, params }) => {
      accept(params, ["url", "enabled_events", "description", "metadata", "disabled"]);
      const doc = endpointDoc(world, path.id!);
      const url = str(params, "url");
      if (url !== undefined) {
        checkUrl(url);
        doc.object.url = url;
      }
      const events = strings(params, "enabled_events");
      if (events) doc.object.enabled_events = events;
      if (params.description !== undefined) doc.object.description = str(params, "description") || null;
      doc.object.metadata = mergeMetadata(doc.object.metadata, params);
      const disabled = bool(params, "disabled");
      if (disabled !== undefined) doc.object.status = disabled ? "disabled" : "enabled";
      world.store.save(doc);
      return doc.object;
    },
  },
  {
    method: "DELETE",
    pattern: "/v1/webhook_endpoints/:id",
    handler: ({ world, path }) => {
      const doc = endpointDoc(world, path.id!);
      world.store.delete(doc.id);
      return { id: doc.id, object: "webhook_endpoint", deleted: true } satisfies Stripe.DeletedWebhookEndpoint;
    },
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints",
    handler: ({ world, params }) => {
      accept(params, ["limit", "starting_after", "ending_before"]);
      return page(world.store.all<Stripe.WebhookEndpoint>("webhook_endpoint"), params, "/v1/webhook_endpoints");
    },
  },
];
