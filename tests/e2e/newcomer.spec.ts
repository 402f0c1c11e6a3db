import { expect, test, uniqueEmail } from "./support/fixtures";
import { payOnCheckout } from "./support/checkout";

/**
 * A newcomer's whole first visit, the way they would make it, once with JavaScript and once
 * without (the two projects): from the home page through Google (the stand-in) to a
 * workspace, a first site from the overview, a password for its visitors, an access key for
 * the berth tool, a sandbox made a deployment, a plan bought and changed, and the workspace
 * deleted. Every action ends with a message; everything irreversible asks once.
 * `npm run e2e:full` also runs it at a phone's size with screenshots.
 */
test.use({ timezoneId: "UTC" });

test.describe("a newcomer", () => {
  test("signs in → creates → first site → visitor password → access key → sandbox → promote → upgrade → change plan → delete", async ({
    page,
    expectAccessible,
  }) => {
    test.setTimeout(150_000);
    const email = uniqueEmail("newcomer");

    await test.step("the home page says what Harbor is and starts a trial through Google", async () => {
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page);
      await page.getByRole("button", { name: "Start free trial" }).first().click();
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Name").fill("Nora Newcomer");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/workspaces$/);
    });

    await test.step("creates a workspace and sees it become ready", async () => {
      await page.getByRole("link", { name: "Create your first workspace" }).click();
      await page.getByLabel("Name").fill("Nora Studio");
      await page.getByRole("button", { name: "Create workspace" }).click();
      await expect(page.locator("#status-heading .status")).toHaveText("Ready", { timeout: 20_000 });
      await expect(page.getByTestId("checklist")).toBeVisible();
    });

    await test.step("puts a first site online from the overview", async () => {
      const box = page.getByTestId("first-site");
      await box.getByLabel("Name", { exact: true }).fill("nora-hello");
      await box.getByRole("button", { name: "Put it online" }).click();
      await expect(page).toHaveURL(/\/deployments\/[0-9a-v]{20}$/);
      await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });
      await expect(page.getByTestId("visit")).toBeVisible();
      await expect(page.getByTestId("lifetime")).toHaveText("Stays online until you delete it.");
      await expectAccessible(page);
    });

    await test.step("asks its visitors for a password", async () => {
      const protect = page.getByRole("region", { name: "Who may visit" });
      await protect.getByLabel("People with a username and password").check();
      await protect.getByLabel("Username (for a password)").fill("friends");
      await protect.getByLabel("Password (at least 8 characters)").fill("open-sesame");
      await protect.getByRole("button", { name: "Save who may visit" }).click();
      await expect(protect.getByTestId("form-done")).toHaveText("Who may visit has been updated.");
    });

    await test.step("makes an access key for the berth tool", async () => {
      await page.getByRole("link", { name: "Access keys", exact: true }).click();
      await page.getByLabel("Who or what is it for?").fill("laptop");
      await page.getByRole("button", { name: "Create key" }).click();
      await expect(page.getByTestId("cli-commands")).toContainText("berth");
      // Two of the first steps are done on the overview now, and the third.
      await page.getByRole("link", { name: "Overview", exact: true }).click();
      await expect(page.getByTestId("checklist")).toHaveCount(0);
      await expect(page.getByTestId("deployment-row")).toHaveCount(1);
    });

    await test.step("tries code in a sandbox, then makes it a deployment after being told the address changes", async () => {
      await page.getByRole("link", { name: "Deployments", exact: true }).click();
      await page.getByRole("link", { name: "New sandbox" }).click();
      await page.getByLabel("Name", { exact: true }).fill("scratch");
      await page.getByLabel("Its contents").fill("<p>trying things</p>");
      await page.getByRole("button", { name: "Start the sandbox" }).click();
      await expect(page.getByTestId("sandbox-status")).toHaveText("Live", { timeout: 20_000 });
      await expect(page.getByTestId("lifetime")).toContainText("Goes offline in");
      await page.getByRole("button", { name: "Make it a deployment" }).click();
      await expect(page.getByTestId("confirm-step")).toContainText("Its address changes");
      await page.getByTestId("confirm-yes").click();
      await expect(page.getByTestId("flash-notice")).toContainText("It's now a deployment.");
    });

    await test.step("chooses a plan and pays through Checkout", async () => {
      await page.goto("/pricing");
      await page.getByRole("link", { name: "Choose Hobby" }).click();
      await expect(page.getByRole("heading", { name: "Choose the Hobby plan" })).toBeVisible();
      await payOnCheckout(page, "Hobby");
    });

    await test.step("changes to a bigger plan", async () => {
      await page.goto("/account/billing");
      await page.getByRole("link", { name: "Change plan" }).click();
      await page.getByLabel(/^Pro · /).check();
      await page.getByRole("button", { name: "Show what changes" }).click();
      await page.getByRole("button", { name: "Switch to Pro" }).click();
      await expect(page.getByTestId("billing-notice")).toHaveText("You're now on the Pro plan.", { timeout: 15_000 });
    });

    await test.step("deletes the workspace, after being asked once", async () => {
      await page.getByRole("link", { name: "Workspaces", exact: true }).click();
      await page.getByRole("link", { name: "Nora Studio" }).click();
      await page.getByRole("link", { name: "Settings", exact: true }).click();
      await page.getByRole("button", { name: "Delete workspace" }).click();
      await expect(page.getByTestId("confirm-step")).toContainText("Delete the workspace Nora Studio?");
      await page.getByTestId("confirm-yes").click();
      await expect(page).toHaveURL(/\/workspaces$/);
      await expect(page.getByTestId("flash-notice")).toHaveText("Deleted workspace Nora Studio.");
    });
  });
});
