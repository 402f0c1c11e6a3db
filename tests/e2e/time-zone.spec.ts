import { expect, test } from "./support/fixtures";

/**
 * One time zone rule, with and without JavaScript (decision 0033): the zone picked on the
 * account page, else the one the browser reports, else UTC; said once per page, never on
 * each date. The browser here is in Tokyo.
 */
test.use({ timezoneId: "Asia/Tokyo" });

test.describe("the time zone", () => {
  test("a picked zone holds on every page; 'Use my device's time zone' goes back", async ({ page, login, expectAccessible }) => {
    const jsOn = test.info().project.use.javaScriptEnabled !== false;
    await login();
    await page.goto("/account");
    const line = page.getByTestId("time-zone-line");
    // With JavaScript the browser says where it is; without, nothing is guessed.
    await expect(line).toHaveText(jsOn ? /Times are shown in Tokyo time \(Asia\/Tokyo\)\./ : /Times are shown in UTC\./);
    await expectAccessible(page);

    await page.getByLabel("Show times in").selectOption("Europe/Paris");
    await page.getByRole("button", { name: "Save time zone" }).click();
    await expect(page.getByTestId("flash-notice")).toHaveText("Saved. Times are now shown in Paris time (Europe/Paris).");
    await expect(line).toHaveText(/Times are shown in Paris time \(Europe\/Paris\)\./);
    await expect(page.getByLabel("Show times in")).toHaveValue("Europe/Paris");
    await page.goto("/workspaces");
    await expect(line).toHaveText(/Paris time \(Europe\/Paris\)/);

    await line.getByRole("link", { name: "Change time zone" }).click();
    await expect(page).toHaveURL(/\/account#time-zone-settings$/);
    await page.getByRole("button", { name: "Use my device's time zone" }).click();
    await expect(page.getByTestId("flash-notice")).toHaveText(
      jsOn
        ? "Saved. Times now follow your device's time zone: Tokyo time (Asia/Tokyo)."
        : "Saved. Times now follow your device's time zone, and are shown in UTC until your browser tells us which it is.",
    );
    await expect(line).toHaveText(jsOn ? /Tokyo time \(Asia\/Tokyo\)/ : /Times are shown in UTC\./);
    await expect(page.getByRole("button", { name: "Use my device's time zone" })).toHaveCount(0);
  });

  test("after travel the browser's new zone is used, unless one was picked @js-only", async ({ browser, page, login }) => {
    await login();
    await page.goto("/workspaces");
    await expect(page.getByTestId("time-zone-line")).toHaveText(/Tokyo time/);

    // The same person, signed in, now in New York.
    const abroad = await browser.newContext({
      storageState: await page.context().storageState(),
      timezoneId: "America/New_York",
    });
    const there = await abroad.newPage();
    await there.goto("/workspaces");
    await expect(there.getByTestId("time-zone-line")).toHaveText(/New York time \(America\/New_York\)/);

    // A picked zone is kept while travelling.
    await there.goto("/account");
    await there.getByLabel("Show times in").selectOption("Asia/Tokyo");
    await there.getByRole("button", { name: "Save time zone" }).click();
    await expect(there.getByTestId("time-zone-line")).toHaveText(/Tokyo time/);
    await there.reload();
    await expect(there.getByTestId("time-zone-line")).toHaveText(/Tokyo time/);
    await abroad.close();
  });
});
