import type { Page } from "@playwright/test";
import { localWorld } from "../../scripts/local-world.ts";
import { expect, readyWorkspace, test, uniqueEmail } from "./support/fixtures";

/**
 * People (issue 15), with JavaScript on and off: the owner invites someone by email, the
 * invitation arrives in the dev inbox, they sign in through the Google stand-in from its link
 * and accept, see the workspace, are made an admin, then removed — and get the not-found page.
 */
const resend = `http://localhost:${localWorld("test").resendPort}`;

async function invitationLink(page: Page, to: string): Promise<string> {
  let link = "";
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`${resend}/inbox.json?to=${encodeURIComponent(to)}`);
        const mails = ((await res.json()) as { data: { text: string | null }[] }).data;
        link = /https?:\/\/[^\s)]+\/invitations\/[A-Za-z0-9_-]{43}/.exec(mails[0]?.text ?? "")?.[0] ?? "";
        return link;
      },
      { timeout: 15_000, intervals: [250, 500, 1000] },
    )
    .not.toBe("");
  return link;
}

test.describe("people", () => {
  test("invite by email → accept after signing in → made admin → removed, and then it's not found", async ({
    page,
    browser,
    expectAccessible,
  }) => {
    test.setTimeout(90_000);
    const base = await readyWorkspace(page, "teamlead");
    const email = uniqueEmail("teammate");

    await page.getByRole("link", { name: "People", exact: true }).click();
    await expect(page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
    await page.getByLabel("Their email address").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByTestId("form-done")).toHaveText(`Invitation sent to ${email}. It works for 7 days.`);
    await expect(page.getByTestId("invitation-row")).toContainText(email);
    await expectAccessible(page);

    const link = await invitationLink(page, email);
    const theirs = await browser.newContext({ javaScriptEnabled: test.info().project.use.javaScriptEnabled });
    const them = await theirs.newPage();
    await them.goto(link);
    await expect(them.getByRole("heading", { level: 1 })).toContainText("invited you to teamlead space");
    await them.getByRole("button", { name: "Continue with Google" }).click();
    await them.getByLabel("Email").fill(email);
    await them.getByLabel("Name").fill("Tess Teammate");
    await them.getByRole("button", { name: "Continue" }).click();
    // Back on the invitation, signed in with its address.
    await expect(them).toHaveURL(link);
    await them.getByRole("button", { name: "Join the workspace" }).click();
    await expect(them).toHaveURL(new RegExp(`${base}$`));
    await expect(them.getByTestId("flash-notice")).toHaveText("Welcome to teamlead space.");

    await page.reload();
    const row = page.getByTestId("member-row").filter({ hasText: "Tess Teammate" });
    await expect(row.getByTestId("member-role")).toHaveText("Member");
    await row.getByRole("button", { name: /Make admin/ }).click();
    await expect(page.getByText("Tess Teammate is now an admin.")).toBeVisible();
    await expect(page.getByTestId("member-row").filter({ hasText: "Tess Teammate" }).getByTestId("member-role")).toHaveText(
      "Admin",
    );

    await page
      .getByTestId("member-row")
      .filter({ hasText: "Tess Teammate" })
      .getByRole("button", { name: /Remove/ })
      .click();
    await expect(page.getByTestId("confirm-step")).toContainText("Remove Tess Teammate from this workspace?");
    await page.getByTestId("confirm-yes").click();
    await expect(page.getByTestId("flash-notice")).toHaveText("Removed Tess Teammate. They no longer have access.");

    const gone = await them.goto(base);
    expect(gone?.status()).toBe(404);
    await expect(them.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
    await theirs.close();
  });
});
