import { CARD_EXPIRING_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"card-expiring">;

export const subject = (p: Props) => W.subject(p);

export default function CardExpiringEmail(p: Props) {
  return (
    <Layout
      kind="card-expiring"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.next(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  cardLabel: "Visa ending in 4242",
  expMonth: 12,
  expYear: 2026,
  renewsAt: sampleDay(2027, 1, 2),
  action: { url: SAMPLE_URLS.portalCard },
};
CardExpiringEmail.PreviewProps = previewProps;

export const template: Template<"card-expiring"> = { Component: CardExpiringEmail, subject, previewProps };
