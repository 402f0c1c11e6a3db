import { expect, readyWorkspace, test } from "./support/fixtures";

test.describe("access keys, secrets and settings", () => {
  // Without JavaScript, making a key is the newcomer journey's and the one question is asked there too.
  test("create a key, copy it, replace it, remove it — with and without things in the way @js-only", async ({
    page,
    context,
    expectAccessible,
  }) => {
    await readyWorkspace(page, "keymaker");
    await page.getByRole("link", { name: "Access keys", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Access keys", level: 1 })).toBeVisible();
    await page.getByLabel("Who or what is it for?").fill("laptop");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = await page.getByTestId("one-time-value").inputValue();
    expect(key).toMatch(/^sc_[0-9a-f]{48}$/);
    await expect(page.getByTestId("cli-commands")).toContainText(`berth config set key ${key}`);
    await expect(page.getByTestId("cli-commands")).toContainText("berth config set server http://localhost:");
    await expectAccessible(page);
    if (test.info().project.use.javaScriptEnabled) {
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await page.getByRole("button", { name: "Copy", exact: true }).click();
      await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    }
    // Shown once: reloading the list doesn't show it again.
    await page.reload();
    await expect(page.getByText(key)).toHaveCount(0);

    // Put something in the way: the key deploys a site (as the CLI would).
    await page.getByRole("link", { name: "laptop" }).click();
    await page.getByRole("button", { name: "Replace key" }).click();
    // Asked once; the answer replaces it.
    await expect(page.getByRole("alertdialog", { name: "Replace laptop's key?" })).toBeVisible();
    await page.getByRole("button", { name: "Yes, replace the key" }).click();
    const newKey = await page.getByTestId("one-time-value").inputValue();
    expect(newKey).not.toBe(key);
    const endpoint = (await page.getByTestId("cli-commands").textContent())!.match(/server (\S+)/)![1]!;
    const old = await page.request.get(`${endpoint}/api/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect(old.status()).toBe(401);
    const deployed = await page.request.post(`${endpoint}/api/deploy/code`, {
      headers: { Authorization: `Bearer ${newKey}` },
      data: { name: "laptop-site", files: { "index.html": "from the CLI" } },
    });
    expect(deployed.status()).toBe(202);

    await page.getByRole("button", { name: "Remove laptop" }).click();
    await page.getByRole("button", { name: "Yes, remove laptop" }).click();
    await expect(page.getByTestId("user-blockers")).toContainText("1 deployment or sandbox");
    await expect(page.getByTestId("user-blockers")).toContainText("their berth tool stops working at once");
    await page.getByRole("button", { name: "Remove everything and laptop" }).click();
    await page.getByRole("button", { name: "Yes, remove everything and laptop" }).click();
    await expect(page).toHaveURL(/\/access-keys$/);
    await expect(page.getByTestId("flash-notice")).toHaveText("Removed laptop. Their key no longer works.");
    await expect(page.getByRole("link", { name: "laptop" })).toHaveCount(0);

    // Nothing in the way: asked once, then removed; "No, keep it" changes nothing.
    await page.getByLabel("Who or what is it for?").fill("ci-bot");
    await page.getByRole("button", { name: "Create key" }).click();
    await page.getByRole("link", { name: "ci-bot" }).click();
    await page.getByRole("button", { name: "Remove ci-bot" }).click();
    await page.getByRole("link", { name: "No, keep it" }).click();
    await expect(page.getByRole("heading", { name: "ci-bot", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Remove ci-bot" }).click();
    await page.getByRole("button", { name: "Yes, remove ci-bot" }).click();
    await expect(page).toHaveURL(/\/access-keys$/);
    await expect(page.getByText("No access keys yet.")).toBeVisible();
  });

  test("secrets: save one, see it listed without its value, delete it", async ({ page, expectAccessible }) => {
    await readyWorkspace(page, "secretive");
    await page.getByRole("link", { name: "Secrets", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Secrets", level: 1 })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("MAIL_API_KEY");
    await page.getByLabel("Value").fill("re_top_secret_value");
    await page.getByRole("button", { name: "Save secret" }).click();
    await expect(page.getByTestId("form-done")).toHaveText("Saved MAIL_API_KEY.");
    await expect(page.getByTestId("secret-row")).toContainText("MAIL_API_KEY");
    await expect(page.getByText("re_top_secret_value")).toHaveCount(0);
    // The form is empty again after it worked, with JavaScript on too.
    await expect(page.getByLabel("Value")).toHaveValue("");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Delete MAIL_API_KEY" }).click();
    await page.getByRole("button", { name: "Yes, delete it" }).click();
    await expect(page.getByTestId("form-done")).toHaveText("Deleted MAIL_API_KEY.");
    await expect(page.getByTestId("secret-row")).toHaveCount(0);
  });

  test("settings: defaults for new deployments and the network allowance", async ({ page, expectAccessible }) => {
    await readyWorkspace(page, "tuner");
    await page.getByRole("link", { name: "Settings", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("Memory").selectOption("256m");
    await page.getByLabel("Limit what each new deployment may send").check();
    await page.getByLabel("Allowance").selectOption("5g");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect(page.getByTestId("form-done")).toContainText("Settings saved.");
    await page.reload();
    await expect(page.getByLabel("Memory")).toHaveValue("256m");
    await expect(page.getByLabel("Allowance")).toHaveValue("5g");
  });
});
