import { DELETION_WARNING_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"deletion-warning">;

export const subject = (p: Props) => W.subject(p);

export default function DeletionWarningEmail(p: Props) {
  return (
    <Layout
      kind="deletion-warning"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button(p), url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.final}</P>
      <P>{W.keep(p)}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspace: { name: "bookings-us", url: SAMPLE_URLS.bookingsUs, dataKeptUntil: sampleDay(2026, 12, 9) },
  deletesAt: sampleDay(2026, 12, 9),
  daysLeft: 7,
  action: { url: SAMPLE_URLS.bookingsUs },
};
DeletionWarningEmail.PreviewProps = previewProps;

export const template: Template<"deletion-warning"> = { Component: DeletionWarningEmail, subject, previewProps };
