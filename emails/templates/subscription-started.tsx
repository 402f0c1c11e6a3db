import { EMAIL_LAYOUT, SUBSCRIPTION_STARTED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, TextLink, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"subscription-started">;

export const subject = (p: Props) => W.subject(p);

export default function SubscriptionStartedEmail(p: Props) {
  const renews = W.renews(p);
  return (
    <Layout
      kind="subscription-started"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.started(p)}</P>
      {renews && <P>{renews}</P>}
      {p.invoiceUrl && <TextLink href={p.invoiceUrl}>{EMAIL_LAYOUT.receipt}</TextLink>}
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Pro",
  price: "€29.00 a month",
  renewsAt: sampleDay(2027, 1, 2),
  invoiceUrl: SAMPLE_URLS.invoice,
  action: { url: SAMPLE_URLS.workspaces },
};
SubscriptionStartedEmail.PreviewProps = previewProps;

export const template: Template<"subscription-started"> = { Component: SubscriptionStartedEmail, subject, previewProps };
