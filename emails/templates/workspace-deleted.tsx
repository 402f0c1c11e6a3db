import { WORKSPACE_DELETED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"workspace-deleted">;

export const subject = (p: Props) => W.subject(p);

export default function WorkspaceDeletedEmail(p: Props) {
  return (
    <Layout
      kind="workspace-deleted"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.remains}</P>
      <P>{W.next}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspaceName: "bookings-us",
  deletedAt: sampleDay(2026, 12, 9),
  action: { url: SAMPLE_URLS.newWorkspace },
};
WorkspaceDeletedEmail.PreviewProps = previewProps;

export const template: Template<"workspace-deleted"> = { Component: WorkspaceDeletedEmail, subject, previewProps };
