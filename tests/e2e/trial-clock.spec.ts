import { expect, moveClock, test, uniqueEmail } from "./support/fixtures";

const DAY = 24 * 60 * 60 * 1000;

test.describe("trial countdown follows the app's clock", () => {
  test.afterEach(async ({ page }) => moveClock(page, { reset: true }));

  test("days left, the last day, and the end", async ({ page, login }) => {
    await login({ email: uniqueEmail("clock"), name: "Clock Watcher" });
    await page.goto("/account");
    await expect(page.getByTestId("trial-countdown")).toHaveText("14 days left in your trial");

    await moveClock(page, { advanceMs: 12 * DAY });
    await page.reload();
    await expect(page.getByTestId("trial-countdown")).toHaveText("2 days left in your trial");

    await moveClock(page, { advanceMs: 2 * DAY - 60_000 });
    await page.reload();
    await expect(page.getByTestId("trial-countdown")).toHaveText("Your trial ends today");

    await moveClock(page, { advanceMs: 120_000 });
    await page.reload();
    await expect(page.getByTestId("trial-countdown")).toHaveText("Your trial has ended");
  });
});
