/**
 * One email, rendered: its subject, HTML and plain text. The registry has one template per
 * kind in EMAIL_KINDS (a kind without one is a type error), and rendering reads nothing but
 * the props: the same props give the same bytes, so a retry sends what the outbox kept.
 */
import { render } from "@react-email/components";
import { createElement, type Attributes } from "react";
import type { EmailKind } from "../domain/email/catalog";
import type { Template } from "./layout";
import type { EmailProps, RenderedEmail } from "./props";
import { template as cancellationReverted } from "./templates/cancellation-reverted";
import { template as cancellationScheduled } from "./templates/cancellation-scheduled";
import { template as cardExpiring } from "./templates/card-expiring";
import { template as deletionWarning } from "./templates/deletion-warning";
import { template as paymentFailed } from "./templates/payment-failed";
import { template as paymentNeedsConfirming } from "./templates/payment-needs-confirming";
import { template as paymentReceived } from "./templates/payment-received";
import { template as planDowngraded } from "./templates/plan-downgraded";
import { template as planUpgraded } from "./templates/plan-upgraded";
import { template as subscriptionEnded } from "./templates/subscription-ended";
import { template as subscriptionStarted } from "./templates/subscription-started";
import { template as trialEnded } from "./templates/trial-ended";
import { template as trialEnding } from "./templates/trial-ending";
import { template as welcome } from "./templates/welcome";
import { template as workspaceDeleted } from "./templates/workspace-deleted";
import { template as workspaceRecovered } from "./templates/workspace-recovered";
import { template as workspaceTrouble } from "./templates/workspace-trouble";
import { template as deploymentExpiring } from "./templates/deployment-expiring";
import { template as invitation } from "./templates/invitation";
import { template as invitationAccepted } from "./templates/invitation-accepted";
import { template as memberRemoved } from "./templates/member-removed";
import { template as workspacesPaused } from "./templates/workspaces-paused";

const TEMPLATES: { readonly [K in EmailKind]: Template<K> } = {
  welcome,
  "trial-ending": trialEnding,
  "trial-ended": trialEnded,
  "subscription-started": subscriptionStarted,
  "payment-failed": paymentFailed,
  "payment-needs-confirming": paymentNeedsConfirming,
  "card-expiring": cardExpiring,
  "workspaces-paused": workspacesPaused,
  "deletion-warning": deletionWarning,
  "workspace-deleted": workspaceDeleted,
  "payment-received": paymentReceived,
  "cancellation-scheduled": cancellationScheduled,
  "cancellation-reverted": cancellationReverted,
  "subscription-ended": subscriptionEnded,
  "plan-downgraded": planDowngraded,
  "plan-upgraded": planUpgraded,
  "workspace-trouble": workspaceTrouble,
  "workspace-recovered": workspaceRecovered,
  "deployment-expiring": deploymentExpiring,
  invitation,
  "invitation-accepted": invitationAccepted,
  "member-removed": memberRemoved,
};

/** Headings keep their case in the plain-text part (html-to-text shouts them by default). */
const PLAIN_TEXT = {
  plainText: true,
  htmlToTextOptions: {
    selectors: [
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
    ],
  },
} as const;

export async function renderEmail<K extends EmailKind>(kind: K, props: EmailProps<K>): Promise<RenderedEmail> {
  const template = TEMPLATES[kind] as Template<K>;
  const element = createElement(template.Component, props as EmailProps<K> & Attributes);
  const [html, text] = await Promise.all([render(element), render(element, PLAIN_TEXT)]);
  return { subject: template.subject(props), html, text };
}

/** The sample props a kind's preview uses (realistic Harbor data: Maple Bakery, shop-eu, 2026). */
export function previewPropsFor<K extends EmailKind>(kind: K): EmailProps<K> {
  return (TEMPLATES[kind] as Template<K>).previewProps;
}
