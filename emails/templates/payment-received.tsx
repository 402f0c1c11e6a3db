import { EMAIL_LAYOUT, PAYMENT_RECEIVED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, List, P, SAMPLE_BASE, SAMPLE_URLS, TextLink, baseOf, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"payment-received">;

export const subject = (p: Props) => W.subject(p);

export default function PaymentReceivedEmail(p: Props) {
  return (
    <Layout
      kind="payment-received"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.workspaces(p)}</P>
      <List items={p.workspaces.map((w) => w.name)} />
      {p.invoiceUrl && <TextLink href={p.invoiceUrl}>{EMAIL_LAYOUT.receipt}</TextLink>}
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  amount: "€29.00",
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs },
  ],
  invoiceUrl: SAMPLE_URLS.invoice,
  action: { url: SAMPLE_URLS.workspaces },
};
PaymentReceivedEmail.PreviewProps = previewProps;

export const template: Template<"payment-received"> = { Component: PaymentReceivedEmail, subject, previewProps };
