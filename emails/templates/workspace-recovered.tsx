import { WORKSPACE_RECOVERED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"workspace-recovered">;

export const subject = (p: Props) => W.subject(p);

export default function WorkspaceRecoveredEmail(p: Props) {
  return (
    <Layout
      kind="workspace-recovered"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button(p), url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.next}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspace: { name: "shop-eu", url: SAMPLE_URLS.shopEu },
  troubleSince: sampleDay(2026, 12, 2, 13, 5),
  action: { url: SAMPLE_URLS.shopEu },
};
WorkspaceRecoveredEmail.PreviewProps = previewProps;

export const template: Template<"workspace-recovered"> = { Component: WorkspaceRecoveredEmail, subject, previewProps };
