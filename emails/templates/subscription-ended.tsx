import { SUBSCRIPTION_ENDED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, PausedWorkspaces, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"subscription-ended">;

export const subject = (p: Props) => W.subject(p);

export default function SubscriptionEndedEmail(p: Props) {
  return (
    <Layout
      kind="subscription-ended"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <PausedWorkspaces workspaces={p.workspaces} timeZone={p.timeZone} />
      <P>{W.next(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Pro",
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu, dataKeptUntil: sampleDay(2027, 1, 16) },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs, dataKeptUntil: sampleDay(2027, 1, 16) },
  ],
  action: { url: SAMPLE_URLS.plans },
};
SubscriptionEndedEmail.PreviewProps = previewProps;

export const template: Template<"subscription-ended"> = { Component: SubscriptionEndedEmail, subject, previewProps };
