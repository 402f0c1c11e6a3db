import { EMAIL_LAYOUT, INVITATION_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"invitation">;

export const subject = (p: Props) => W.subject(p);

/** To someone invited into a workspace: who, where, as what, until when, and one button to the accept page. */
export default function InvitationEmail(p: Props) {
  return (
    <Layout
      kind="invitation"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
      sentTo={EMAIL_LAYOUT.sentToInvitee(p.to, p.inviterName)}
    >
      <P>{W.what(p)}</P>
      <P>{W.how}</P>
      <P>{W.expires(p)}</P>
      <P>{W.unexpected(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  to: "sam@maplebakery.example",
  inviterName: SAMPLE_BASE.accountName,
  workspaceName: "shop-eu",
  role: "member",
  expiresAt: sampleDay(2026, 12, 10),
  action: { url: `${SAMPLE_URLS.app}/invitations/inv_sample_token_not_real` },
};
InvitationEmail.PreviewProps = previewProps;

export const template: Template<"invitation"> = { Component: InvitationEmail, subject, previewProps };
