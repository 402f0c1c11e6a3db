/**
 * The hosted Checkout page (contract §7.1) at a session's `url`: what is bought, the
 * customer's email (locked), the card form; declines inline with the session still open;
 * 3-D Secure on its own page with Complete / Fail; success → `success_url`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import { answerAuthentication, payCheckout, type CheckoutResult, type CheckoutSessionDoc } from "../billing/checkout.ts";
import { checkEnteredCard } from "../billing/cards.ts";
import { priceDoc, productName } from "../billing/lookups.ts";
import type { StripeWorld } from "../world.ts";
import { cardFields, esc, money, page, redirect, sendHtml } from "./html.ts";

export function handleCheckoutPage(world: StripeWorld, req: IncomingMessage, res: ServerResponse, path: string[], form: URLSearchParams | null): boolean {
  const [id, step] = path;
  const doc = id ? (world.store.get(id) as CheckoutSessionDoc | undefined) : undefined;
  if (!doc || doc.kind !== "checkout_session") {
    sendHtml(res, 404, page("Page not found", `<div class="card"><h1>Something went wrong</h1><p>The page you were looking for could not be found. Please check the URL or contact the merchant.</p></div>`));
    return true;
  }
  if (doc.object.status !== "open") {
    sendHtml(res, doc.object.status === "complete" ? 200 : 410, closedPage(world, doc));
    return true;
  }
  const method = req.method ?? "GET";
  if (step === "authenticate") {
    if (method === "POST" && form) return finish(world, res, doc, answerAuthentication(world, doc, form.get("outcome") === "complete"), {});
    if (!doc.x.pendingMethod) {
      redirect(res, `/c/pay/${doc.id}`);
      return true;
    }
    sendHtml(res, 200, authenticatePage(world, doc));
    return true;
  }
  if (step === "done") {
    sendHtml(res, 200, closedPage(world, doc));
    return true;
  }
  if (method === "POST" && form) {
    const values = Object.fromEntries(form) as Record<string, string>;
    const check = checkEnteredCard(values, world.nowFor(doc.object.customer as string | null));
    if (!check.ok) {
      sendHtml(res, 400, checkoutPage(world, doc, values, { field: check.field, message: check.message }));
      return true;
    }
    const email = typeof doc.object.customer === "string" ? null : (values.email ?? "").trim() || null;
    if (typeof doc.object.customer !== "string" && !email) {
      sendHtml(res, 400, checkoutPage(world, doc, values, { field: "email", message: "Your email is incomplete." }));
      return true;
    }
    return finish(world, res, doc, payCheckout(world, doc, check.card, { name: values.cardholderName?.trim() || null, email }), values);
  }
  sendHtml(res, 200, checkoutPage(world, doc, {}, null));
  return true;
}

function finish(world: StripeWorld, res: ServerResponse, doc: CheckoutSessionDoc, result: CheckoutResult, values: Record<string, string>): boolean {
  if (result.kind === "paid") redirect(res, result.redirectTo ?? `/c/pay/${doc.id}/done`);
  else if (result.kind === "authenticate") redirect(res, `/c/pay/${doc.id}/authenticate`);
  else if (result.kind === "closed") sendHtml(res, 410, closedPage(world, doc));
  else sendHtml(res, 402, checkoutPage(world, doc, { ...values, cardNumber: "", cardCvc: "" }, { message: result.message }));
  return true;
}

function summary(world: StripeWorld, doc: CheckoutSessionDoc): string {
  const price = priceDoc(world, doc.x.price).object;
  const interval = price.recurring?.interval ?? "month";
  const business = world.settings.businessName;
  const back = doc.object.cancel_url ? `<a href="${esc(doc.object.cancel_url)}">← Back to ${esc(business)}</a>` : "";
  return `<section>
  ${back}
  <p class="muted" style="margin-top:24px">Subscribe to ${esc(productName(world, price))}</p>
  <p class="price">${esc(money(doc.object.amount_total ?? 0, doc.object.currency ?? price.currency))} <span class="muted" style="font-size:16px">per ${esc(interval)}</span></p>
  <table><tr><td>${esc(productName(world, price))}${doc.x.quantity > 1 ? ` × ${doc.x.quantity}` : ""}<br><span class="muted">Billed ${interval === "month" ? "monthly" : `every ${esc(interval)}`}</span></td><td style="text-align:right">${esc(money(doc.object.amount_subtotal ?? 0, price.currency))}</td></tr>
  <tr><td>Subtotal</td><td style="text-align:right">${esc(money(doc.object.amount_subtotal ?? 0, price.currency))}</td></tr>
  <tr><th>Total due today</th><th style="text-align:right">${esc(money(doc.object.amount_total ?? 0, price.currency))}</th></tr></table>
</section>`;
}

function checkoutPage(world: StripeWorld, doc: CheckoutSessionDoc, values: Record<string, string>, error: { field?: string; message: string } | null): string {
  const customer = typeof doc.object.customer === "string" ? world.store.get<Stripe.Customer>(doc.object.customer)?.object : undefined;
  const email = customer?.email ?? doc.object.customer_email;
  const emailField = customer
    ? `<label for="email">Email</label><input id="email" value="${esc(email ?? "")}" readonly aria-readonly="true">`
    : `<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${esc(values.email ?? email ?? "")}"${error?.field === "email" ? ' aria-invalid="true"' : ""}>`;
  const cardError = error && error.field !== "email" ? error : null;
  return page(
    `Subscribe · ${world.settings.businessName}`,
    `${summary(world, doc)}
<section class="card">
  <h1>Pay with card</h1>
  <form method="post" action="/c/pay/${esc(doc.id)}" novalidate>
    ${emailField}
    ${error?.field === "email" ? `<div role="alert">${esc(error.message)}</div>` : ""}
    <h2>Card information</h2>
    ${cardFields(values, cardError)}
    <button type="submit" class="wide">Subscribe</button>
  </form>
  <p class="muted" style="font-size:13px">By subscribing, you authorise ${esc(world.settings.businessName)} to charge you according to the terms until you cancel.</p>
</section>`,
    { split: true },
  );
}

function authenticatePage(world: StripeWorld, doc: CheckoutSessionDoc): string {
  return page(
    "3D Secure 2 Test Page",
    `<section class="card">
  <h1>3D Secure 2 Test Page</h1>
  <p>This is a test authentication for a payment of ${esc(money(doc.object.amount_total ?? 0, doc.object.currency ?? "eur"))} to ${esc(world.settings.businessName)}. In live mode your bank would ask you to confirm it here.</p>
  <form method="post" action="/c/pay/${esc(doc.id)}/authenticate">
    <button type="submit" name="outcome" value="complete">Complete</button>
    <button type="submit" name="outcome" value="fail" class="secondary">Fail</button>
  </form>
</section>`,
  );
}

function closedPage(world: StripeWorld, doc: CheckoutSessionDoc): string {
  if (doc.object.status === "complete") {
    return page("Thanks for your order", `<section class="card"><h1>Thanks for subscribing</h1><p>A payment to ${esc(world.settings.businessName)} has been completed.</p></section>`);
  }
  const back = doc.object.cancel_url ? `<p><a href="${esc(doc.object.cancel_url)}">Return to ${esc(world.settings.businessName)}</a></p>` : "";
  return page("Session expired", `<section class="card"><h1>Your checkout session has expired</h1><p>Please go back and start again.</p>${back}</section>`);
}
