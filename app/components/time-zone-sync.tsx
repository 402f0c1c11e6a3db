import { useEffect } from "react";
import { useRevalidator } from "react-router";

/** The cookie server/http/time-zone.ts reads as the browser's zone (BROWSER_TIME_ZONE_COOKIE). */
const COOKIE = "harbor_tz_browser";

function currentCookie(): string | null {
  const pair = document.cookie.split("; ").find((c) => c.startsWith(`${COOKIE}=`));
  if (!pair) return null;
  try {
    return decodeURIComponent(pair.slice(COOKIE.length + 1));
  } catch {
    return null;
  }
}

/**
 * With JavaScript on, tell the server the browser's own time zone, and again whenever it
 * changes (after travel). It is kept apart from the zone picked on the account page, which
 * wins when there is one (docs/decisions/0033-one-time-zone-rule.md). The page is reloaded
 * only when the dates on it would change.
 */
export function TimeZoneSync({ serverTimeZone }: { serverTimeZone: string }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browserZone || currentCookie() === browserZone) return;
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `${COOKIE}=${encodeURIComponent(browserZone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    if (browserZone !== serverTimeZone) revalidator.revalidate();
  }, [serverTimeZone]);
  return null;
}
