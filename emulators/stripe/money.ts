/** Amounts as the hosted pages and invoice lines print them ("€9.00", "−€4.50"). */
export function money(amount: number, currency: string): string {
  const symbol = currency === "eur" ? "€" : currency === "usd" ? "US$" : currency === "gbp" ? "£" : `${currency.toUpperCase()} `;
  const sign = amount < 0 ? "−" : "";
  return `${sign}${symbol}${(Math.abs(amount) / 100).toFixed(2)}`;
}
