import { expect, test, uniqueEmail } from "./support/fixtures";

test.describe("a new person signs in with Google, sees their profile and trial, signs out", () => {
  test("journey", async ({ page, expectAccessible }) => {
    const email = uniqueEmail("journey");
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "Put your websites and apps online in minutes" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("button", { name: "Start free trial" }).click();
    // The Google stand-in's account chooser: type any email and name.
    await expect(page.getByRole("heading", { name: "Choose an account" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill("Marie Curie");
    await page.getByRole("button", { name: "Continue" }).click();

    // New accounts land on their (empty) dashboard, with the trial countdown.
    await expect(page).toHaveURL(/\/workspaces$/);
    await expect(page.getByTestId("trial-countdown")).toContainText("14 days left in your trial");
    await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Marie Curie" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText("Marie Curie");
    await expect(page.getByTestId("account-email")).toHaveText(email);
    await expect(page.getByTestId("trial-countdown")).toHaveText("14 days left in your trial");
    await expect(page.getByTestId("account-plan")).toHaveText("Trial");
    const picture = page.getByRole("img", { name: "Profile picture of Marie Curie" });
    await expect(picture).toBeVisible();
    // The picture is served (checked over HTTP: page scripts may be switched off).
    const pictureResponse = await page.request.get((await picture.getAttribute("src"))!);
    expect(pictureResponse.status()).toBe(200);
    expect(pictureResponse.headers()["content-type"]).toContain("image/");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out of Harbor" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount$/);
    await expect(page.getByRole("heading", { name: "Sign in to Harbor" })).toBeVisible();
    await expectAccessible(page);
  });

  test("a known test account, then back to the page that asked for sign-in", async ({ page }) => {
    await page.goto("/account");
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByRole("button", { name: "Continue with Google" }).click();
    await page.getByRole("button", { name: /Grace Hopper/ }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByTestId("account-name")).toHaveText("Grace Hopper");
  });

  test("cancelling at Google comes back with a calm note, not an error", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Continue with Google" }).click();
    await page.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByRole("status").filter({ hasText: "You didn't sign in" })).toContainText(
      "You didn't sign in. You can try again whenever you like.",
    );
    await expect(page.getByRole("alert")).toHaveCount(0);
  });
});
