// The time zones a person can pick, by country and city, from the countries-and-timezones
// data (pure data, no I/O). Only current names: a zone's old spelling or an old alias
// ("Asia/Calcutta", "US/Pacific", "Europe/Kiev") never appears. A country that shares a
// neighbour's clock is listed under its own city when tz has a name for it (Sweden →
// Stockholm, not Berlin), so nobody has to know whose clock theirs follows.
// docs/decisions/0033-one-time-zone-rule.md.
import { getAllCountries, getAllTimezones, type Timezone } from "countries-and-timezones";
import { placeInZoneId, type ZoneLabel } from "./time-zones";

export type { ZoneLabel };

export interface TimeZonePlace {
  /** The IANA id, what is stored and validated. */
  id: string;
  /** What a person reads: "Paris", "Knox, Indiana". */
  city: string;
}

export interface TimeZoneCountry {
  country: string;
  places: TimeZonePlace[];
}

// Read on first use, not at import: pages that import the vocabulary but never name a zone
// don't pay for the data.
let all: Record<string, Timezone> | null = null;
const zones = () => (all ??= getAllTimezones({ deprecated: true }) as Record<string, Timezone>);

const byName = (a: string, b: string) => a.localeCompare(b, "en");

/**
 * A zone another country keeps (Berlin, for Sweden) is offered under the local name tz
 * gives it (Europe/Stockholm). Where tz has several, its current spelling sorts first
 * (Africa/Asmara before Africa/Asmera, Pacific/Chuuk before Pacific/Truk).
 */
function localNameFor(zone: string, countryId: string): string | null {
  const names = Object.values(zones())
    .filter((t) => t.aliasOf === zone && t.name.includes("/") && t.countries.includes(countryId as never))
    .map((t) => t.name)
    .sort();
  return names[0] ?? null;
}

function build(): TimeZoneCountry[] {
  const groups: TimeZoneCountry[] = [];
  for (const country of Object.values(getAllCountries())) {
    const ids = new Set<string>();
    for (const zone of country.timezones) {
      const keptHere = zones()[zone]?.countries[0] === country.id;
      ids.add(keptHere ? zone : (localNameFor(zone, country.id) ?? zone));
    }
    if (ids.size === 0) continue;
    const places = [...ids].map((id) => ({ id, city: placeInZoneId(id, country.name)! })).sort((a, b) => byName(a.city, b.city));
    groups.push({ country: country.name, places });
  }
  return groups.sort((a, b) => byName(a.country, b.country));
}

let cached: TimeZoneCountry[] | null = null;

/** Countries by name, each with its cities by name. UTC is offered apart, before them. */
export function timeZoneCountries(): readonly TimeZoneCountry[] {
  return (cached ??= build());
}

let pickable: Set<string> | null = null;

/** A value the picker offers: UTC, or a zone listed under a country. */
export function isPickableTimeZone(id: unknown): id is string {
  pickable ??= new Set(["UTC", ...timeZoneCountries().flatMap((g) => g.places.map((p) => p.id))]);
  return typeof id === "string" && pickable.has(id);
}

/**
 * The city a zone is named for, to say "Paris time": its picker name, else the picker name
 * of the zone an old id stands for (a browser may report "Asia/Calcutta": Kolkata), else
 * the id's last part. Null for UTC and for ids with no place in them ("Etc/GMT+5").
 */
export function placeOfTimeZone(id: string): string | null {
  if (placeInZoneId(id) === null) return null;
  for (const candidate of [id, zones()[id]?.aliasOf]) {
    if (!candidate) continue;
    for (const group of timeZoneCountries()) {
      const place = group.places.find((p) => p.id === candidate);
      if (place) return place.city;
    }
  }
  return placeInZoneId(id);
}

/**
 * The picker's value for a zone: itself when offered, else the current zone an old id
 * stands for (a browser may say "Asia/Calcutta": Asia/Kolkata), else UTC.
 */
export function pickerValueFor(id: string): string {
  if (isPickableTimeZone(id)) return id;
  const alias = zones()[id]?.aliasOf;
  return alias && isPickableTimeZone(alias) ? alias : "UTC";
}

/** A zone labelled for the words (vocabulary/time-zones.ts), old ids named by the current zone's city. */
export function labelTimeZone(id: string): ZoneLabel {
  return { id, place: placeOfTimeZone(id) };
}
