import { DEPLOYMENT_EXPIRING_EMAIL as W } from "../../domain/vocabulary/emails";
import { Layout, P, SAMPLE_BASE, SAMPLE_URLS, baseOf, sampleDay, type Template } from "../layout";
import type { EmailProps } from "../props";

type Props = EmailProps<"deployment-expiring">;

export const subject = (p: Props) => W.subject(p);

/** The day before a site goes offline by itself: one button to keep it. */
export default function DeploymentExpiringEmail(p: Props) {
  return (
    <Layout
      kind="deployment-expiring"
      base={baseOf(p)}
      preview={W.preview}
      heading={W.heading(p)}
      button={{ label: W.button, url: p.action.url }}
    >
      <P>{W.what(p)}</P>
      <P>{W.choice}</P>
      <P>{W.nothing}</P>
    </Layout>
  );
}

export const previewProps: Props = {
  ...SAMPLE_BASE,
  workspace: { name: "shop-eu", url: SAMPLE_URLS.shopEu },
  site: { name: "spring-sale", address: "spring-sale.shop-eu.harbor.example" },
  expiresAt: sampleDay(2026, 12, 4, 9, 30),
  action: { url: `${SAMPLE_URLS.shopEu}/deployments/dpl_spring` },
};
DeploymentExpiringEmail.PreviewProps = previewProps;

export const template: Template<"deployment-expiring"> = { Component: DeploymentExpiringEmail, subject, previewProps };
