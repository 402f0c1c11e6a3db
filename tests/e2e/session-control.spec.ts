import { expect, loginWith, signInAs, test, uniqueEmail } from "./support/fixtures";

/**
 * The other journeys sign in with `login()` (POST /__test/session) instead of the Google
 * stand-in's chooser. This proves that shortcut gives what a real first sign-in gives: the
 * same session cookie, the same new account (signup plan, trial), and an account the real
 * Google sign-in later finds again.
 */
test.describe("the session test control signs in as the Google callback does @js-only", () => {
  test("same cookie, same new account, and Google finds that account again", async ({ browser, page }) => {
    // The real way in, for comparison.
    await signInAs(page, { email: uniqueEmail("real"), name: "Real Signer" });
    const realCookies = await page.context().cookies();
    const real = realCookies.find((c) => c.name.endsWith("session_token"))!;
    expect(real, JSON.stringify(realCookies.map((c) => c.name))).toBeDefined();

    const context = await browser.newContext();
    const direct = await context.newPage();
    const email = uniqueEmail("direct");
    const account = await loginWith(context.request, { email, name: "Direct Signer" });
    expect(account).toMatchObject({ email, name: "Direct Signer", planId: "trial@1" });
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).toEqual([real.name]);
    const cookie = cookies[0]!;
    // Same attributes; a signed value of the same shape (token.signature); a lifetime that
    // ends within a minute of the real one's.
    for (const key of ["domain", "path", "httpOnly", "secure", "sameSite"] as const) expect(cookie[key], key).toBe(real[key]);
    const signedToken = /^[A-Za-z0-9]{32}\.[A-Za-z0-9+/]{43}=$/;
    expect(decodeURIComponent(real.value)).toMatch(signedToken);
    expect(decodeURIComponent(cookie.value)).toMatch(signedToken);
    expect(Math.abs(cookie.expires - real.expires)).toBeLessThan(60);

    // The account is a new one on the trial, like the real one.
    await direct.goto("/account");
    await expect(direct.getByTestId("account-name")).toHaveText("Direct Signer");
    await expect(direct.getByTestId("account-email")).toHaveText(email);
    await expect(direct.getByTestId("account-plan")).toHaveText("Trial");
    await expect(direct.getByTestId("trial-countdown")).toHaveText("14 days left in your trial");
    await page.goto("/account");
    await expect(page.getByTestId("account-plan")).toHaveText("Trial");
    await expect(page.getByTestId("trial-countdown")).toHaveText("14 days left in your trial");

    // The same email again is the same account; with a plan id, it is on that plan.
    expect((await loginWith(context.request, { email, name: "Direct Signer" })).id).toBe(account.id);
    const upgraded = await loginWith(context.request, { email, name: "Direct Signer", planId: "pro@1" });
    expect(upgraded).toMatchObject({ id: account.id, planId: "pro@1", trialEndsAt: null });
    await direct.reload();
    await expect(direct.getByTestId("account-plan")).toHaveText("Pro");
    await expect(direct.getByTestId("trial-countdown")).toHaveCount(0);
    expect((await context.request.post("/__test/session", { data: { email, name: "x", planId: "gold@9" } })).status()).toBe(400);
    await context.close();

    // Signing in with Google as that person later lands in the same account.
    const later = await browser.newContext();
    const again = await later.newPage();
    await signInAs(again, { email, name: "Direct Signer" });
    await again.goto("/account");
    await expect(again.getByTestId("account-email")).toHaveText(email);
    await expect(again.getByTestId("account-plan")).toHaveText("Pro");
    await later.close();
  });
});
