/**
 * Which time zone to show dates in, decided on the server so pages are the same with and
 * without JavaScript (docs/decisions/0033-one-time-zone-rule.md): the zone picked on the
 * account page (`harbor_tz`), else the one the browser last reported (`harbor_tz_browser`,
 * written by app/components/time-zone-sync.tsx), else UTC. The rule itself is
 * `chooseTimeZone` in the domain; this file only reads and writes the cookies.
 */
import { chooseTimeZone, isValidTimeZone, type TimeZoneChoice } from "../../domain/time-zones";
import { readCookie } from "./cookies";

export { isValidTimeZone, readCookie };

/** The zone picked on the account page. */
export const TIME_ZONE_COOKIE = "harbor_tz";
/** The zone the browser reports; kept up to date by the page's script (after travel too). */
export const BROWSER_TIME_ZONE_COOKIE = "harbor_tz_browser";

const YEAR = 31536000;

export function timeZoneChoice(request: Request): TimeZoneChoice {
  const cookies = request.headers.get("cookie");
  return chooseTimeZone({
    chosen: readCookie(cookies, TIME_ZONE_COOKIE),
    browser: readCookie(cookies, BROWSER_TIME_ZONE_COOKIE),
  });
}

export function resolveTimeZone(request: Request): string {
  return timeZoneChoice(request).zone;
}

/** Keeps the zone picked on the account page. */
export function timeZoneCookie(tz: string, secure: boolean): string {
  return `${TIME_ZONE_COOKIE}=${encodeURIComponent(tz)}; Path=/; Max-Age=${YEAR}; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** Forgets the picked zone, so the browser's is used again. */
export function clearTimeZoneCookie(secure: boolean): string {
  return `${TIME_ZONE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax${secure ? "; Secure" : ""}`;
}
