/**
 * Starts the Stripe stand-in (README.md): the `/v1` API, the hosted pages (`/c/pay/…`
 * Checkout, `/p/session/…` portal, `/i/…` invoices), webhook delivery, and the controls.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import { listenOnLocalhost } from "../shared/listen.ts";
import { readBody, sendJson } from "../shared/http-body.ts";
import { runDue } from "./billing/timeline.ts";
import { handleControl } from "./control-routes.ts";
import { ApiRouter } from "./http/api-router.ts";
import type { Expander } from "./http/expand.ts";
import { handleCheckoutPage } from "./pages/checkout-page.ts";
import { handleInvoicePage } from "./pages/invoice-page.ts";
import { handlePortalPage } from "./pages/portal-page.ts";
import { portalRoutes } from "./resources/billing-portal.ts";
import { catalogRoutes } from "./resources/catalog.ts";
import { checkoutRoutes, sessionLineItems } from "./resources/checkout-sessions.ts";
import { customerRoutes } from "./resources/customers.ts";
import { eventRoutes } from "./resources/events.ts";
import { invoiceRoutes } from "./resources/invoices.ts";
import { paymentMethodRoutes } from "./resources/payment-methods.ts";
import { subscriptionRoutes } from "./resources/subscriptions.ts";
import { testClockRoutes } from "./resources/test-clocks.ts";
import { webhookEndpointRoutes } from "./resources/webhook-endpoints.ts";
import { seed } from "./seed.ts";
import { StripeStore } from "./store.ts";
import { WebhookDelivery } from "./webhooks/delivery.ts";
import { StripeWorld } from "./world.ts";
import type { CheckoutSessionDoc } from "./billing/checkout.ts";

export interface StripeStandInOptions {
  /** 0: any free port. */
  port: number;
  /** Where state is kept across restarts; null keeps it in memory. */
  stateDir: string | null;
  /** The one secret key the API accepts. */
  secretKey: string;
  /** Endpoints configured at start, as in Stripe's Dashboard (every event, the SDK's API version). */
  webhooks?: { url: string; secret: string }[];
  /** How often the stand-in's own clock runs what fell due (ms). */
  tickMs?: number;
}

export interface RunningStripe {
  url: string;
  port: number;
  world: StripeWorld;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

export async function startStripeStandIn(options: StripeStandInOptions): Promise<RunningStripe> {
  const store = new StripeStore(options.stateDir);
  const world = new StripeWorld(store, options.secretKey, "http://localhost");
  const webhooks = options.webhooks ?? [];
  if (store.all("price").length === 0) seed(world, webhooks);
  const delivery = new WebhookDelivery(world);
  const expander: Expander = {
    lookup: (id) => {
      const doc = store.get(id);
      return doc && !(doc.x as { deleted?: boolean }).deleted ? doc.object : doc ? { id, object: (doc.object as { object: string }).object, deleted: true } : undefined;
    },
    includes: {
      "checkout.session": { line_items: (o) => sessionLineItems(world, store.get(o.id as string) as CheckoutSessionDoc) },
      invoice: { payments: (o) => invoicePayments(o as unknown as Stripe.Invoice) },
      search_result: { total_count: (o) => (o.data as unknown[]).length },
    },
  };
  const api = new ApiRouter(
    world,
    [...customerRoutes, ...catalogRoutes, ...paymentMethodRoutes, ...checkoutRoutes, ...portalRoutes, ...subscriptionRoutes, ...invoiceRoutes, ...eventRoutes, ...testClockRoutes, ...webhookEndpointRoutes],
    expander,
  );
  const reset = () => {
    store.clear();
    seed(world, webhooks);
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const url = new URL(req.url ?? "/", "http://x");
      const raw = req.method === "GET" || req.method === "HEAD" ? "" : (await readBody(req, MAX_BODY)).toString("utf8");
      if (url.pathname.startsWith("/v1/")) return await api.handle(req, res, raw);
      if (url.pathname.startsWith("/__control/")) return await handleControl({ world, delivery, reset }, req, res, raw);
      const form = req.method === "POST" ? new URLSearchParams(raw) : null;
      const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
      if (parts[0] === "c" && parts[1] === "pay") return void handleCheckoutPage(world, req, res, parts.slice(2), form);
      if (parts[0] === "p" && parts[1] === "session") return void handlePortalPage(world, req, res, parts.slice(2), form);
      if (parts[0] === "i") return void handleInvoicePage(world, req, res, parts.slice(1), form);
      if (url.pathname === "/healthz") return sendJson(res, 200, { ok: true });
      sendJson(res, 404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
    } catch (e) {
      console.error("[stripe stand-in]", e);
      if (!res.headersSent) sendJson(res, 500, { error: { type: "api_error", message: "The stand-in failed to answer." } });
      else res.end();
    }
  };

  const listener = await listenOnLocalhost((req, res) => void handler(req, res), options.port);
  world.baseUrl = listener.url;
  delivery.start();
  const tick = setInterval(() => {
    try {
      runDue(world, null, world.now());
    } catch (e) {
      console.error("[stripe stand-in] tick failed", e);
    }
  }, options.tickMs ?? 1000);
  tick.unref();

  return {
    url: listener.url,
    port: listener.port,
    world,
    async close() {
      clearInterval(tick);
      await delivery.stop();
      await listener.close();
      store.close();
    },
  };
}

function invoicePayments(o: Stripe.Invoice): Stripe.ApiList<unknown> {
  const data = o.status === "paid" && o.amount_paid > 0 ? [{ object: "invoice_payment", amount_paid: o.amount_paid, amount_requested: o.amount_paid, currency: o.currency, invoice: o.id, is_default: true, livemode: false, status: "paid", status_transitions: { canceled_at: null, paid_at: o.status_transitions.paid_at } }] : [];
  return { object: "list", data, has_more: false, url: `/v1/invoice_payments?invoice=${o.id}` };
}
