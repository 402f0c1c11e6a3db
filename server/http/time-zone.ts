/**
 * Which time zone to show dates in, decided on the server so pages are right without
 * JavaScript (docs/decisions/0008-time-zones.md): the person's own choice (cookie, set
 * from the account page or quietly by the browser when JavaScript runs), then the zone
 * Cloudflare derives from the visitor's connection, then UTC.
 */
import { isValidTimeZone } from "../../domain/time-zones";
import { readCookie } from "./cookies";

export { isValidTimeZone, readCookie };

export const TIME_ZONE_COOKIE = "harbor_tz";

export function resolveTimeZone(request: Request): string {
  const fromCookie = readCookie(request.headers.get("cookie"), TIME_ZONE_COOKIE);
  if (isValidTimeZone(fromCookie)) return fromCookie;
  const cf = (request as Request & { cf?: { timezone?: unknown } }).cf;
  if (isValidTimeZone(cf?.timezone)) return cf.timezone;
  return "UTC";
}

export function timeZoneCookie(tz: string, secure: boolean): string {
  return `${TIME_ZONE_COOKIE}=${encodeURIComponent(tz)}; Path=/; Max-Age=31536000; SameSite=Lax${secure ? "; Secure" : ""}`;
}
