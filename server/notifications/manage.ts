/**
 * What the settings page does with an account's destinations: save (checked by
 * domain/notifications/destination.ts first, a new signing secret sealed for the account's
 * own service), send a test through the same queue path, turn back on, remove. Every
 * function takes the signed-in account's id: another account's destination is not found.
 */
import { checkDestination, type DestinationProblem } from "../../domain/notifications/destination";
import type { NotificationKind } from "../../domain/email/statuses";
import { NOTIFICATION_MESSAGES } from "../../domain/vocabulary";
import type { Services } from "../bindings/services";
import { seal } from "../crypto/envelope";
import { fanOutNotifications } from "./fan-out";
import { hostOf } from "./deliver";
import { claimEndpoint, endpointOfAccount, removeEndpoint, replaceEndpoint, turnEndpointBackOn } from "./repository";
import { generateSigningSecret, secretContext } from "./signing";

export type SaveResult = { ok: true; endpointId: string; secret: string | null } | { ok: false; problem: DestinationProblem };

export async function saveDestination(
  services: Services,
  accountId: string,
  kind: NotificationKind,
  rawUrl: string,
): Promise<SaveResult> {
  const checked = checkDestination(kind, rawUrl, { allowedTestOrigin: services.env.NOTIFICATION_TEST_ORIGIN });
  if (!checked.ok) return checked;
  // A Slack link is itself the secret: it is sealed whole, and only its redacted form is kept in the clear.
  const shownUrl = kind === "slack" ? redactedSlackUrl(checked.url) : checked.url;
  const endpointId = await claimEndpoint(services.db, accountId, kind, shownUrl);
  const secret = kind === "webhook" ? generateSigningSecret() : null;
  const sealed = await seal(secret ?? checked.url, await services.keyring(), secretContext(endpointId));
  await replaceEndpoint(services.db, endpointId, shownUrl, sealed);
  services.log.info("notification.endpoint_saved", { accountId, endpointId, kind, host: hostOf(checked.url) });
  return { ok: true, endpointId, secret };
}

/** A test event to one destination, through the queue like any other: false when not found. */
export async function sendTestNotification(
  services: Services,
  account: { id: string },
  endpointId: string,
  link: string,
): Promise<boolean> {
  const endpoint = await endpointOfAccount(services.db, account.id, endpointId);
  if (!endpoint) return false;
  const summary = NOTIFICATION_MESSAGES.testSummary;
  await fanOutNotifications(
    services,
    {
      outboxId: null,
      accountId: account.id,
      kind: "test",
      subject: summary,
      summary,
      link,
      workspaces: [],
      occurredAt: services.now(),
    },
    { onlyEndpointId: endpointId },
  );
  return true;
}

/** https://hooks.slack.com/services/T000/… : the team id stays, the rest (the part that lets anyone post) goes. */
export function redactedSlackUrl(url: string): string {
  const u = new URL(url);
  const team = u.pathname.split("/")[2] ?? "";
  return `${u.origin}/services/${team}/…`;
}

export async function turnBackOn(services: Services, accountId: string, endpointId: string): Promise<boolean> {
  const done = await turnEndpointBackOn(services.db, accountId, endpointId);
  if (done) services.log.info("notification.endpoint_turned_back_on", { accountId, endpointId });
  return done;
}

export async function removeDestination(services: Services, accountId: string, endpointId: string): Promise<boolean> {
  const done = await removeEndpoint(services.db, accountId, endpointId);
  if (done) services.log.info("notification.endpoint_removed", { accountId, endpointId });
  return done;
}

/** Whether this account has this destination (a foreign or unknown id is never asked about). */
export async function destinationOf(services: Services, accountId: string, endpointId: string): Promise<boolean> {
  return (await endpointOfAccount(services.db, accountId, endpointId)) !== null;
}
