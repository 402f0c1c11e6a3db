/**
 * The time zone on the account page (decision 0033), through the real Worker: one rule for
 * every page (the zone picked here, else the browser's, else UTC), said once per page, a
 * picker by country and city, "Use my device's time zone" to go back, and bad or forged
 * values that change nothing and never break a page.
 */
import { describe, expect, it } from "vitest";
import type { AppClient } from "./support/app-client";
import { signedIn } from "./support/fixtures";

/** The page's text as a person reads it (React escapes apostrophes). */
async function textOf(res: Response): Promise<string> {
  return (await res.text()).replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&amp;", "&");
}

/** Posts a form and follows its redirect, as a browser without JavaScript does. */
async function postAndFollow(client: AppClient, form: Record<string, string>) {
  const res = await client.fetch("/account", { form });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/account");
  return textOf(await client.fetch("/account"));
}

const selected = (html: string) =>
  html
    .match(/<option[^>]*selected[^>]*value="([^"]+)"|<option[^>]*value="([^"]+)"[^>]*selected/)
    ?.slice(1)
    .find(Boolean);

describe("the time zone (account page)", () => {
  it("UTC, said once, until the browser tells us; then the browser's zone", async () => {
    const person = await signedIn();
    const first = await textOf(await person.client.fetch("/account"));
    expect(first).toContain("Times are shown in UTC.");
    // The line's link lands on the card that changes it.
    expect(first).toContain('href="/account#time-zone-settings"');
    expect(first).toContain('id="time-zone-settings"');
    expect(first).toContain("shown in UTC until your browser tells us its time zone");
    // Dates carry no zone name of their own.
    expect(first).not.toMatch(/\b(?:GMT|CET|CEST|UTC)[+-]?\d*<\/time>/);

    person.client.cookies.set("harbor_tz_browser", encodeURIComponent("Asia/Tokyo"));
    const later = await textOf(await person.client.fetch("/account"));
    expect(later).toContain("Times are shown in Tokyo time (Asia/Tokyo).");
    expect(later).toContain("Tokyo time (Asia/Tokyo), your device's time zone");
    expect(selected(later)).toBe("Asia/Tokyo");
    // Every signed-in page says it, not only the account page.
    expect(await textOf(await person.client.fetch("/workspaces"))).toContain("Times are shown in Tokyo time (Asia/Tokyo).");
  });

  it("the picker lists cities under their countries, UTC first, no outdated names", async () => {
    const person = await signedIn();
    const html = await textOf(await person.client.fetch("/account"));
    expect(html).toMatch(/<select[^>]*><option value="UTC"[^>]*>UTC<\/option><optgroup label="Afghanistan">/);
    expect(html).toMatch(/<optgroup label="France"><option value="Europe\/Paris"[^>]*>Paris<\/option><\/optgroup>/);
    expect(html).not.toContain('value="US/Pacific"');
    expect(html).not.toContain('value="Asia/Calcutta"');
  });

  it("a picked zone beats the browser's, on every page; 'Use my device's time zone' goes back", async () => {
    const person = await signedIn();
    person.client.cookies.set("harbor_tz_browser", encodeURIComponent("Asia/Tokyo"));

    const saved = await postAndFollow(person.client, { intent: "time-zone", timeZone: "Europe/Paris" });
    expect(saved).toContain("Saved. Times are now shown in Paris time (Europe/Paris).");
    expect(saved).toContain("Paris time (Europe/Paris), which you chose here.");
    expect(saved).toContain("Times are shown in Paris time (Europe/Paris).");
    expect(selected(saved)).toBe("Europe/Paris");
    expect(saved).toContain('data-testid="use-device-time-zone"');
    expect(await textOf(await person.client.fetch("/workspaces"))).toContain("Times are shown in Paris time (Europe/Paris).");

    const back = await postAndFollow(person.client, { intent: "time-zone-device" });
    expect(person.client.cookies.has("harbor_tz")).toBe(false);
    expect(back).toContain("Saved. Times now follow your device's time zone: Tokyo time (Asia/Tokyo).");
    expect(back).toContain("Times are shown in Tokyo time (Asia/Tokyo).");
    expect(back).not.toContain('data-testid="use-device-time-zone"');
  });

  it("without a browser zone, going back to the device says UTC until it is known", async () => {
    const person = await signedIn();
    await postAndFollow(person.client, { intent: "time-zone", timeZone: "America/New_York" });
    const back = await postAndFollow(person.client, { intent: "time-zone-device" });
    expect(back).toContain("shown in UTC until your browser tells us which it is");
    expect(back).toContain("Times are shown in UTC.");
  });

  it.each([
    ["a zone not in the list (an outdated name)", "US/Pacific"],
    ["not a zone at all", "Mars/Olympus"],
    ["empty", ""],
  ])("refuses %s with a plain message, and changes nothing", async (_label, timeZone) => {
    const person = await signedIn();
    await postAndFollow(person.client, { intent: "time-zone", timeZone: "Europe/Paris" });
    const res = await person.client.fetch("/account", { form: { intent: "time-zone", timeZone } });
    expect(res.status).toBe(400);
    expect(await textOf(res)).toContain("Please choose a time zone from the list.");
    expect(person.client.cookies.get("harbor_tz")).toBe(encodeURIComponent("Europe/Paris"));
    expect(await textOf(await person.client.fetch("/account"))).toContain("Times are shown in Paris time (Europe/Paris).");
  });

  it("forged cookies never break a page: they are ignored", async () => {
    const person = await signedIn();
    person.client.cookies.set("harbor_tz", "Mars%2FOlympus");
    person.client.cookies.set("harbor_tz_browser", "%E0%A4%A");
    const res = await person.client.fetch("/account");
    expect(res.status).toBe(200);
    expect(await textOf(res)).toContain("Times are shown in UTC.");
  });

  it("the plan card names the plan once, under its heading", async () => {
    const person = await signedIn();
    const html = await textOf(await person.client.fetch("/account"));
    expect(html).toContain('<h2 id="plan-heading">Plan</h2>');
    expect(html).not.toContain("<dt>Plan</dt>");
    expect(html).toMatch(/data-testid="account-plan">Trial</);
  });
});
