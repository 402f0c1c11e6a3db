/** What the notification settings page shows: each destination, whether it is switched off, its recent log. */
import type { NotificationKind } from "../../../domain/email/statuses";
import { DELIVERY_LOG_LENGTH } from "../../../domain/notifications/events";
import { DELIVERY_OUTCOMES as O, notificationEventName, NOTIFICATIONS_PAGE as P } from "../../../domain/vocabulary";
import type { RequestContext } from "../../../server/bindings/request-context";
import { hostOf } from "../../../server/notifications/deliver";
import { deliveryLog, endpointsOfAccount, type DeliveryRow } from "../../../server/notifications/repository";
import { formatDate } from "../../lib/format-date";

export interface DestinationView {
  id: string;
  /** The service's address; for Slack only its host (the link is a secret, kept sealed). */
  shown: string;
  turnedOff: boolean;
  log: { id: string; when: string; whenIso: string; what: string; outcome: string; tries: number }[];
}

export async function notificationSettings(
  rc: RequestContext,
  accountId: string,
): Promise<Record<NotificationKind, DestinationView | null>> {
  const endpoints = await endpointsOfAccount(rc.db, accountId);
  const out: Record<NotificationKind, DestinationView | null> = { webhook: null, slack: null };
  await Promise.all(
    endpoints.map(async (e) => {
      const rows = await deliveryLog(rc.db, e.id, DELIVERY_LOG_LENGTH);
      out[e.kind] = {
        id: e.id,
        shown: e.kind === "slack" ? P.slackChannel(hostOf(e.url)) : e.url,
        turnedOff: e.disabledAt !== null,
        log: rows.map((d) => ({
          id: d.id,
          when: formatDate(d.createdAt, rc.timeZone, "datetime"),
          whenIso: d.createdAt.toISOString(),
          what: notificationEventName(d.eventType),
          outcome: outcomeWords(d),
          tries: d.attempts,
        })),
      };
    }),
  );
  return out;
}

/** "Arrived", "Didn't arrive · answered with code 500"… */
export function outcomeWords(d: Pick<DeliveryRow, "status" | "attempts" | "lastError" | "lastStatusCode">): string {
  if (d.status === "delivered") return O.delivered;
  const detail =
    d.lastError === "status" && d.lastStatusCode !== null
      ? O.answeredWith(d.lastStatusCode)
      : d.lastError === "timeout"
        ? O.noAnswer
        : d.lastError === "network"
          ? O.unreachable
          : d.lastError === "disabled"
            ? O.turnedOff
            : null;
  const head = d.status === "failed" ? O.failed : d.attempts > 0 ? O.retrying : O.pending;
  return detail ? `${head} · ${detail}` : head;
}
