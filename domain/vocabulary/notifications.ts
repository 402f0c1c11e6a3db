// The words of the notification settings: updates sent to the customer's own service and
// to Slack. Plain words only: "address", "link", "update", "signing key".
import type { DestinationProblem } from "../notifications/destination";
import type { NotificationKind } from "../email/statuses";
import { NOTIFICATION_EVENT_TYPES, TEST_EVENT_TYPE } from "../notifications/events";

export const NOTIFICATIONS_PAGE = Object.freeze({
  title: "Updates to your own service and Slack",
  heading: "Updates to your own service and Slack",
  lede: "Besides our emails, Harbor can tell your own systems and a Slack channel what happens on your account: a trial ending, a payment that didn't go through, a workspace paused.",
  linkFromAccount: "Send updates to your own service or Slack",
  serviceHeading: "Send updates to your own service",
  serviceIntro:
    "We send each update to this address as a signed message your developers can read and check. It must start with https://",
  serviceLabel: "Address of your service",
  serviceExample: "https://example.com/harbor-updates",
  saveService: "Save address",
  slackHeading: "Slack",
  slackIntro:
    "Post a short line to a Slack channel for each update. In Slack, create an app that posts to a channel, then copy its link here (it starts with https://hooks.slack.com/services/).",
  slackLabel: "Slack link",
  slackExample: "https://hooks.slack.com/services/…",
  saveSlack: "Save Slack link",
  replaceHint: "Saving a new one replaces the current one.",
  sendingTo: "Sending to",
  slackChannel: (host: string) => `A Slack channel (through ${host})`,
  savedService: "Saved. We'll send updates to this address.",
  savedSlack: "Saved. We'll post updates to this Slack channel.",
  secretLabel: "Signing key",
  secretHint:
    "Copy this key now: we show it only once. Each update carries a signature made with this key from its id, its time and its text, so your service can check it really came from Harbor.",
  checkHow: "How your developers can check the signature",
  sendTest: "Send a test",
  testSent: "A test is on its way. It shows in the list below in a moment.",
  turnBackOn: "Turn back on",
  turnedBackOn: "Turned back on. We'll send the next update there.",
  remove: "Remove",
  removed: "Removed. We won't send updates there any more.",
  removeAsk: "Stop sending updates there?",
  removeAskLines: [
    "We stop sending updates to this address at once.",
    "Its signing key is deleted; adding the address again gives it a new one.",
  ],
  removeYes: "Yes, remove it",
  turnedOff: "We stopped sending here because 5 tries in a row didn't arrive. Check that it works, then turn it back on.",
  notFound: "We couldn't find that. Please reload the page and try again.",
  logHeading: "Recent updates",
  logEmpty: "Nothing sent here yet.",
  logWhen: "When",
  logWhat: "Update",
  logOutcome: "What happened",
  logTries: "Tries",
  backToAccount: "Your account",
});

/** Why an address was not saved. */
export const DESTINATION_PROBLEM_WORDS: Readonly<Record<DestinationProblem, string>> = Object.freeze({
  missing: "Please paste the address.",
  too_long: "This address is too long. Please check it.",
  not_a_link: "This doesn't look like a web address. It should start with https://",
  has_login: "Please leave the name and password out of the address.",
  not_secure: "The address must start with https:// so updates travel safely.",
  private_address:
    "This address points inside a private network, which Harbor can't reach. Please use an address on the public internet.",
  not_slack: "This isn't a Slack link. It should start with https://hooks.slack.com/services/",
});

/** One row of the log: what happened to an update, in plain words. */
export const DELIVERY_OUTCOMES = Object.freeze({
  delivered: "Arrived",
  pending: "On its way",
  retrying: "Didn't arrive yet, trying again",
  failed: "Didn't arrive",
  answeredWith: (code: number) => `answered with code ${code}`,
  noAnswer: "no answer in time",
  unreachable: "couldn't be reached",
  turnedOff: "not sent, sending was turned off",
});

/** Each update's name in the log. */
export const NOTIFICATION_EVENT_NAMES: Readonly<Record<string, string>> = Object.freeze({
  [NOTIFICATION_EVENT_TYPES.welcome]: "Account opened",
  [NOTIFICATION_EVENT_TYPES["trial-ending"]]: "Trial ending soon",
  [NOTIFICATION_EVENT_TYPES["trial-ended"]]: "Trial ended",
  [NOTIFICATION_EVENT_TYPES["subscription-started"]]: "Plan started",
  [NOTIFICATION_EVENT_TYPES["payment-failed"]]: "Payment didn't go through",
  [NOTIFICATION_EVENT_TYPES["payment-needs-confirming"]]: "Payment needs confirming",
  [NOTIFICATION_EVENT_TYPES["card-expiring"]]: "Card expiring",
  [NOTIFICATION_EVENT_TYPES["workspaces-paused"]]: "Workspaces paused",
  [NOTIFICATION_EVENT_TYPES["deletion-warning"]]: "Workspace to be deleted",
  [NOTIFICATION_EVENT_TYPES["workspace-deleted"]]: "Workspace deleted",
  [NOTIFICATION_EVENT_TYPES["payment-received"]]: "Payment received",
  [NOTIFICATION_EVENT_TYPES["cancellation-scheduled"]]: "Plan set to end",
  [NOTIFICATION_EVENT_TYPES["cancellation-reverted"]]: "Plan kept",
  [NOTIFICATION_EVENT_TYPES["subscription-ended"]]: "Plan ended",
  [NOTIFICATION_EVENT_TYPES["plan-downgraded"]]: "Moved to a smaller plan",
  [NOTIFICATION_EVENT_TYPES["plan-upgraded"]]: "Moved to a bigger plan",
  [NOTIFICATION_EVENT_TYPES["workspace-trouble"]]: "Workspace having trouble",
  [NOTIFICATION_EVENT_TYPES["workspace-recovered"]]: "Workspace back to normal",
  [NOTIFICATION_EVENT_TYPES["deployment-expiring"]]: "Site going offline tomorrow",
  [NOTIFICATION_EVENT_TYPES.invitation]: "Invitation sent",
  [NOTIFICATION_EVENT_TYPES["invitation-accepted"]]: "Invitation accepted",
  [NOTIFICATION_EVENT_TYPES["member-removed"]]: "Removed from a workspace",
  [TEST_EVENT_TYPE]: "Test",
});

export function notificationEventName(type: string): string {
  return NOTIFICATION_EVENT_NAMES[type] ?? type;
}

export const NOTIFICATION_KIND_NAMES: Readonly<Record<NotificationKind, string>> = Object.freeze({
  webhook: "your own service",
  slack: "Slack",
});

/** Across every page while a destination was switched off after failures. */
export const NOTIFICATION_BANNER = Object.freeze({
  text: (kinds: string[]) => `We stopped sending updates to ${kinds.join(" and ")} because they kept not arriving.`,
  action: "Check and turn back on",
});

/** What the test and Slack messages say. */
export const NOTIFICATION_MESSAGES = Object.freeze({
  testSummary: "This is a test from Harbor. If you can read it, updates will arrive here.",
  openHarbor: "Open Harbor",
});
