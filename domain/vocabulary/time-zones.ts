// The words about time zones: the one line each page shows ("Times are shown in Paris time
// (Europe/Paris)"), the account page's picker, and how a zone is named in emails. Dates
// themselves carry no zone name on pages: the zone is said once (decision 0032).
import { placeOfTimeZone } from "../time-zone-picker";

/** "Paris time", "UTC", or the id itself when it names no place ("Etc/GMT+5"). */
export function timeZoneName(id: string): string {
  const place = placeOfTimeZone(id);
  if (place) return `${place} time`;
  return id === "Etc/UTC" ? "UTC" : id;
}

/** "Paris time (Europe/Paris)"; just "UTC" when that says it all. */
function nameWithId(id: string): string {
  const name = timeZoneName(id);
  return name === id || name === "UTC" ? name : `${name} (${id})`;
}

/** The line under every signed-in page. */
export const TIME_ZONE_LINE = Object.freeze({
  shownIn: (id: string) => `Times are shown in ${nameWithId(id)}.`,
  change: "Change time zone",
});

/** The time zone card on the account page. */
export const TIME_ZONE_CARD = Object.freeze({
  heading: "Time zone",
  chosen: (id: string) => `Times on Harbor are shown in ${nameWithId(id)}, which you chose here.`,
  browser: (id: string) =>
    `Times on Harbor are shown in ${nameWithId(id)}, your device's time zone. Choose one below to keep it when you travel.`,
  none: "Times on Harbor are shown in UTC until your browser tells us its time zone. You can also choose one below.",
  showTimesIn: "Show times in",
  utc: "UTC",
  save: "Save time zone",
  useDevice: "Use my device's time zone",
  unknown: "Please choose a time zone from the list.",
  saved: (id: string) => `Saved. Times are now shown in ${nameWithId(id)}.`,
  followingDevice: (id: string) => `Saved. Times now follow your device's time zone: ${nameWithId(id)}.`,
  followingDeviceSoon:
    "Saved. Times now follow your device's time zone, and are shown in UTC until your browser tells us which it is.",
});
