/**
 * The webhook signature both the infra service and Stripe use:
 *   <Header>: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * (docs/infra-contract.md §4; ../shared/stripe/API.md §5.2 — the key is the whole secret
 * string, `whsec_` included).
 */
import { createHmac } from "node:crypto";

export function signedHeaderValue(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}
