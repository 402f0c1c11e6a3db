import { CANCELLATION_REVERTED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"cancellation-reverted">;

export const subject = (p: Props) => W.subject(p);

export default function CancellationRevertedEmail(p: Props) {
  return (
    <Layout
      kind="cancellation-reverted"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.renews(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Pro",
  renewsAt: sampleDay(2027, 1, 2),
  action: { url: SAMPLE_URLS.billing },
};
CancellationRevertedEmail.PreviewProps = previewProps;

export const template: Template<"cancellation-reverted"> = { Component: CancellationRevertedEmail, subject, previewProps };
