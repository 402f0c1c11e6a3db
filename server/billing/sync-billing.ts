/**
 * syncBilling(customer): the one way Stripe's truth reaches Harbor ("re-fetch and
 * overwrite", docs/decisions/0027). Whatever triggered it — a webhook, the success page,
 * the safety net — it reads the customer and their subscriptions as Stripe has them now,
 * overwrites the account's billing columns, and applies the workspaces' fates. Event
 * order, duplicates and lost events cannot matter: no event's content is used.
 *
 * Two steps keep the customer's card working: when the customer chose a new default card
 * (the portal sets the customer's), the subscription is pointed at it too (Stripe retries
 * with the subscription's own card first); and while a payment is owed, a card Harbor has
 * not tried yet pays the open invoice at once — so a customer is running again within
 * seconds of fixing their card, not at Stripe's next retry days later.
 */
import type Stripe from "stripe";
import { billingStandingOf, currentSubscription, isLiveSubscription } from "../../domain/billing/billing-state";
import { planForLookupKey } from "../../domain/plans/catalog";
import type { Services } from "../bindings/services";
import {
  billingAccountByCustomer,
  bankAskedToConfirm,
  billingAccountById,
  claimStripeCustomer,
  markCustomerEventsProcessed,
  writeBillingSnapshot,
  type BillingAccount,
  type BillingSnapshot,
} from "../repositories/billing";
import { applyFates, type FatesApplied } from "./apply-fates";
import { billingEmails, type BillingReading, type InvoiceReading } from "../../domain/email/billing-emails";
import { queueEmailsByKey } from "../email/queue-emails";
import { cancelAtOf, cardOf, idOf, lookupKeyOf, openInvoiceOf, periodEndOf, subscriptionFacts } from "./read-subscription";

export interface SyncResult {
  outcome: "synced" | "unknown_customer";
  accountId: string | null;
  billingState?: string;
  written?: boolean;
  paidOpenInvoice?: boolean;
  fates?: FatesApplied;
  stripeCalls: number;
  queries: number;
}

export interface SyncOptions {
  /** Who the workspaces' timeline names for changes this sync makes. */
  actor?: string;
  /** Webhook events this sync answers (marked processed once it succeeded). */
  eventIds?: readonly string[];
}

const PAYMENT_OWED = new Set(["past_due", "unpaid", "paused"]);

export async function syncBilling(services: Services, customerId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const { db, log } = services;
  const stripe = services.stripe();
  const queriesBefore = services.queries.queries;
  let stripeCalls = 0;
  const call = <T>(p: Promise<T>) => (stripeCalls++, p);

  // The reading starts now: a sync that began later (and so read at least as new) wins.
  const readAt = new Date(Date.now());
  let account = await billingAccountByCustomer(db, customerId);
  const customer = await call(
    stripe.customers.retrieve(customerId, { expand: ["invoice_settings.default_payment_method"] }).catch((error: unknown) => {
      // Stripe doesn't know it (other keys, deleted test data): nothing to read, nothing to retry.
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw error;
    }),
  );
  if (customer === null) {
    log.alert("billing.customer_missing_at_stripe", { customerId, accountId: account?.id ?? null });
    await markCustomerEventsProcessed(db, {
      customerId,
      accountId: account?.id ?? null,
      readAt,
      eventIds: options.eventIds ?? [],
      at: services.now(),
    });
    return {
      outcome: "unknown_customer",
      accountId: account?.id ?? null,
      stripeCalls,
      queries: services.queries.queries - queriesBefore,
    };
  }
  if (!account && !customer.deleted) {
    // Made by us, but its id never reached our row (the request that made it failed after).
    const claimed = customer.metadata?.harbor_account_id;
    if (claimed && (await claimStripeCustomer(db, claimed, customerId)) === customerId)
      account = await billingAccountById(db, claimed);
  }
  if (!account) {
    log.warn("billing.customer_unknown", { customerId });
    await markCustomerEventsProcessed(db, {
      customerId,
      accountId: null,
      readAt,
      eventIds: options.eventIds ?? [],
      at: services.now(),
    });
    return { outcome: "unknown_customer", accountId: null, stripeCalls, queries: services.queries.queries - queriesBefore };
  }

  const subscriptions = await call(
    stripe.subscriptions.list({
      customer: customerId,
      status: "all",
      limit: 10,
      expand: ["data.default_payment_method", "data.latest_invoice"],
    }),
  );
  let sub = currentSubscription(subscriptions.data);
  const live = customer.deleted ? null : customer;

  // The customer's chosen card goes onto the subscription too (retries use the subscription's first).
  const card = live ? cardOf(live, sub) : null;
  if (
    sub &&
    card &&
    isLiveSubscription(sub.status) &&
    idOf(sub.default_payment_method) !== card.paymentMethodId &&
    sub.default_payment_method
  ) {
    sub = await call(
      stripe.subscriptions.update(
        sub.id,
        { default_payment_method: card.paymentMethodId, expand: ["default_payment_method", "latest_invoice"] },
        { idempotencyKey: `subscription-card/${sub.id}/${card.paymentMethodId}` },
      ),
    );
  }

  // A payment is owed and the customer has a card we have not tried on it: pay now.
  let paidOpenInvoice = false;
  const openInvoice = sub ? openInvoiceOf(sub) : null;
  if (sub && openInvoice && card && PAYMENT_OWED.has(sub.status) && card.paymentMethodId !== account.cardPaymentMethodId) {
    paidOpenInvoice = await payOpenInvoice(stripe, openInvoice, card.paymentMethodId, services, () => stripeCalls++);
    if (paidOpenInvoice)
      sub = await call(stripe.subscriptions.retrieve(sub.id, { expand: ["default_payment_method", "latest_invoice"] }));
  }

  const snapshot = snapshotOf(account, sub, card, readAt);
  const emails = billingEmails(
    account.id,
    readingOf(account),
    readingOfSnapshot(account, snapshot, readAt),
    await invoiceReading(services, sub),
  ).map((draft) => ({ ...draft, accountId: account.id }));
  const written = await writeBillingSnapshot(db, account.id, snapshot, readAt, emails);
  // Fates from what is stored now (ours, or a newer sync's if it overtook this one).
  const stored = await billingAccountById(db, account.id);
  const fates = await applyFates(services, account.id, { actor: options.actor ?? "billing", ...(stored && { account: stored }) });
  if (written)
    await queueEmailsByKey(
      services,
      emails.map((e) => e.key),
    );
  await markCustomerEventsProcessed(db, {
    customerId,
    accountId: account.id,
    readAt,
    eventIds: options.eventIds ?? [],
    at: services.now(),
  });
  log.info("billing.synced", {
    accountId: account.id,
    billingState: snapshot.billingState,
    subscriptionStatus: snapshot.subscriptionStatus,
    written,
    paidOpenInvoice,
  });
  return {
    outcome: "synced",
    accountId: account.id,
    billingState: stored?.billingState ?? snapshot.billingState,
    written,
    paidOpenInvoice,
    fates,
    stripeCalls,
    queries: services.queries.queries - queriesBefore,
  };
}

