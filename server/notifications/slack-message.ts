/**
 * What Slack receives for an event: one short line (the summary and a link back to
 * Harbor), as `text` for notifications and as a section block for the channel.
 */
import { NOTIFICATION_MESSAGES } from "../../domain/vocabulary";
import type { NotificationEventBody } from "./event-body";

export interface SlackMessage {
  text: string;
  blocks: { type: "section"; text: { type: "mrkdwn"; text: string } }[];
}

/** Slack's mrkdwn treats these three as markup. */
function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function slackMessage(body: NotificationEventBody): SlackMessage {
  const line = `${escape(body.summary)} <${escape(body.link)}|${NOTIFICATION_MESSAGES.openHarbor}>`;
  return {
    text: `${body.summary} ${body.link}`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: line } }],
  };
}
