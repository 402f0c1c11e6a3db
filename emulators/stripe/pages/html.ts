/**
 * The hosted pages' frame: plain HTML forms that work without JavaScript (a little script
 * only spaces the card number), styled to look like a payment page, with a banner that
 * says it is the local stand-in.
 */
import type { ServerResponse } from "node:http";

export function esc(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1f36;background:#f6f8fa}
.banner{background:#ffde92;color:#5c3b00;font-size:13px;text-align:center;padding:4px}
main{max-width:960px;margin:0 auto;padding:24px 16px;display:grid;gap:32px}
@media(min-width:800px){main.split{grid-template-columns:1fr 1fr}}
h1{font-size:24px;margin:0 0 8px}h2{font-size:18px;margin:24px 0 8px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:8px;padding:20px;margin-bottom:16px}
.price{font-size:32px;font-weight:600}.muted{color:#596171}
label{display:block;font-weight:500;margin:12px 0 4px}
input,select,textarea{width:100%;font:inherit;padding:10px;border:1px solid #c1c9d2;border-radius:6px;background:#fff}
input[aria-invalid=true]{border-color:#df1b41}
.row{display:grid;grid-template-columns:1fr 1fr;gap:12px}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:12px 18px;border-radius:6px;border:0;background:#5046e5;color:#fff;cursor:pointer;text-decoration:none;margin-top:16px}
button.secondary,.button.secondary{background:#fff;color:#1a1f36;border:1px solid #c1c9d2}
button.danger{background:#df1b41}
.wide{width:100%}
[role=alert]{color:#df1b41;background:#fff0f2;border:1px solid #f8c5cf;border-radius:6px;padding:10px;margin:12px 0}
.ok{color:#0a6b3f;background:#e8f7ef;border:1px solid #b7e4cb;border-radius:6px;padding:10px;margin:12px 0}
table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:8px 4px;border-bottom:1px solid #e3e8ee}
a{color:#5046e5}
`;

const SCRIPT = `
document.querySelectorAll('input[name=cardNumber]').forEach(function(i){i.addEventListener('input',function(){var d=i.value.replace(/\\D/g,'').slice(0,19);i.value=d.replace(/(\\d{4})(?=\\d)/g,'$1 ')})});
document.querySelectorAll('form').forEach(function(f){f.addEventListener('submit',function(){var b=f.querySelector('button[type=submit]:not([name])');if(b){b.setAttribute('aria-busy','true')}})});
`;

export function page(title: string, body: string, options: { split?: boolean } = {}): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body><div class="banner">Test mode · local Stripe stand-in</div><main${options.split ? ' class="split"' : ""}>${body}</main><script>${SCRIPT}</script></body></html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(html), "Cache-Control": "no-store" });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { Location: location, "Content-Length": 0 });
  res.end();
}

export function money(amount: number, currency: string): string {
  const symbol = currency === "eur" ? "€" : currency === "usd" ? "US$" : currency === "gbp" ? "£" : `${currency.toUpperCase()} `;
  const sign = amount < 0 ? "−" : "";
  return `${sign}${symbol}${(Math.abs(amount) / 100).toFixed(2)}`;
}

export function day(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** The card fields every page that takes a card shows. */
export function cardFields(values: Record<string, string>, error: { field?: string; message: string } | null): string {
  const invalid = (f: string) => (error?.field === f ? ' aria-invalid="true" aria-describedby="card-error"' : "");
  return `
<label for="cardNumber">Card number</label>
<input id="cardNumber" name="cardNumber" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" value="${esc(values.cardNumber)}"${invalid("cardNumber")}>
<div class="row">
  <div><label for="cardExpiry">Expiration (MM / YY)</label><input id="cardExpiry" name="cardExpiry" autocomplete="cc-exp" placeholder="MM / YY" value="${esc(values.cardExpiry)}"${invalid("cardExpiry")}></div>
  <div><label for="cardCvc">CVC</label><input id="cardCvc" name="cardCvc" inputmode="numeric" autocomplete="cc-csc" placeholder="CVC" value="${esc(values.cardCvc)}"${invalid("cardCvc")}></div>
</div>
<label for="cardholderName">Name on card</label>
<input id="cardholderName" name="cardholderName" autocomplete="cc-name" value="${esc(values.cardholderName)}">
${error ? `<div id="card-error" role="alert">${esc(error.message)}</div>` : ""}`;
}

/** A one-page PDF with a few lines of text (the invoice download). */
export function tinyPdf(lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 12 Tf 56 ${780 - i * 18} Td (${l.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, "?")}) Tj ET`)
    .join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out);
}
