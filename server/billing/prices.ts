/**
 * The catalog's prices as Stripe has them, cached in D1 (stripe_prices): amounts,
 * currency and interval are Stripe's, never written in our code. The cache is refreshed
 * when a price.* or product.* event arrives (the billing queue) and, at most once an hour,
 * by the first page that finds it older than that.
 */
import { priceLookupKeys } from "../../domain/plans/catalog";
import type { Services } from "../bindings/services";
import { cachedPrices, replacePrices, type CachedPrice } from "../repositories/billing";

export const PRICE_CACHE_MS = 60 * 60 * 1000;

export type PriceByLookupKey = ReadonlyMap<string, CachedPrice>;

/** Reads every catalog price from Stripe (one call) and replaces the cache. */
export async function refreshPrices(services: Services): Promise<CachedPrice[]> {
  const keys = priceLookupKeys();
  const list = await services.stripe().prices.list({ lookup_keys: keys, limit: 100 });
  const at = services.now();
  const rows: CachedPrice[] = list.data
    .filter((p) => p.lookup_key && p.active)
    .map((p) => ({
      lookupKey: p.lookup_key!,
      priceId: p.id,
      unitAmount: p.unit_amount,
      currency: p.currency,
      interval: p.recurring?.interval ?? null,
      intervalCount: p.recurring?.interval_count ?? null,
      active: p.active,
      refreshedAt: at,
    }));
  await replacePrices(services.db, rows, keys);
  services.log.info("billing.prices_refreshed", { count: rows.length });
  return rows;
}

/**
 * The prices for pages: the cache, refreshed first when it is empty or older than an hour.
 * If Stripe can't be reached, the cache as it is (possibly empty: the page says prices
 * are shown at checkout).
 */
export async function pricesForPages(services: Services): Promise<PriceByLookupKey> {
  let rows = await cachedPrices(services.db);
  const oldest = Math.min(...rows.map((r) => r.refreshedAt.getTime()));
  if (rows.length === 0 || !(services.now().getTime() - oldest < PRICE_CACHE_MS)) {
    try {
      rows = await refreshPrices(services);
    } catch (error) {
      services.log.warn("billing.prices_unavailable", { error });
    }
  }
  return new Map(rows.map((r) => [r.lookupKey, r]));
}

/** The Stripe price id for a lookup key, reading Stripe when the cache lacks it. */
export async function priceIdFor(services: Services, lookupKey: string): Promise<string | null> {
  const cached = (await pricesForPages(services)).get(lookupKey);
  return cached?.priceId ?? null;
}

/**
 * Runs `use` with the lookup key's price id; if Stripe says that price no longer exists (it
 * was replaced under the same lookup key), the cache is refreshed and `use` runs once more.
 * Null when there is no price for the key.
 */
export async function withPrice<T>(
  services: Services,
  lookupKey: string,
  use: (priceId: string) => Promise<T>,
): Promise<T | null> {
  const priceId = await priceIdFor(services, lookupKey);
  if (!priceId) return null;
  try {
    return await use(priceId);
  } catch (error) {
    const e = error as { code?: string; param?: string; message?: string };
    if (e.code !== "resource_missing" || !/price/.test(`${e.param ?? ""} ${e.message ?? ""}`)) throw error;
    const fresh = (await refreshPrices(services)).find((p) => p.lookupKey === lookupKey)?.priceId;
    return fresh ? use(fresh) : null;
  }
}
