import { PLAN_DOWNGRADED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, List, PausedWorkspaces, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"plan-downgraded">;

export const subject = (p: Props) => W.subject(p);

/** When the plan changed outside Harbor (askToChoose), the button asks which workspaces to keep. */
export default function PlanDowngradedEmail(p: Props) {
  return (
    <Layout
      kind="plan-downgraded"
      base={baseOf(p)}
      preview={W.preview(p)}
      heading={W.heading(p)}
      button={{ label: W.button(p), url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      {p.kept.length > 0 && <P>{W.kept(p)}</P>}
      <List items={p.kept.map((w) => w.name)} />
      {p.paused.length > 0 && (
        <>
          <P>{W.paused(p)}</P>
          <PausedWorkspaces workspaces={p.paused} timeZone={p.timeZone} />
          <P>{W.next(p)}</P>
        </>
      )}
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Hobby",
  kept: [{ name: "shop-eu", url: SAMPLE_URLS.shopEu }],
  paused: [{ name: "bookings-us", url: SAMPLE_URLS.bookingsUs, dataKeptUntil: sampleDay(2026, 12, 16) }],
  askToChoose: true,
  action: { url: SAMPLE_URLS.changePlan },
};
PlanDowngradedEmail.PreviewProps = previewProps;

export const template: Template<"plan-downgraded"> = { Component: PlanDowngradedEmail, subject, previewProps };
