/**
 * The account's one Stripe customer. Created on the first upgrade (the trial needs none)
 * with the idempotency key `customer/<account>`, so two tabs asking at once get the same
 * customer from Stripe, and stored only if the account has none yet.
 */
import type { Services } from "../bindings/services";
import { billingAccountById, claimStripeCustomer } from "../repositories/billing";

export async function ensureCustomer(services: Services, accountId: string): Promise<string> {
  const account = await billingAccountById(services.db, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  if (account.stripeCustomerId) return account.stripeCustomerId;
  const customer = await services
    .stripe()
    .customers.create(
      { email: account.email, name: account.name, metadata: { harbor_account_id: account.id } },
      { idempotencyKey: `customer/${account.id}` },
    );
  const stored = await claimStripeCustomer(services.db, account.id, customer.id);
  if (!stored) throw new Error(`customer for ${accountId} not stored`);
  return stored;
}
