import { expect, readyWorkspace, test } from "./support/fixtures";

test.describe("deployments from the dashboard", () => {
  test("deploy a static site, open its live link, follow its log, delete it", async ({ page, browser, expectAccessible }) => {
    const base = await readyWorkspace(page, "deployer");
    await page.getByRole("link", { name: "Deployments", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Nothing online yet" })).toBeVisible();
    await page.getByRole("link", { name: "New deployment" }).click();
    await expect(page.getByRole("heading", { name: "New deployment" })).toBeVisible();
    await expectAccessible(page);

    // Upload a folder as a .zip (the file input works with and without JavaScript).
    const upload = page.getByRole("region", { name: "Upload your project" });
    await upload.getByLabel("Name", { exact: true }).fill("launch-page");
    await upload
      .getByLabel("File")
      .setInputFiles({ name: "index.html", mimeType: "text/html", buffer: Buffer.from("<h1>We are live</h1>") });
    await upload.getByRole("button", { name: "Put it online" }).click();

    await expect(page).toHaveURL(new RegExp(`${base}/deployments/[0-9a-v]{20}$`));
    await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });
    await expectAccessible(page);
    const liveUrl = await page.getByTestId("live-link").getAttribute("href");
    expect(liveUrl).toMatch(/^http:\/\/launch-page\.inst-[0-9a-z]+\.localhost:\d+$/);

    // The live link really serves the site (a separate visitor).
    const visitor = await browser.newContext();
    const site = await visitor.newPage();
    await site.goto(liveUrl!);
    await expect(site.getByRole("heading", { name: "We are live" })).toBeVisible();

    // The activity log shows the visit: live with JavaScript, after a refresh without.
    await page.getByRole("link", { name: "See its activity log" }).click();
    await expect(page.getByRole("heading", { name: /Activity log/ })).toBeVisible();
    await site.reload();
    await visitor.close();
    if (test.info().project.use.javaScriptEnabled) {
      await expect(page.getByTestId("log-live")).toBeVisible();
    } else {
      await page.getByRole("link", { name: "Refresh" }).click();
    }
    await expect(page.getByTestId("log-lines")).toContainText("A visit to / · Shown", { timeout: 10_000 });
    // Each line once: as many as the server has (history, then live lines, never the history twice).
    const shown = (await page.getByTestId("log-lines").innerText()).split("\n").filter(Boolean);
    const ssr = await (await page.request.get(page.url())).text();
    const kept = (/data-testid="log-raw"[^>]*>([\s\S]*?)<\/pre>/.exec(ssr)?.[1] ?? "").split("\n").filter(Boolean);
    expect(shown.length).toBe(kept.length);
    await page.getByText("Show the lines exactly as they were written").click();
    await expect(page.getByTestId("log-raw")).toContainText('"GET / HTTP/1.1" 200');
    await expectAccessible(page);

    await page.getByRole("link", { name: "Back to the deployment" }).click();
    await page.getByRole("button", { name: "Delete deployment" }).click();
    await expect(page.getByTestId("confirm-step")).toContainText("Delete launch-page?");
    await page.getByTestId("confirm-yes").click();
    await expect(page).toHaveURL(new RegExp(`${base}/deployments$`));
    await expect(page.getByTestId("flash-notice")).toHaveText("Deleted launch-page.");
    await expect(page.getByRole("heading", { name: "Nothing online yet" })).toBeVisible();
  });

  // Without JavaScript, pasting code is the newcomer journey's; new versions and bad uploads are the workerd tests'.
  test("paste code, redeploy it, edit details, and see bad uploads explained @js-only", async ({ page }) => {
    await readyWorkspace(page, "paster");
    await page.getByRole("link", { name: "Deployments", exact: true }).click();
    await page.getByRole("link", { name: "New deployment" }).click();
    await expect(page.getByRole("heading", { name: "New deployment" })).toBeVisible();

    const upload = page.getByRole("region", { name: "Upload your project" });
    await upload.getByLabel("Name", { exact: true }).fill("broken-upload");
    await upload
      .getByLabel("File")
      .setInputFiles({ name: "site.zip", mimeType: "application/zip", buffer: Buffer.from("PK\u0003\u0004 not really a zip") });
    await upload.getByRole("button", { name: "Put it online" }).click();
    await expect(page.getByTestId("form-error")).toContainText("We couldn't open that .zip or .tar.gz");

    const paste = page.getByRole("region", { name: "Or paste code" });
    await paste.getByLabel("Name", { exact: true }).fill("pasted");
    await paste.getByLabel("Code").fill("<p>first</p>");
    await paste.getByRole("button", { name: "Put it online" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });

    await page.getByLabel("Title").fill("Pasted page");
    await page.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("heading", { name: "Pasted page", level: 1 })).toBeVisible();

    await page
      .getByLabel(/File \(.zip/)
      .setInputFiles({ name: "index.html", mimeType: "text/html", buffer: Buffer.from("<p>second</p>") });
    await page.getByRole("button", { name: "Upload new version" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText(/Updating|Live/);
    await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });
  });

  // Without JavaScript, setting a visitor password is the newcomer journey's.
  test("ask visitors for a password: a bad one is explained beside its field, a stranger is turned away @js-only", async ({
    page,
    browser,
  }) => {
    await readyWorkspace(page, "guard");
    await page.getByRole("link", { name: "Deployments", exact: true }).click();
    await page.getByRole("link", { name: "New deployment" }).click();
    const paste = page.getByRole("region", { name: "Or paste code" });
    await paste.getByLabel("Name", { exact: true }).fill("members-page");
    await paste.getByLabel("Code").fill("<h1>Members only</h1>");
    await paste.getByRole("button", { name: "Put it online" }).click();
    await expect(page.getByTestId("deployment-status")).toHaveText("Live", { timeout: 15_000 });
    const liveUrl = (await page.getByTestId("live-link").getAttribute("href"))!;
    await expect(page.getByTestId("visitor-access")).toHaveText("Everyone");

    const protect = page.getByRole("region", { name: "Who may visit" });
    const setPassword = async (password: string) => {
      await protect.getByLabel("People with a username and password").check();
      await protect.getByLabel("Username (for a password)").fill("guest");
      await protect.getByLabel("Password (at least 8 characters)").fill(password);
      await protect.getByRole("button", { name: "Save who may visit" }).click();
    };
    await setPassword("short");
    await expect(protect.getByTestId("form-error")).toHaveText("Please check the highlighted fields.");
    await expect(protect.getByLabel("Password (at least 8 characters)")).toHaveAttribute("aria-invalid", "true");
    await expect(protect.getByLabel("Password (at least 8 characters)")).toHaveAccessibleDescription(
      "Choose a password of at least 8 characters.",
    );
    await expect(page.getByTestId("visitor-access")).toHaveText("Everyone");

    await setPassword("long-enough");
    await expect(protect.getByTestId("form-done")).toHaveText("Who may visit has been updated.");
    await expect(page.getByTestId("visitor-access")).toHaveText("People with a username and password (username guest)");

    const stranger = await browser.newContext();
    // A real browser visit (Chromium resolves *.localhost; Node's resolver does not). The site
    // answers 401 with a challenge; headless Chromium, having no credentials, gives up on it.
    await expect((await stranger.newPage()).goto(liveUrl)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    await stranger.close();
    const guest = await browser.newContext({ httpCredentials: { username: "guest", password: "long-enough" } });
    const site = await guest.newPage();
    await site.goto(liveUrl);
    await expect(site.getByRole("heading", { name: "Members only" })).toBeVisible();
    await guest.close();
  });
});
