import { CANCELLATION_SCHEDULED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"cancellation-scheduled">;

export const subject = (p: Props) => W.subject(p);

export default function CancellationScheduledEmail(p: Props) {
  return (
    <Layout
      kind="cancellation-scheduled"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.next(p)}</P>
      <P>{W.keep(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Pro",
  endsAt: sampleDay(2027, 1, 2),
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs },
  ],
  action: { url: SAMPLE_URLS.billing },
};
CancellationScheduledEmail.PreviewProps = previewProps;

export const template: Template<"cancellation-scheduled"> = { Component: CancellationScheduledEmail, subject, previewProps };
