import { expect, loginWith, test, uniqueEmail } from "./support/fixtures";

test.describe("another account's workspace", () => {
  test("answers 404 on every route to a second account", async ({ browser, page, login }) => {
    await login({ email: uniqueEmail("first"), name: "First Owner" });
    await page.goto("/workspaces/new");
    await page.getByLabel("Name").fill("Private space");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await expect(page).toHaveURL(/\/workspaces\/private-space(-\d+)?$/);
    const path = new URL(page.url()).pathname;

    const context = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled });
    const intruder = await context.newPage();
    await loginWith(context.request, { email: uniqueEmail("second"), name: "Second Person" });
    await intruder.goto("/workspaces");
    await expect(intruder.getByRole("link", { name: "Private space" })).toHaveCount(0);

    const view = await intruder.goto(path);
    expect(view!.status()).toBe(404);
    await expect(intruder.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    const forms: Record<string, string>[] = [
      { intent: "rename", name: "Taken over" },
      { intent: "delete", confirmed: "yes" },
      { intent: "retry" },
    ];
    for (const form of forms) {
      // Where the workspace page's forms post (its index route's action).
      const res = await intruder.request.post(`${path}?index`, { form, headers: { Origin: new URL(intruder.url()).origin } });
      expect(res.status(), JSON.stringify(form)).toBe(404);
    }
    expect((await intruder.request.get(`${path}.data`)).status()).toBe(404);
    await context.close();

    // The owner's workspace is untouched. Seen in a fresh tab: the first one may still be
    // refreshing itself (without JavaScript, a meta refresh while the workspace sets up), and a
    // reload racing that refresh fails.
    const owner = await page.context().newPage();
    await owner.goto(path);
    await expect(owner.getByRole("heading", { name: "Private space" })).toBeVisible();
  });
});
