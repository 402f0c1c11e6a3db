import { expect, test, uniqueEmail } from "./support/fixtures";

test.describe("a workspace from start to finish", () => {
  // Without JavaScript: creating and deleting is the newcomer journey's; renaming is the workerd tests'.
  test("create → Setting up → Ready → rename → delete @js-only", async ({ page, login, expectAccessible }) => {
    await login({ email: uniqueEmail("builder"), name: "Bob Builder" });
    await page.goto("/workspaces");
    await page.getByRole("link", { name: "Create your first workspace" }).click();
    await expect(page.getByRole("heading", { name: "New workspace" })).toBeVisible();
    await expectAccessible(page);

    await page.getByLabel("Name").fill("Café Étoile");
    await page.getByLabel(/United States/).check();
    await page.getByRole("button", { name: "Create workspace" }).click();

    // The action returns at once; the page follows the workspace until it is ready.
    await expect(page).toHaveURL(/\/workspaces\/cafe-etoile$/);
    await expect(page.getByRole("heading", { name: "Café Étoile" })).toBeVisible();
    await expect(page.locator(".status")).toHaveText(/Setting up|Ready/);
    await expect(page.locator(".status")).toHaveText("Ready", { timeout: 10_000 });
    await expect(page.getByTestId("status-description")).toHaveText("Your workspace is up and running.");
    await expect(page.getByTestId("timeline")).toContainText("Workspace created.");
    await expect(page.getByTestId("timeline")).toContainText("It's ready to use.");
    await expect(page.getByText("United States (US)")).toBeVisible();
    await expectAccessible(page);

    // Renaming and deleting live on Settings; each ends with a message.
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    // (The overview has a Name field too, for a first site: wait for Settings to be there.)
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("Café Lune");
    await page.getByRole("button", { name: "Save name" }).click();
    await expect(page.getByTestId("flash-notice")).toHaveText("Renamed to Café Lune.");
    await expect(page).toHaveURL(/\/workspaces\/cafe-etoile\/settings$/);
    await page.getByRole("link", { name: "Overview", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Café Lune", level: 1 })).toBeVisible();
    await expect(page.getByTestId("timeline")).toContainText("It was given a new name.");

    // Deleting asks once, saying what goes; "No, keep it" changes nothing.
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await page.getByRole("button", { name: "Delete workspace" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText("Delete the workspace Café Lune?");
    await expectAccessible(page);
    await page.getByTestId("confirm-no").click();
    await expect(page.getByTestId("confirm-step")).toHaveCount(0);
    await page.getByRole("button", { name: "Delete workspace" }).click();
    await page.getByTestId("confirm-yes").click();
    await expect(page).toHaveURL(/\/workspaces$/);
    await expect(page.getByTestId("flash-notice")).toHaveText("Deleted workspace Café Lune.");
    // Deleting, then gone from the list (the page keeps itself fresh meanwhile).
    await expect(page.getByRole("heading", { name: "No workspaces yet" })).toBeVisible({ timeout: 10_000 });
    await expectAccessible(page);
  });

  test("bad input keeps what was typed and explains", async ({ page, login }) => {
    await login({ email: uniqueEmail("typo"), name: "Tess Typo" });
    await page.goto("/workspaces/new");
    await page.getByLabel("Name").fill("x".repeat(61));
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page.getByText("Please keep the name to 60 characters or fewer.")).toBeVisible();
    await expect(page.getByLabel("Name")).toHaveValue("x".repeat(61));
  });
});
