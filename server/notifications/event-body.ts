/**
 * The JSON an account's own service receives for each event (and that Slack's short line
 * is made from). Stable field names in snake_case: customers' code reads them.
 */
import type { EmailKind } from "../../domain/email/catalog";
import { notificationEventType, type NotificationEventType } from "../../domain/notifications/events";

/** One thing that happened, as the email pipeline (or the test button) hands it over. */
export interface NotificationOccurrence {
  /** The outbox row it tells about; null for a test. */
  outboxId: string | null;
  accountId: string;
  kind: EmailKind | "test";
  /** The email's subject line (kept for Slack's fallback text). */
  subject: string;
  /** One plain sentence: what happened. */
  summary: string;
  /** Where in Harbor to act on it (absolute). */
  link: string;
  workspaces: { id: string; name: string; url: string }[];
  occurredAt: Date;
}

export interface NotificationEventBody {
  id: string;
  type: NotificationEventType;
  occurred_at: string;
  account: { id: string; name: string };
  workspaces: { id: string; name: string; url: string }[];
  summary: string;
  link: string;
}

export function eventTypeOf(kind: NotificationOccurrence["kind"]): NotificationEventType {
  return kind === "test" ? "test" : notificationEventType(kind);
}

export function buildEventBody(
  eventId: string,
  occurrence: NotificationOccurrence,
  account: { id: string; name: string },
): NotificationEventBody {
  return {
    id: eventId,
    type: eventTypeOf(occurrence.kind),
    occurred_at: occurrence.occurredAt.toISOString(),
    account: { id: account.id, name: account.name },
    workspaces: occurrence.workspaces.map((w) => ({ id: w.id, name: w.name, url: w.url })),
    summary: occurrence.summary,
    link: occurrence.link,
  };
}
