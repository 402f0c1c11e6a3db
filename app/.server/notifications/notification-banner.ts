/** The layout's banner while one of the account's notification destinations is switched off after failures. */
import type { NotificationKind } from "../../../domain/email/statuses";
import type { RequestContext } from "../../../server/bindings/request-context";
import { disabledKindsOfAccount } from "../../../server/notifications/repository";

/** One small indexed read per signed-in page; a failure only hides the banner. */
export async function notificationBanner(rc: RequestContext, accountId: string): Promise<NotificationKind[] | null> {
  try {
    const kinds = await disabledKindsOfAccount(rc.db, accountId);
    return kinds.length > 0 ? kinds : null;
  } catch (error) {
    rc.log.warn("notification.banner_unavailable", { error });
    return null;
  }
}
