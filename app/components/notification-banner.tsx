import { href, Link } from "react-router";
import { NOTIFICATION_BANNER, NOTIFICATION_KIND_NAMES } from "../../domain/vocabulary";
import type { NotificationKind } from "../../domain/email/statuses";

/** "We stopped sending updates to Slack…": a destination switched off after repeated failures. */
export function NotificationBanner({
  kinds,
  onSettingsPage = false,
}: {
  kinds: readonly NotificationKind[] | null;
  onSettingsPage?: boolean;
}) {
  if (!kinds || kinds.length === 0) return null;
  return (
    <div className="notice warn" role="alert" data-testid="notification-banner">
      <p>{NOTIFICATION_BANNER.text(kinds.map((k) => NOTIFICATION_KIND_NAMES[k]))}</p>
      {onSettingsPage ? null : (
        <p>
          <Link to={href("/account/notifications")}>{NOTIFICATION_BANNER.action}</Link>
        </p>
      )}
    </div>
  );
}
