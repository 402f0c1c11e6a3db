import { TRIAL_ENDING_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"trial-ending">;

export const subject = (p: Props) => W.subject(p);

export default function TrialEndingEmail(p: Props) {
  return (
    <Layout
      kind="trial-ending"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.ends(p)}</P>
      <P>{W.keepRunning(p)}</P>
      <P>{W.otherwise(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  trialEndsAt: sampleDay(2026, 12, 4),
  daysLeft: 3,
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs },
  ],
  action: { url: SAMPLE_URLS.plans },
};
TrialEndingEmail.PreviewProps = previewProps;

export const template: Template<"trial-ending"> = { Component: TrialEndingEmail, subject, previewProps };
