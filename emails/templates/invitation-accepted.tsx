import { INVITATION_ACCEPTED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"invitation-accepted">;

export const subject = (p: Props) => W.subject(p);

/** To whoever sent the invitation: the person it was for has joined, with their role. */
export default function InvitationAcceptedEmail(p: Props) {
  return (
    <Layout
      kind="invitation-accepted"
      base={baseOf(p)}
      preview={W.preview(p)}
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
  memberName: "Sam Okafor",
  memberEmail: "sam@maplebakery.example",
  role: "admin",
  action: { url: `${SAMPLE_URLS.shopEu}/people` },
};
InvitationAcceptedEmail.PreviewProps = previewProps;

export const template: Template<"invitation-accepted"> = { Component: InvitationAcceptedEmail, subject, previewProps };
