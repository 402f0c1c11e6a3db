import { PLAN_UPGRADED_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, List, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"plan-upgraded">;

export const subject = (p: Props) => W.subject(p);

export default function PlanUpgradedEmail(p: Props) {
  return (
    <Layout
      kind="plan-upgraded"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      {p.features.length > 0 && <P>{W.includes}</P>}
      <List items={p.features} />
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  planName: "Pro",
  features: [
    "Up to 3 workspaces",
    "Runs in Europe and the United States",
    "Up to 10 sites and apps in each workspace",
    "Your own web addresses",
    "Priority help from our team",
  ],
  action: { url: SAMPLE_URLS.workspaces },
};
PlanUpgradedEmail.PreviewProps = previewProps;

export const template: Template<"plan-upgraded"> = { Component: PlanUpgradedEmail, subject, previewProps };
