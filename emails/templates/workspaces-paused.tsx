import { WORKSPACES_PAUSED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, PausedWorkspaces, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"workspaces-paused">;

export const subject = (p: Props) => W.subject(p);

/** Worded per reason (trial ended, payment failed, downgrade, plan ended). */
export default function WorkspacesPausedEmail(p: Props) {
  return (
    <Layout
      kind="workspaces-paused"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button(p), url: p.action.url }}
    >
      <P>{W.why(p)}</P>
      <PausedWorkspaces workspaces={p.workspaces} timeZone={p.timeZone} />
      <P>{W.next(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  reason: "payment_failed",
  workspaces: [
    { name: "shop-eu", url: SAMPLE_URLS.shopEu, dataKeptUntil: sampleDay(2026, 12, 16) },
    { name: "bookings-us", url: SAMPLE_URLS.bookingsUs, dataKeptUntil: sampleDay(2026, 12, 16) },
  ],
  action: { url: SAMPLE_URLS.portalCard },
};
WorkspacesPausedEmail.PreviewProps = previewProps;

export const template: Template<"workspaces-paused"> = { Component: WorkspacesPausedEmail, subject, previewProps };
