import { expect, signInAs, test, uniqueEmail } from "./support/fixtures";

test.describe("another account's workspace", () => {
  test("answers 404 on every route to a second account", async ({ browser, page }) => {
    await signInAs(page, { email: uniqueEmail("first"), name: "First Owner" });
    await page.goto("/workspaces/new");
    await page.getByLabel("Name").fill("Private space");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page).toHaveURL(/\/workspaces\/private-space(-\d+)?$/);
    const path = new URL(page.url()).pathname;

    const context = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled });
    const intruder = await context.newPage();
    await signInAs(intruder, { email: uniqueEmail("second"), name: "Second Person" });
    await expect(intruder.getByRole("link", { name: "Private space" })).toHaveCount(0);

    const view = await intruder.goto(path);
    expect(view!.status()).toBe(404);
    await expect(intruder.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    const forms: Record<string, string>[] = [
      { intent: "rename", name: "Taken over" },
      { intent: "delete", confirmName: "Private space" },
      { intent: "retry" },
    ];
    for (const form of forms) {
      const res = await intruder.request.post(path, { form, headers: { Origin: new URL(intruder.url()).origin } });
      expect(res.status(), JSON.stringify(form)).toBe(404);
    }
    expect((await intruder.request.get(`${path}.data`)).status()).toBe(404);
    await context.close();

    // The owner's workspace is untouched.
    await page.reload();
    await expect(page.getByRole("heading", { name: "Private space" })).toBeVisible();
  });
});
