// Time zones: which names are real IANA zones, and which one a person's dates are shown in.
// Pure (Intl only), so the account form checks the same way in the browser and on the
// server (docs/decisions/0033-one-time-zone-rule.md).

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

/** A zone and the city it is named for (null: UTC, or an id with no place in it): what the words need. */
export interface ZoneLabel {
  id: string;
  place: string | null;
}

const UTC_NAMES = new Set([
  "UTC",
  "Etc/UTC",
  "Etc/UCT",
  "UCT",
  "Etc/GMT",
  "GMT",
  "Etc/Universal",
  "Universal",
  "Etc/Zulu",
  "Zulu",
]);

/**
 * The place a zone id names, read from the id alone: "Europe/Paris" → "Paris",
 * "America/Indiana/Knox" → "Knox, Indiana" ("Salta", not "Salta, Argentina", under
 * Argentina). Null for UTC and ids with no place in them ("Etc/GMT+5"). The picker names
 * old ids by their current zone (labelTimeZone); this needs no data, for emails.
 */
export function placeInZoneId(id: string, country?: string): string | null {
  if (UTC_NAMES.has(id) || id.startsWith("Etc/") || !id.includes("/")) return null;
  const parts = id.split("/").map((p) => p.replaceAll("_", " "));
  const city = parts.at(-1)!;
  const region = parts.length > 2 ? parts.at(-2)! : null;
  return region && region !== country ? `${city}, ${region}` : city;
}
