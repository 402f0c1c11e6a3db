import { expect, fireCron, moveClock, test, uniqueEmail } from "./support/fixtures";

const DAY = 24 * 60 * 60 * 1000;

test.describe("when the trial ends", () => {
  test.afterEach(async ({ page }) => moveClock(page, { reset: true }));

  test("the hourly sweep pauses every workspace, and the page says why and what next", async ({ page, login }) => {
    await login({ email: uniqueEmail("expiring"), name: "Eve Expiring" });
    await page.goto("/workspaces/new");
    await page.getByLabel("Name").fill("Short lived");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.locator(".status")).toHaveText("Ready", { timeout: 10_000 });
    await expect(page.getByText(/It will pause when the free trial ends, on/)).toBeVisible();

    await moveClock(page, { advanceMs: 15 * DAY });
    await fireCron(page, "0 * * * *");

    await page.goto("/workspaces");
    await expect(page.getByTestId("trial-countdown")).toHaveText(/Your trial has ended/);
    await expect(page.locator(".status")).toHaveText("Paused", { timeout: 10_000 });
    await page.getByRole("link", { name: "Short lived" }).click();
    await expect(page.getByTestId("status-description")).toHaveText(
      "Your free trial has ended, so this workspace is paused. Your work is kept safe; choose a plan to switch it back on.",
    );
    await expect(page.getByTestId("timeline")).toContainText("Paused because the free trial ended.");
  });
});
