import { PAYMENT_NEEDS_CONFIRMING_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"payment-needs-confirming">;

export const subject = (p: Props) => W.subject(p);

export default function PaymentNeedsConfirmingEmail(p: Props) {
  return (
    <Layout
      kind="payment-needs-confirming"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.how}</P>
      <P>{W.otherwise}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  amount: "€29.00",
  action: { url: SAMPLE_URLS.invoice },
};
PaymentNeedsConfirmingEmail.PreviewProps = previewProps;

export const template: Template<"payment-needs-confirming"> = { Component: PaymentNeedsConfirmingEmail, subject, previewProps };
