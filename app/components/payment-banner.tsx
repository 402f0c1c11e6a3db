import { Form, href } from "react-router";
import { PAYMENT_BANNER } from "../../domain/vocabulary";

/** "Your last payment didn't go through…", with the way to fix it (a fresh portal session). */
export function PaymentBanner({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div className="notice warn" role="alert" data-testid="payment-banner">
      <p>{text}</p>
      <Form method="post" action={href("/account/billing/portal")} reloadDocument>
        <input type="hidden" name="flow" value="card" />
        <button type="submit">{PAYMENT_BANNER.action}</button>
      </Form>
    </div>
  );
}
