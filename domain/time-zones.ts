// Time zones: which names are real IANA zones. Pure (Intl only), so the account form checks
// the same way in the browser and on the server (docs/decisions/0008-time-zones.md).

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
