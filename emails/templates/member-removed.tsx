import { MEMBER_REMOVED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"member-removed">;

export const subject = (p: Props) => W.subject(p);

/** To someone removed from a workspace they didn't own: what they lost, what they kept, whom to ask. */
export default function MemberRemovedEmail(p: Props) {
  return (
    <Layout
      kind="member-removed"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.yours}</P>
      <P>{W.mistake(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  accountName: "Sam Okafor",
  accountEmail: "sam@maplebakery.example",
  workspaceName: "shop-eu",
  byName: "Maple Bakery",
  action: { url: SAMPLE_URLS.workspaces },
};
MemberRemovedEmail.PreviewProps = previewProps;

export const template: Template<"member-removed"> = { Component: MemberRemovedEmail, subject, previewProps };
