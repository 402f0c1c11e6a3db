/**
 * The one time zone rule (decision 0033) and the picker by country and city: what a person
 * picked beats what their browser reports, which beats UTC; forged values are ignored; the
 * picker offers only current zones, each under its country, each one a real zone.
 */
import { getAllTimezones } from "countries-and-timezones";
import { describe, expect, it } from "vitest";
import { chooseTimeZone, isValidTimeZone } from "../../../domain/time-zones";
import {
  isPickableTimeZone,
  labelTimeZone,
  pickerValueFor,
  placeOfTimeZone,
  timeZoneCountries,
} from "../../../domain/time-zone-picker";
import { emailDateTime, TIME_ZONE_LINE, timeZoneName } from "../../../domain/vocabulary";

describe("chooseTimeZone", () => {
  it("a zone picked on the account page beats the browser's", () => {
    expect(chooseTimeZone({ chosen: "Europe/Paris", browser: "Asia/Tokyo" })).toEqual({ zone: "Europe/Paris", source: "chosen" });
  });
  it("the browser's zone when nothing was picked", () => {
    expect(chooseTimeZone({ chosen: null, browser: "Asia/Tokyo" })).toEqual({ zone: "Asia/Tokyo", source: "browser" });
  });
  it("UTC when neither is known", () => {
    expect(chooseTimeZone({})).toEqual({ zone: "UTC", source: "default" });
  });
  it.each([["Mars/Olympus"], [""], ["x".repeat(100)], [42], [{ zone: "Europe/Paris" }], ["Europe/Paris; Secure"]])(
    "ignores a forged value (%j) and falls through to the next",
    (forged) => {
      expect(chooseTimeZone({ chosen: forged, browser: "Asia/Tokyo" })).toEqual({ zone: "Asia/Tokyo", source: "browser" });
      expect(chooseTimeZone({ chosen: forged, browser: forged })).toEqual({ zone: "UTC", source: "default" });
    },
  );
});

describe("the picker", () => {
  const countries = timeZoneCountries();
  const values = countries.flatMap((c) => c.places.map((p) => p.id));
  const citiesOf = (country: string) => countries.find((c) => c.country === country)?.places.map((p) => p.city);

  it("lists Paris under France, New York and Los Angeles under the United States", () => {
    expect(countries.find((c) => c.country === "France")?.places).toContainEqual({ id: "Europe/Paris", city: "Paris" });
    expect(citiesOf("United States of America")).toEqual(expect.arrayContaining(["New York", "Los Angeles", "Chicago"]));
  });

  it("names a city in a state or region by both ('Knox, Indiana'), but not the country twice", () => {
    expect(citiesOf("United States of America")).toContain("Knox, Indiana");
    expect(citiesOf("Argentina")).toContain("Buenos Aires");
  });

  it("lists a country that keeps a neighbour's clock under its own city (Stockholm, not Berlin)", () => {
    expect(citiesOf("Sweden")).toEqual(["Stockholm"]);
    expect(citiesOf("Norway")).toEqual(["Oslo"]);
    expect(citiesOf("Germany")).toContain("Berlin");
  });

  it("offers no outdated name: no old alias, no old spelling, no zone without a country", () => {
    for (const old of [
      "US/Pacific",
      "Asia/Calcutta",
      "Europe/Kiev",
      "Asia/Saigon",
      "Africa/Asmera",
      "Pacific/Truk",
      "GB",
      "Etc/GMT+5",
    ])
      expect(values, old).not.toContain(old);
    // An id that tz keeps only as another name for a zone of the same country is a rename.
    const all = getAllTimezones({ deprecated: true }) as Record<string, { aliasOf?: string | null; countries: string[] }>;
    const renames = values.filter((id) => {
      const target = all[id]?.aliasOf;
      return target && all[target]?.countries.some((c) => all[id]!.countries.includes(c) && all[target]!.countries[0] === c);
    });
    expect(renames).toEqual([]);
  });

  it("every value is a real zone the browser and the server both know", () => {
    expect(values.length).toBeGreaterThan(300);
    for (const id of values) expect(isValidTimeZone(id), id).toBe(true);
  });

  it("sorts countries by name, and cities by name within each", () => {
    const names = countries.map((c) => c.country);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    for (const c of countries) {
      const cities = c.places.map((p) => p.city);
      expect(cities, c.country).toEqual([...cities].sort((a, b) => a.localeCompare(b, "en")));
    }
  });

  it("accepts exactly its own values and UTC", () => {
    expect(isPickableTimeZone("UTC")).toBe(true);
    expect(isPickableTimeZone("Europe/Paris")).toBe(true);
    // Real zones, but not offered: refused like any other value the list doesn't have.
    expect(isPickableTimeZone("US/Pacific")).toBe(false);
    expect(isPickableTimeZone("Etc/GMT+5")).toBe(false);
    expect(isPickableTimeZone("Mars/Olympus")).toBe(false);
    expect(isPickableTimeZone(undefined)).toBe(false);
  });

  it("preselects the current zone for an old id a browser may report", () => {
    expect(pickerValueFor("Asia/Calcutta")).toBe("Asia/Kolkata");
    expect(pickerValueFor("Europe/Paris")).toBe("Europe/Paris");
    expect(pickerValueFor("Etc/GMT+5")).toBe("UTC");
  });
});

describe("naming a zone", () => {
  it("by its city, an old id by the current one's, UTC as UTC", () => {
    expect(placeOfTimeZone("Europe/Paris")).toBe("Paris");
    expect(placeOfTimeZone("Asia/Calcutta")).toBe("Kolkata");
    expect(timeZoneName(labelTimeZone("Europe/Paris"))).toBe("Paris time");
    expect(timeZoneName(labelTimeZone("UTC"))).toBe("UTC");
    expect(timeZoneName(labelTimeZone("Etc/UTC"))).toBe("UTC");
    expect(timeZoneName(labelTimeZone("Etc/GMT+5"))).toBe("Etc/GMT+5");
  });

  it("the page's one line names the zone and its id", () => {
    expect(TIME_ZONE_LINE.shownIn(labelTimeZone("Europe/Paris"))).toBe("Times are shown in Paris time (Europe/Paris).");
    expect(TIME_ZONE_LINE.shownIn(labelTimeZone("UTC"))).toBe("Times are shown in UTC.");
  });

  it("emails name the zone after the time, the same way in every zone", () => {
    const at = Date.UTC(2026, 11, 3, 13, 5);
    expect(emailDateTime(at, "Europe/Paris")).toMatch(/^3 December 2026.* 14:05 \(Paris time\)$/);
    expect(emailDateTime(at, "UTC")).toMatch(/^3 December 2026.* 13:05 \(UTC\)$/);
    expect(emailDateTime(at, "America/New_York")).toMatch(/ 08:05 \(New York time\)$/);
  });
});
