// Time zones: which names are real IANA zones, and which one a person's dates are shown in.
// Pure (Intl only), so the account form checks the same way in the browser and on the
// server (docs/decisions/0032-one-time-zone-rule.md).

export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Where the zone came from: picked on the account page, reported by the browser, or neither. */
export type TimeZoneSource = "chosen" | "browser" | "default";

export interface TimeZoneChoice {
  zone: string;
  source: TimeZoneSource;
}

/**
 * The one rule, the same with JavaScript on and off: a zone the person picked on the
 * account page wins (they meant it, even while travelling); else the zone their browser
 * last reported; else UTC, labelled as UTC. Values come from cookies anyone can forge, so
 * anything that isn't a real zone is ignored rather than trusted. No guess from the
 * connection: a guess shown as fact is worse than UTC said plainly.
 */
export function chooseTimeZone({ chosen, browser }: { chosen?: unknown; browser?: unknown }): TimeZoneChoice {
  if (isValidTimeZone(chosen)) return { zone: chosen, source: "chosen" };
  if (isValidTimeZone(browser)) return { zone: browser, source: "browser" };
  return { zone: "UTC", source: "default" };
}