/** The account's billing as stored before this sync (what its emails compare against). */
function readingOf(account: BillingAccount): BillingReading {
  return {
    state: account.billingState,
    endedReason: account.endedReason,
    planId: account.planId,
    subscriptionId: account.subscriptionId,
    cancelAt: account.cancelAt?.getTime() ?? null,
    readAt: account.billingSyncedAt?.getTime() ?? null,
  };
}

function readingOfSnapshot(account: BillingAccount, snapshot: BillingSnapshot, readAt: Date): BillingReading {
  return {
    state: snapshot.billingState,
    endedReason: snapshot.endedReason,
    planId: snapshot.planId ?? account.planId,
    subscriptionId: snapshot.subscriptionId,
    cancelAt: snapshot.cancelAt?.getTime() ?? null,
    readAt: readAt.getTime(),
  };
}

/** The subscription's latest invoice as its emails need it. */
async function invoiceReading(services: Services, sub: Stripe.Subscription | null): Promise<InvoiceReading | null> {
  const invoice = sub?.latest_invoice;
  if (!invoice || typeof invoice === "string" || !invoice.id) return null;
  const open = invoice.status === "open" && invoice.attempt_count > 0;
  return {
    id: invoice.id,
    status: invoice.status,
    attemptCount: invoice.attempt_count,
    amountDue: invoice.amount_due,
    currency: invoice.currency,
    nextPaymentAttempt: invoice.next_payment_attempt,
    hostedUrl: invoice.hosted_invoice_url ?? null,
    actionRequired: open && (await bankAskedToConfirm(services.db, invoice.id)),
  };
}

function snapshotOf(
  account: BillingAccount,
  sub: Stripe.Subscription | null,
  card: BillingSnapshot["card"],
  readAt: Date,
): BillingSnapshot {
  const standing = billingStandingOf(sub ? subscriptionFacts(sub) : null);
  const plan = sub ? planForLookupKey(lookupKeyOf(sub)) : undefined;
  const grants = standing.state === "active" || standing.state === "past_due" || standing.state === "cancelling";
  return {
    // The plan of record follows the subscription once it has been paid for; a trial keeps its own.
    ...(plan && standing.state !== "trial" && { planId: plan.id }),
    billingState: standing.state,
    endedReason: standing.endedReason,
    subscriptionId: sub?.id ?? null,
    subscriptionStatus: sub?.status ?? null,
    currentPeriodEnd: sub ? periodEndOf(sub) : null,
    cancelAt: sub && standing.state === "cancelling" ? cancelAtOf(sub) : null,
    card,
    openInvoiceId: sub && isLiveSubscription(sub.status) ? openInvoiceOf(sub) : null,
    // Upgrading during the trial ends it: billing started.
    ...(grants && account.trialEndsAt && account.trialEndsAt > readAt && { endTrialAt: readAt }),
  };
}

/** Pays an open invoice with the given card; a decline is an answer, not a failure of the sync. */
async function payOpenInvoice(
  stripe: Stripe,
  invoiceId: string,
  paymentMethod: string,
  services: Services,
  counted: () => void,
): Promise<boolean> {
  try {
    counted();
    const invoice = await stripe.invoices.pay(
      invoiceId,
      { payment_method: paymentMethod },
      { idempotencyKey: `invoice-pay/${invoiceId}/${paymentMethod}` },
    );
    services.log.info("billing.open_invoice_paid", { invoiceId, status: invoice.status });
    return invoice.status === "paid";
  } catch (error) {
    const stripeError = error as { type?: string; code?: string };
    if (
      stripeError.type === "StripeCardError" ||
      stripeError.code === "invoice_not_open" ||
      stripeError.code === "card_declined"
    ) {
      services.log.info("billing.open_invoice_declined", { invoiceId, code: stripeError.code });
      return false;
    }
    throw error;
  }
}
