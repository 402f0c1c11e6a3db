/** The account's recent invoices, read from Stripe when the billing page opens (never cached: they change). */
import type { Services } from "../../../server/bindings/services";

export interface InvoiceRow {
  id: string;
  created: Date;
  amount: number;
  currency: string;
  status: "paid" | "open" | "other";
  url: string | null;
}

export async function recentInvoices(services: Services, customerId: string): Promise<InvoiceRow[] | null> {
  try {
    const list = await services.stripe().invoices.list({ customer: customerId, limit: 6 });
    return list.data
      .filter((inv) => inv.status !== "draft")
      .map((inv) => ({
        id: inv.id ?? "",
        created: new Date(inv.created * 1000),
        amount: inv.status === "paid" ? inv.amount_paid : inv.amount_due,
        currency: inv.currency,
        status: inv.status === "paid" ? "paid" : inv.status === "open" ? "open" : "other",
        url: inv.hosted_invoice_url ?? null,
      }));
  } catch (error) {
    services.log.warn("billing.invoices_unavailable", { error });
    return null;
  }
}
