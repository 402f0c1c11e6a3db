import { useEffect } from "react";
import { useRevalidator } from "react-router";

/**
 * With JavaScript on, tell the server the browser's own time zone once (a cookie), so
 * dates match the person's clock even when Cloudflare's guess is off. Without
 * JavaScript the server's guess stands (docs/decisions/0008-time-zones.md).
 */
export function TimeZoneSync({ serverTimeZone }: { serverTimeZone: string }) {
  const revalidator = useRevalidator();
  useEffect(() => {
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!browserZone || browserZone === serverTimeZone || document.cookie.includes("harbor_tz=")) return;
    const secure = location.protocol === "https:" ? "; Secure" : "";
    document.cookie = `harbor_tz=${encodeURIComponent(browserZone)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
    revalidator.revalidate();
  }, [serverTimeZone]);
  return null;
}
