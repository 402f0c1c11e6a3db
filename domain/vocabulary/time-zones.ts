// The words about time zones: the one line each page shows ("Times are shown in Paris time
// (Europe/Paris)"), the account page's picker, and how a zone is named in emails. Dates
// themselves carry no zone name on pages: the zone is said once (decision 0033). The zone
// arrives already labelled (labelTimeZone in domain/time-zone-picker.ts), so these words
// don't bring the picker's data into every page's script.
import type { ZoneLabel } from "../time-zones";

/** "Paris time", "UTC", or the id itself when it names no place ("Etc/GMT+5"). */
export function timeZoneName(zone: ZoneLabel): string {
  if (zone.place) return `${zone.place} time`;
  return zone.id === "Etc/UTC" || zone.id === "Etc/GMT" ? "UTC" : zone.id;
}

/** "Paris time (Europe/Paris)"; just "UTC" when that says it all. */
function nameWithId(zone: ZoneLabel): string {
  const name = timeZoneName(zone);
  return name === zone.id || name === "UTC" ? name : `${name} (${zone.id})`;
}

/** The line under every signed-in page. */
export const TIME_ZONE_LINE = Object.freeze({
  shownIn: (zone: ZoneLabel) => `Times are shown in ${nameWithId(zone)}.`,
  change: "Change time zone",
});

/** The time zone card on the account page. */
export const TIME_ZONE_CARD = Object.freeze({
  heading: "Time zone",
  chosen: (zone: ZoneLabel) => `Times on Harbor are shown in ${nameWithId(zone)}, which you chose here.`,
  browser: (zone: ZoneLabel) =>
    `Times on Harbor are shown in ${nameWithId(zone)}, your device's time zone. Choose one below to keep it when you travel.`,
  none: "Times on Harbor are shown in UTC until your browser tells us its time zone. You can also choose one below.",
  showTimesIn: "Show times in",
  utc: "UTC",
  save: "Save time zone",
  useDevice: "Use my device's time zone",
  unknown: "Please choose a time zone from the list.",
  saved: (zone: ZoneLabel) => `Saved. Times are now shown in ${nameWithId(zone)}.`,
  followingDevice: (zone: ZoneLabel) => `Saved. Times now follow your device's time zone: ${nameWithId(zone)}.`,
  followingDeviceSoon:
    "Saved. Times now follow your device's time zone, and are shown in UTC until your browser tells us which it is.",
});
