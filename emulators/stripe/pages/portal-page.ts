/**
 * The Customer Portal (contract §7.2) at a portal session's `url`: the plan and its next
 * date, cancel / don't cancel, the card, plan switching, billing details, invoices, and
 * "Return to …" — each only when the session's configuration turns it on. Deep links
 * (`flow_data`) open their page directly and end as `after_completion` says.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import { checkEnteredCard } from "../billing/cards.ts";
import { currentItem, productName, type SubscriptionDoc } from "../billing/lookups.ts";
import { portalCancel, portalRenew, portalSwitchPlan, portalUpdateCard, portalUpdateDetails } from "../billing/portal-actions.ts";
import { ApiError } from "../http/api-error.ts";
import type { PortalSessionNotes } from "../resources/billing-portal.ts";
import type { Doc } from "../store.ts";
import type { StripeWorld } from "../world.ts";
import { cardFields, day, esc, money, page, redirect, sendHtml } from "./html.ts";

type SessionDoc = Doc<Stripe.BillingPortal.Session, PortalSessionNotes>;

const VISIT_SECONDS = 3600;
const REASONS: Record<string, string> = {
  too_expensive: "It's too expensive",
  missing_features: "Some features are missing",
  switched_service: "I'm switching to a different service",
  unused: "I don't use the service enough",
  customer_service: "Customer service was less than expected",
  too_complex: "Ease of use was less than expected",
  low_quality: "Quality was less than expected",
  other: "Other reason",
};

export function handlePortalPage(world: StripeWorld, req: IncomingMessage, res: ServerResponse, path: string[], form: URLSearchParams | null): boolean {
  const [id, step = ""] = path;
  const session = id ? (world.store.get(id) as SessionDoc | undefined) : undefined;
  if (!session || session.kind !== "portal_session") {
    sendHtml(res, 404, page("Link not found", `<section class="card"><h1>This link isn't valid</h1><p>Ask for a new link to manage your billing.</p></section>`));
    return true;
  }
  const now = world.now();
  const expired = session.x.visitedAt ? now > session.x.visitedAt + VISIT_SECONDS : now > session.x.issuedAt + world.settings.portalSessionTtlSeconds;
  const home = `/p/session/${session.id}`;
  const back = session.object.return_url ?? "/";
  if (expired) {
    sendHtml(res, 410, page("Link expired", `<section class="card"><h1>This link has expired</h1><p>For your security, billing links only work for a short time. Go back and open it again.</p><p><a href="${esc(back)}">Return to ${esc(world.settings.businessName)}</a></p></section>`));
    return true;
  }
  if (!session.x.visitedAt) {
    session.x.visitedAt = now;
    world.store.save(session);
  }
  const config = world.store.get<Stripe.BillingPortal.Configuration>(session.object.configuration as string)!.object;
  const customerId = session.object.customer;
  const sub = currentSubscription(world, customerId);
  const flow = session.object.flow;
  const method = req.method ?? "GET";

  const done = (message: string) => {
    const after = flow?.after_completion;
    if (flow && after?.type === "redirect" && after.redirect) return redirect(res, after.redirect.return_url);
    if (flow && after?.type === "hosted_confirmation") {
      return sendHtml(res, 200, page("Done", `<section class="card"><h1>${esc(after.hosted_confirmation?.custom_message ?? message)}</h1><p><a href="${esc(back)}">Return to ${esc(world.settings.businessName)}</a></p></section>`));
    }
    redirect(res, `${home}?done=${encodeURIComponent(message)}`);
  };
  const act = (fn: () => void, message: string, onError: (m: string) => void) => {
    try {
      fn();
      done(message);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      onError(e.body.message);
    }
  };

  // Deep links open their own page first.
  if (step === "" && flow && !new URL(req.url ?? "/", "http://x").searchParams.has("done")) {
    if (flow.type === "payment_method_update") return (sendHtml(res, 200, cardPage(world, session, {}, null)), true);
    if (flow.type === "subscription_cancel" && sub) return (sendHtml(res, 200, cancelPage(world, session, config, sub)), true);
    if (flow.type === "subscription_update" && sub) return (sendHtml(res, 200, plansPage(world, session, config, sub)), true);
    if (flow.type === "subscription_update_confirm" && sub && flow.subscription_update_confirm) {
      return (sendHtml(res, 200, confirmPlanPage(world, session, sub, flow.subscription_update_confirm.items[0]!.price!)), true);
    }
  }

  if (step === "cancel" && sub && config.features.subscription_cancel.enabled) {
    if (method === "POST" && form) {
      act(() => portalCancel(world, sub, config, { feedback: form.get("feedback") || null, comment: form.get("comment") || null }), "Your plan has been cancelled.", (m) => sendHtml(res, 400, cancelPage(world, session, config, sub, m)));
    } else sendHtml(res, 200, cancelPage(world, session, config, sub));
    return true;
  }
  if (step === "renew" && sub && method === "POST") {
    act(() => portalRenew(world, sub), "Your plan will renew.", (m) => sendHtml(res, 400, homePage(world, session, config, sub, m)));
    return true;
  }
  if (step === "payment-method" && config.features.payment_method_update.enabled) {
    if (method === "POST" && form) {
      const values = Object.fromEntries(form) as Record<string, string>;
      const check = checkEnteredCard(values, world.nowFor(customerId));
      if (!check.ok) sendHtml(res, 400, cardPage(world, session, values, { field: check.field, message: check.message }));
      else act(() => portalUpdateCard(world, customerId, check.card, values.cardholderName?.trim() || null), "Your payment method has been updated.", (m) => sendHtml(res, 402, cardPage(world, session, { ...values, cardNumber: "", cardCvc: "" }, { message: m })));
    } else sendHtml(res, 200, cardPage(world, session, {}, null));
    return true;
  }
  if (step === "update" && sub && config.features.subscription_update.enabled) {
    const priceId = form?.get("price") ?? new URL(req.url ?? "/", "http://x").searchParams.get("price");
    if (method === "POST" && form && priceId && form.get("confirm") === "yes") {
      const next = world.store.get<Stripe.Price>(priceId);
      if (!next || next.kind !== "price") sendHtml(res, 400, plansPage(world, session, config, sub, "That plan isn't available."));
      else act(() => portalSwitchPlan(world, sub, next.object, config), "Your plan has been updated.", (m) => sendHtml(res, 400, plansPage(world, session, config, sub, m)));
    } else if (priceId) sendHtml(res, 200, confirmPlanPage(world, session, sub, priceId));
    else sendHtml(res, 200, plansPage(world, session, config, sub));
    return true;
  }
  if (step === "details" && config.features.customer_update.enabled) {
    if (method === "POST" && form) {
      act(() => portalUpdateDetails(world, customerId, config, { email: form.get("email") ?? undefined, name: form.get("name") ?? undefined }), "Your billing details have been updated.", (m) => sendHtml(res, 400, homePage(world, session, config, sub, m)));
    } else sendHtml(res, 200, detailsPage(world, session, config));
    return true;
  }
  if (step !== "") {
    redirect(res, home);
    return true;
  }
  const notice = new URL(req.url ?? "/", "http://x").searchParams.get("done");
  sendHtml(res, 200, homePage(world, session, config, sub, null, notice));
  return true;
}

function currentSubscription(world: StripeWorld, customerId: string): SubscriptionDoc | undefined {
  const subs = world.store
    .all<Stripe.Subscription>("subscription")
    .filter((d) => d.object.customer === customerId && !["canceled", "incomplete_expired"].includes(d.object.status))
    .sort((a, b) => b.object.created - a.object.created || b.seq - a.seq);
  return subs[0] as SubscriptionDoc | undefined;
}

function shell(world: StripeWorld, session: SessionDoc, body: string): string {
  const back = session.object.return_url ?? "/";
  const config = world.store.get<Stripe.BillingPortal.Configuration>(session.object.configuration as string)!.object;
  const headline = config.business_profile.headline;
  return page(
    `${world.settings.businessName} · Billing`,
    `<section><p><a href="${esc(back)}">← Return to ${esc(world.settings.businessName)}</a></p><h1>${esc(headline ?? world.settings.businessName)}</h1><p class="muted">Test mode</p></section><section>${body}</section>`,
    { split: true },
  );
}

function homePage(world: StripeWorld, session: SessionDoc, config: Stripe.BillingPortal.Configuration, sub: SubscriptionDoc | undefined, error: string | null, notice: string | null = null): string {
  const home = `/p/session/${session.id}`;
  const customer = world.store.get<Stripe.Customer>(session.object.customer)!.object;
  const f = config.features;
  let plan = `<div class="card"><h2>Current plan</h2><p>You have no active plan.</p></div>`;
  if (sub) {
    const item = currentItem(sub.object);
    const o = sub.object;
    const ends = o.cancel_at ?? (o.cancel_at_period_end ? item.current_period_end : null);
    const status =
      o.status === "past_due" ? `<div role="alert">Your last payment failed. Update your payment method so it can be tried again.</div>`
      : o.status === "unpaid" ? `<div role="alert">This plan is unpaid. Pay the open invoice to keep it.</div>`
      : o.status === "paused" ? `<div role="alert">This plan is paused.</div>` : "";
    const scheduled = typeof o.schedule === "string" ? world.store.get<Stripe.SubscriptionSchedule>(o.schedule)?.object : undefined;
    const nextPhase = scheduled?.status === "active" ? scheduled.phases.find((p) => p.start_date === item.current_period_end) : undefined;
    const nextPrice = nextPhase ? world.store.get<Stripe.Price>(nextPhase.items[0]!.price as string)?.object : undefined;
    plan = `<div class="card"><h2>Current plan</h2>
<p><strong>${esc(productName(world, item.price))}</strong></p>
<p class="price">${esc(money((item.price.unit_amount ?? 0) * (item.quantity ?? 1), item.price.currency))} <span class="muted" style="font-size:16px">per ${esc(item.price.recurring?.interval ?? "month")}</span></p>
${status}
<p>${ends ? `Your plan will be cancelled on ${esc(day(ends))}.` : `Your plan renews on ${esc(day(item.current_period_end))}.`}</p>
${nextPrice ? `<p>Changes to ${esc(productName(world, nextPrice))} on ${esc(day(item.current_period_end))}.</p>` : ""}
${f.subscription_update.enabled && !ends ? `<a class="button secondary" href="${home}/update">Update plan</a> ` : ""}
${f.subscription_cancel.enabled && !ends ? `<a class="button secondary" href="${home}/cancel">Cancel plan</a>` : ""}
${ends ? `<form method="post" action="${home}/renew"><button type="submit">Don't cancel</button></form>` : ""}
</div>`;
  }
  const pmId = customer.invoice_settings.default_payment_method ?? sub?.object.default_payment_method;
  const pm = typeof pmId === "string" ? world.store.get<Stripe.PaymentMethod>(pmId)?.object : undefined;
  const payment = f.payment_method_update.enabled
    ? `<div class="card"><h2>Payment method</h2>${pm?.card ? `<p>${esc(pm.card.brand.toUpperCase())} •••• ${esc(pm.card.last4)} · Expires ${esc(String(pm.card.exp_month).padStart(2, "0"))}/${esc(pm.card.exp_year)}</p>` : "<p>No payment method on file.</p>"}<a class="button secondary" href="${home}/payment-method">${pm ? "Update payment method" : "Add payment method"}</a></div>`
    : "";
  const details = f.customer_update.enabled
    ? `<div class="card"><h2>Billing information</h2><p>${esc(customer.name ?? "")}<br>${esc(customer.email ?? "")}</p><a class="button secondary" href="${home}/details">Update information</a></div>`
    : "";
  const invoices = f.invoice_history.enabled ? invoiceHistory(world, customer.id) : "";
  return shell(world, session, `${notice ? `<div class="ok" role="status">${esc(notice)}</div>` : ""}${error ? `<div role="alert">${esc(error)}</div>` : ""}${plan}${payment}${details}${invoices}`);
}

function invoiceHistory(world: StripeWorld, customerId: string): string {
  const rows = world.store
    .all<Stripe.Invoice>("invoice")
    .filter((d) => d.object.customer === customerId && d.object.status !== "draft")
    .sort((a, b) => b.object.created - a.object.created || b.seq - a.seq)
    .map((d) => `<tr><td>${esc(day(d.object.created))}</td><td>${esc(money(d.object.total, d.object.currency))}</td><td>${esc(statusWord(d.object.status))}</td><td><a href="${esc(d.object.hosted_invoice_url ?? "#")}">View invoice</a></td></tr>`);
  return `<div class="card"><h2>Invoice history</h2>${rows.length ? `<table>${rows.join("")}</table>` : "<p>No invoices yet.</p>"}</div>`;
}

function statusWord(status: Stripe.Invoice.Status | null): string {
  return status === "paid" ? "Paid" : status === "open" ? "Due" : status === "void" ? "Void" : status === "uncollectible" ? "Uncollectible" : "Draft";
}

function cancelPage(world: StripeWorld, session: SessionDoc, config: Stripe.BillingPortal.Configuration, sub: SubscriptionDoc, error: string | null = null): string {
  const home = `/p/session/${session.id}`;
  const item = currentItem(sub.object);
  const immediately = config.features.subscription_cancel.mode === "immediately";
  const reasons = config.features.subscription_cancel.cancellation_reason;
  const survey = reasons.enabled
    ? `<fieldset style="border:0;padding:0"><legend><strong>Tell us why you're cancelling</strong> (optional)</legend>${(reasons.options.length ? reasons.options : Object.keys(REASONS)).map((r) => `<label style="font-weight:400"><input type="radio" name="feedback" value="${esc(r)}" style="width:auto"> ${esc(REASONS[r] ?? r)}</label>`).join("")}</fieldset><label for="comment">Anything else?</label><textarea id="comment" name="comment" rows="3"></textarea>`
    : "";
  return shell(
    world,
    session,
    `<div class="card"><h2>Cancel your plan</h2>${error ? `<div role="alert">${esc(error)}</div>` : ""}
<p>${immediately ? "Your plan will be cancelled now." : `Your plan will be cancelled, but is still available until the end of your billing period on ${esc(day(item.current_period_end))}.`}</p>
<form method="post" action="${home}/cancel">${survey}<button type="submit" class="danger">Cancel plan</button></form>
<p><a href="${home}">Go back</a></p></div>`,
  );
}

function plansPage(world: StripeWorld, session: SessionDoc, config: Stripe.BillingPortal.Configuration, sub: SubscriptionDoc, error: string | null = null): string {
  const home = `/p/session/${session.id}`;
  const current = currentItem(sub.object).price.id;
  const prices = (config.features.subscription_update.products ?? []).flatMap((p) => p.prices).map((id) => world.store.get<Stripe.Price>(id)?.object).filter((p): p is Stripe.Price => !!p);
  const options = prices
    .map(
      (p) => `<div class="card"><strong>${esc(productName(world, p))}</strong><p>${esc(money(p.unit_amount ?? 0, p.currency))} per ${esc(p.recurring?.interval ?? "month")}</p>${
        p.id === current ? `<p class="muted">Current plan</p>` : `<form method="get" action="${home}/update"><input type="hidden" name="price" value="${esc(p.id)}"><button type="submit">Select</button></form>`
      }</div>`,
    )
    .join("");
  return shell(world, session, `<h2>Update plan</h2>${error ? `<div role="alert">${esc(error)}</div>` : ""}${options}<p><a href="${home}">Go back</a></p>`);
}

function confirmPlanPage(world: StripeWorld, session: SessionDoc, sub: SubscriptionDoc, priceId: string): string {
  const home = `/p/session/${session.id}`;
  const next = world.store.get<Stripe.Price>(priceId)?.object;
  if (!next) return shell(world, session, `<div role="alert">That plan isn't available.</div><p><a href="${home}">Go back</a></p>`);
  const item = currentItem(sub.object);
  return shell(
    world,
    session,
    `<div class="card"><h2>Confirm your new plan</h2>
<p>${esc(productName(world, item.price))} → <strong>${esc(productName(world, next))}</strong>, ${esc(money(next.unit_amount ?? 0, next.currency))} per ${esc(next.recurring?.interval ?? "month")}.</p>
<form method="post" action="${home}/update"><input type="hidden" name="price" value="${esc(next.id)}"><input type="hidden" name="confirm" value="yes"><button type="submit">Confirm</button></form>
<p><a href="${home}">Go back</a></p></div>`,
  );
}

function cardPage(world: StripeWorld, session: SessionDoc, values: Record<string, string>, error: { field?: string; message: string } | null): string {
  const home = `/p/session/${session.id}`;
  return shell(world, session, `<div class="card"><h2>Add a payment method</h2><form method="post" action="${home}/payment-method" novalidate>${cardFields(values, error)}<button type="submit">Add</button></form><p><a href="${home}">Go back</a></p></div>`);
}

function detailsPage(world: StripeWorld, session: SessionDoc, config: Stripe.BillingPortal.Configuration): string {
  const home = `/p/session/${session.id}`;
  const customer = world.store.get<Stripe.Customer>(session.object.customer)!.object;
  const allowed = config.features.customer_update.allowed_updates;
  return shell(
    world,
    session,
    `<div class="card"><h2>Billing information</h2><form method="post" action="${home}/details">
${allowed.includes("name") ? `<label for="name">Name</label><input id="name" name="name" value="${esc(customer.name ?? "")}">` : ""}
${allowed.includes("email") ? `<label for="email">Email</label><input id="email" name="email" type="email" value="${esc(customer.email ?? "")}">` : ""}
<button type="submit">Save</button></form><p><a href="${home}">Go back</a></p></div>`,
  );
}

