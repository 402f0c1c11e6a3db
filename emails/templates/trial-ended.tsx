import { TRIAL_ENDED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, PausedWorkspaces, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"trial-ended">;

export const subject = (p: Props) => W.subject(p);

export default function TrialEndedEmail(p: Props) {
  return (
    <Layout
      kind="trial-ended"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.ended(p)}</P>
      <PausedWorkspaces workspaces={p.workspaces} timeZone={p.timeZone} />
      <P>{W.next(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu, dataKeptUntil: sampleDay(2026, 12, 16) },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs, dataKeptUntil: sampleDay(2026, 12, 16) },
  ],
  action: { url: SAMPLE_URLS.plans },
};
TrialEndedEmail.PreviewProps = previewProps;

export const template: Template<"trial-ended"> = { Component: TrialEndedEmail, subject, previewProps };
