/** The hosted invoice page (`hosted_invoice_url`) and its PDF: amount, status, lines; pay an open invoice by card. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type Stripe from "stripe";
import { checkEnteredCard } from "../billing/cards.ts";
import { payInvoiceNow } from "../billing/invoicing.ts";
import type { InvoiceDoc } from "../billing/lookups.ts";
import { attachMethod, createCardMethod } from "../billing/payment-methods.ts";
import { ApiError } from "../http/api-error.ts";
import type { StripeWorld } from "../world.ts";
import { cardFields, day, esc, money, page, redirect, sendHtml, tinyPdf } from "./html.ts";

export function handleInvoicePage(world: StripeWorld, req: IncomingMessage, res: ServerResponse, path: string[], form: URLSearchParams | null): boolean {
  const [id, step] = path;
  const inv = id ? (world.store.get(id) as InvoiceDoc | undefined) : undefined;
  if (!inv || inv.kind !== "invoice" || inv.object.status === "draft") {
    sendHtml(res, 404, page("Invoice not found", `<section class="card"><h1>This invoice could not be found</h1></section>`));
    return true;
  }
  const o = inv.object;
  if (step === "pdf") {
    const body = tinyPdf([`${world.settings.businessName} - Invoice ${o.number ?? o.id}`, `Date: ${day(o.created)}`, `Billed to: ${o.customer_email ?? ""}`, ...o.lines.data.map((l) => `${l.description ?? ""}: ${money(l.amount, l.currency)}`), `Total: ${money(o.total, o.currency)}`, `Status: ${o.status}`]);
    res.writeHead(200, { "Content-Type": "application/pdf", "Content-Length": body.length, "Content-Disposition": `inline; filename="Invoice-${o.number ?? o.id}.pdf"` });
    res.end(body);
    return true;
  }
  if (req.method === "POST" && form && o.status === "open") {
    const values = Object.fromEntries(form) as Record<string, string>;
    const customerId = o.customer as string;
    const check = checkEnteredCard(values, world.nowFor(customerId));
    if (!check.ok) {
      sendHtml(res, 400, invoicePage(world, o, values, { field: check.field, message: check.message }));
      return true;
    }
    try {
      const at = world.nowFor(customerId);
      const pm = createCardMethod(world, check.card, at, { name: values.cardholderName || null });
      attachMethod(world, pm, customerId, at);
      // The person is on the page: a card asking for 3-D Secure is taken as confirmed here.
      payInvoiceNow(world, inv, at, pm, { onSession: true, authenticated: true });
      redirect(res, `/i/${o.id}`);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      sendHtml(res, 402, invoicePage(world, o, { ...values, cardNumber: "", cardCvc: "" }, { message: e.body.message }));
    }
    return true;
  }
  sendHtml(res, 200, invoicePage(world, o, {}, null));
  return true;
}

function invoicePage(world: StripeWorld, o: Stripe.Invoice, values: Record<string, string>, error: { field?: string; message: string } | null): string {
  const lines = o.lines.data.map((l) => `<tr><td>${esc(l.description ?? "")}</td><td style="text-align:right">${esc(money(l.amount, l.currency))}</td></tr>`).join("");
  const state = o.status === "paid" ? `<div class="ok">Paid on ${esc(day(o.status_transitions.paid_at ?? o.created))}</div>` : o.status === "open" ? `<p><strong>${esc(money(o.amount_remaining, o.currency))} due</strong></p>` : `<p>This invoice is ${esc(o.status)}.</p>`;
  const pay = o.status === "open" ? `<div class="card"><h2>Pay this invoice</h2><form method="post" action="/i/${esc(o.id)}" novalidate>${cardFields(values, error)}<button type="submit" class="wide">Pay ${esc(money(o.amount_remaining, o.currency))}</button></form></div>` : "";
  return page(
    `Invoice ${o.number ?? ""} · ${world.settings.businessName}`,
    `<section><h1>Invoice from ${esc(world.settings.businessName)}</h1><p class="muted">Invoice ${esc(o.number ?? o.id)} · ${esc(day(o.created))}</p>${state}
<div class="card"><table>${lines}<tr><th>Total</th><th style="text-align:right">${esc(money(o.total, o.currency))}</th></tr></table></div>
<p><a href="/i/${esc(o.id)}/pdf">Download invoice</a></p></section><section>${pay}</section>`,
    { split: true },
  );
}
