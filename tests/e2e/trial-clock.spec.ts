import { expect, moveClock, test, uniqueEmail } from "./support/fixtures";

const DAY = 24 * 60 * 60 * 1000;

test.describe("trial countdown follows the app's clock", () => {
  test.afterEach(async ({ page }) => moveClock(page, { reset: true }));

  test("days left, the last day, and the end", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Continue with Google" }).click();
    await page.getByLabel("Email").fill(uniqueEmail("clock"));
    await page.getByLabel("Name").fill("Clock Watcher");
    await page.getByRole("button", { name: "Continue" }).click();
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
