import { PAYMENT_FAILED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"payment-failed">;

export const subject = (p: Props) => W.subject(p);

/** First attempt and later ones read differently; with or without another attempt to come. */
export default function PaymentFailedEmail(p: Props) {
  return (
    <Layout
      kind="payment-failed"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.next(p)}</P>
      <P>{W.fix}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  amount: "€29.00",
  cardLabel: "Visa ending in 4242",
  attempt: 1,
  nextAttemptAt: sampleDay(2026, 12, 5),
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs },
  ],
  action: { url: SAMPLE_URLS.portalCard },
};
PaymentFailedEmail.PreviewProps = previewProps;

export const template: Template<"payment-failed"> = { Component: PaymentFailedEmail, subject, previewProps };
