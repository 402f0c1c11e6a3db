/**
 * The Stripe SDK as the Worker uses it: the fetch client (Workers have no Node http), the
 * address from STRIPE_API_URL (Stripe's in production, the stand-in locally), the secret
 * from the Worker's secrets. Nothing else constructs a Stripe client.
 */
import Stripe from "stripe";

export type StripeClient = Stripe;

export function createStripeClient(env: { STRIPE_API_URL: string; STRIPE_SECRET_KEY: string }): Stripe {
  const url = new URL(env.STRIPE_API_URL);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return new Stripe(env.STRIPE_SECRET_KEY, {
    host: url.hostname,
    port: Number(url.port || (protocol === "http" ? 80 : 443)),
    protocol,
    httpClient: Stripe.createFetchHttpClient(),
    // Every write Harbor makes carries an idempotency key, so the SDK's own retries are safe.
    maxNetworkRetries: 2,
    timeout: 15_000,
  });
}

/** The origins Stripe's hosted pages live on, for the pages' form-action (no-JS forms post there). */
export function stripeHostedOrigins(env: { STRIPE_API_URL: string; STRIPE_HOSTED_ORIGINS?: string }): string[] {
  const configured = (env.STRIPE_HOSTED_ORIGINS ?? "").split(/[\s,]+/).filter(Boolean);
  if (configured.length > 0) return configured;
  // Locally the stand-in serves its hosted pages from its own address.
  const api = new URL(env.STRIPE_API_URL);
  return api.hostname === "api.stripe.com" ? ["https://checkout.stripe.com", "https://billing.stripe.com"] : [api.origin];
}
