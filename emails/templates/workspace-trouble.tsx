import { WORKSPACE_TROUBLE_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"workspace-trouble">;

export const subject = (p: Props) => W.subject(p);

/** Reassuring: we already know and are working on it. */
export default function WorkspaceTroubleEmail(p: Props) {
  return (
    <Layout
      kind="workspace-trouble"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button(p), url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.reassure}</P>
      <P>{W.next}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspace: { name: "shop-eu", url: SAMPLE_URLS.shopEu },
  since: sampleDay(2026, 12, 2, 13, 5),
  action: { url: SAMPLE_URLS.shopEu },
};
WorkspaceTroubleEmail.PreviewProps = previewProps;

export const template: Template<"workspace-trouble"> = { Component: WorkspaceTroubleEmail, subject, previewProps };
