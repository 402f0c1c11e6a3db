import { expect, readyWorkspace, test } from "./support/fixtures";

test.describe("sandboxes", () => {
  // Without JavaScript, creating and promoting a sandbox is the newcomer journey's (newcomer.spec.ts).
  test("create → push a file → run cat on it → promote @js-only", async ({ page, expectAccessible }) => {
    await readyWorkspace(page, "tinkerer");
    await page.getByRole("link", { name: "Deployments", exact: true }).click();
    await page.getByRole("link", { name: "New sandbox" }).click();
    await expect(page.getByRole("heading", { name: "New sandbox" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("playground");
    await page.getByLabel("Its contents").fill("<p>sandbox</p>");
    await page.getByRole("button", { name: "Start the sandbox" }).click();
    await expect(page.getByTestId("sandbox-status")).toHaveText("Live", { timeout: 15_000 });
    await expectAccessible(page);

    const files = page.getByRole("region", { name: "Files" });
    await files.getByLabel("File name").fill("notes.txt");
    await files.getByLabel("Contents").fill("written from the dashboard");
    await files.getByRole("button", { name: "Save file" }).click();
    await expect(page.getByTestId("form-done")).toHaveText("Saved notes.txt.");

    await page.getByRole("textbox", { name: "Command" }).fill("cat notes.txt");
    await page.getByRole("button", { name: "Run" }).click();
    await expect(page.getByTestId("command-output")).toContainText("written from the dashboard");

    // The command stays above what it printed; the new file is listed, openable to edit.
    await expect(page.getByRole("textbox", { name: "Command" })).toHaveValue("cat notes.txt");
    await expect(page.getByTestId("ran-command")).toContainText("cat notes.txt");
    await expect(page.getByTestId("sandbox-files").getByRole("link", { name: "Edit notes.txt" })).toBeVisible();

    // Promoting asks first and says the address changes.
    await page.getByRole("button", { name: "Make it a deployment" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText("Its address changes from sandbox-playground.");
    await expectAccessible(page);
    await page.getByTestId("confirm-yes").click();
    await expect(page).toHaveURL(/\/deployments\/[0-9a-v]{20}$/);
    await expect(page.getByTestId("flash-notice")).toContainText("It's now a deployment. Its address is playground.");
    await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });
  });
});
