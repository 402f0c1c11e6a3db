import { WELCOME_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"welcome">;

export const subject = (p: Props) => W.subject(p);

export default function WelcomeEmail(p: Props) {
  return (
    <Layout
      kind="welcome"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.started(p)}</P>
      <P>{W.workspace}</P>
      <P>{W.next(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  trialEndsAt: sampleDay(2026, 12, 16),
  action: { url: SAMPLE_URLS.newWorkspace },
};
WelcomeEmail.PreviewProps = previewProps;

export const template: Template<"welcome"> = { Component: WelcomeEmail, subject, previewProps };
